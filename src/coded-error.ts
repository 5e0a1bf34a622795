/**
 * The one error type of the bot (a code, a message for people, `retryable`, and a vendor and HTTP status when there
 * is one) and the list of its codes. The type itself lives in the domain (src/byoc/coded-error.ts), which throws it
 * too and may import nothing outside itself; every other layer imports it from here.
 */
import { DOMAIN_ERROR_CODES } from './byoc/coded-error.js';

export {
  CodedError,
  type CodedErrorInit,
  hasCode,
  isCodedError,
  type Vendor,
} from './byoc/coded-error.js';

/** The codes of the bot's own errors (vendors' codes are theirs). */
export const ERROR_CODES = {
  ...DOMAIN_ERROR_CODES,
  /** A job's payload does not fit its schema: a bug or a job from an older release; never retried. */
  invalidPayload: 'job.invalid-payload',
  /** No processor in jobs/ has the job's name; never retried. */
  unknownJob: 'job.unknown',
  /** This process cannot post to the platform a card is addressed to; never retried. */
  noDelivery: 'chat.no-delivery',
  /** Another replica's snapshot did not come within this job's time; retried. */
  snapshotWait: 'snapshot.wait-timeout',
  /** Genesys refused a change's write twice for a stale version: someone else keeps changing it; not retried. */
  changeConflict: 'change.conflict',
  /** What was approved no longer fits the vendor's state; not retried. */
  changeRefused: 'change.refused',
  /** GENESYS_* settings that cannot work (a region that is none, a missing secret). */
  genesysConfig: 'config.genesys',
  /** TWILIO_* settings that cannot work. */
  twilioConfig: 'config.twilio',
  /** The commands, jobs or actions the process starts with do not fit together (two of a name, a bad module). */
  startupDefinitions: 'startup.definitions',
  /** A reply target another platform made, or a malformed one: it never becomes deliverable; not retried. */
  wrongReplyTarget: 'chat.wrong-reply-target',
  /** No channel poster for the platform a channel setting names; not retried. */
  noChannelPoster: 'chat.no-channel-poster',
  /** The Teams token endpoint refused or did not answer. */
  teamsToken: 'teams.token',
  /** Another replica held a watch lock too long; retried. */
  watchLockTimeout: 'watch.lock-timeout',
  /** An approval's expiry job ran before the approval's time (clock skew between processes); retried. */
  expiryTooEarly: 'approval.expiry-too-early',
  /** A command line with a quote that is not closed. */
  unclosedQuote: 'command.unclosed-quote',
  /** A request body over the endpoint's limit. */
  bodyTooLarge: 'http.body-too-large',
  /** `byoc capture` cannot read a whole org (a vendor not configured or not answering). */
  captureIncomplete: 'capture.incomplete',
  /** BYOC_ACCESS_FILE cannot be read or does not fit its schema. */
  accessFile: 'config.access-file',
  /** Environment variables missing or invalid; the message names each with an example. Never retried. */
  invalidConfig: 'config.invalid',
  /** A Redis command got no answer in time (a frozen or overloaded Redis); retried. */
  redisTimeout: 'redis.timeout',
  /** No Redis answers at start and none could be started: the message says how to get one. */
  redisUnavailable: 'redis.unavailable',
  // An approval store's refusals (src/approvals/refusals.ts): returned, not thrown, and recorded in the audit as the
  // reason of a refused press, so they keep the spelling the audit already holds.
  /** No approval of this org has the id. */
  approvalNotFound: 'approval.notFound',
  /** Its time ran out before the press. */
  approvalExpired: 'approval.expired',
  /** The person who asked pressed Approve. */
  selfApproval: 'approval.selfApproval',
  /** Someone decided first, or the change already ran. */
  approvalNotPending: 'approval.notPending',
  /** An expiry before the approval's time. */
  approvalNotYetExpired: 'approval.notYetExpired',
  // The sandbox's own (src/sandbox): never met in a deployment.
  /** A scenario file with a mistake: the message names the file, the path in it and what was expected there. */
  scenario: 'sandbox.scenario',
  /** A scenario name that is no bundled scenario: the message lists them and the closest. */
  unknownScenario: 'sandbox.unknown-scenario',
  /** A fake Twilio route refusing a request; it answers with Twilio's error body, as Twilio would. */
  twilioFakeAnswer: 'sandbox.twilio-answer',
  /** A fake gave up waiting for the bot's answer (a test's, a benchmark's or a try-it endpoint's wait). */
  sandboxWaitTimeout: 'sandbox.wait-timeout',
  /** The bot did not ack a Socket Mode envelope within Slack's 3 s. */
  socketModeAckTimeout: 'sandbox.socket-mode-ack-timeout',
} as const;
