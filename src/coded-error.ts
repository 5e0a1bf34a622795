/**
 * The one error type of the bot, after bolt-js's `CodedError` (`@slack/bolt`, src/errors.ts: every error it throws
 * carries a `code` from one list): a stable code a program can test, a message a person can read, and whether
 * another attempt may succeed. A vendor's error also says which vendor and, when there was an answer, its HTTP
 * status. The retry policy reads `retryable` alone; cards read the message, which is built without secrets.
 */

/** Whose answer (or silence) an error reports. */
export type Vendor = 'genesys' | 'twilio' | 'slack' | 'teams';

export interface CodedErrorInit {
  /** Stable and dotted, e.g. `job.invalid-payload`, or the vendor's own code (`not.found`, `20404`). */
  code: string;
  /** For people: what went wrong, safe to show in chat. */
  message: string;
  /** Whether the same work may succeed if tried again later. */
  retryable: boolean;
  vendor?: Vendor;
  /** The vendor's HTTP status; 0 when it could not be reached at all. */
  status?: number;
  /** The vendor's id of the request (ININ-Correlation-Id, Twilio-Request-Id), to find it on their side. */
  correlationId?: string;
  cause?: unknown;
}

export class CodedError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly vendor?: Vendor;
  readonly status?: number;
  readonly correlationId?: string;

  constructor(init: CodedErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'CodedError';
    this.code = init.code;
    this.retryable = init.retryable;
    if (init.vendor !== undefined) this.vendor = init.vendor;
    if (init.status !== undefined) this.status = init.status;
    if (init.correlationId !== undefined) this.correlationId = init.correlationId;
  }
}

export function isCodedError(err: unknown): err is CodedError {
  return err instanceof CodedError;
}

/** True for a `CodedError` with this code. */
export function hasCode(err: unknown, code: string): err is CodedError {
  return isCodedError(err) && err.code === code;
}

/** The codes of the bot's own errors (vendors' codes are theirs). */
export const ERROR_CODES = {
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
} as const;
