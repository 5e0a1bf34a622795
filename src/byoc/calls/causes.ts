/**
 * Why a call through the BYOC trunk fails, from the codes the two vendors report: Twilio's Elastic SIP Trunking
 * error codes (32xxx, in Monitor alerts) and SIP final responses (in Voice Insights summaries and in Genesys
 * Cloud's conversation details). Each cause names the checklist rules that usually explain it, so a card can say
 * "the doctor finds this now" and offer the doctor's fix.
 *
 * Sources (see docs/call-troubleshooting.md for the full table with links):
 * - Twilio error pages https://www.twilio.com/docs/api/errors/<code> (32001, 32010, 32011, 32012, 32201, 32204, ...).
 * - Twilio "Troubleshooting Elastic SIP Trunking" https://www.twilio.com/docs/sip-trunking/troubleshooting
 * - SIP response codes, RFC 3261 §21 https://www.rfc-editor.org/rfc/rfc3261#section-21
 */
import type { RuleId } from '../doctor/rule-ids.js';

/** Which way the call went, in the words of the person on call: `inbound` = PSTN -> Twilio -> Genesys. */
export type CallDirection = 'inbound' | 'outbound';

export type CauseKey =
  | 'twilio-acl'
  | 'credentials'
  | 'cps-limit'
  | 'origination'
  | 'caller-id'
  | 'termination-auth'
  | 'number-format'
  | 'codecs'
  | 'secure-media'
  | 'trunk-down'
  | 'geo-permissions'
  | 'blocked'
  | 'account'
  | 'unknown';

export interface Cause {
  key: CauseKey;
  /** One line a person reads first. */
  title: string;
  /** What the code means with a Twilio trunk connected to Genesys, in a sentence or two. */
  explanation: string;
  /** What to do about it. */
  fix: string;
  /** Checklist rules that usually explain it (first = most likely). */
  rules: RuleId[];
}

const CAUSES: Record<Exclude<CauseKey, 'unknown'>, Cause> = {
  'twilio-acl': {
    key: 'twilio-acl',
    title: 'Twilio refused the source IP: not in the trunk’s IP access control list',
    explanation:
      'Genesys sent the call from an address that is not in any IP ACL on the Twilio trunk, so Twilio answered 403 ' +
      '(Twilio error 32201).',
    fix:
      'Add the Genesys Cloud BYOC addresses of your region to the IP access control list on the Twilio trunk ' +
      '(Twilio console > Elastic SIP Trunking > Termination > Authentication).',
    rules: ['TW-ACL', 'TW-AUTH'],
  },
  credentials: {
    key: 'credentials',
    title: 'Twilio refused the digest credentials',
    explanation:
      'The username or password Genesys sent does not match the credential list on the Twilio trunk (Twilio error ' +
      '32202), so Twilio answered 403 to the challenge.',
    fix:
      'Make the trunk’s digest username and password in Genesys (Trunk > SIP Access Control > Digest Authentication) ' +
      'match a credential in the credential list on the Twilio trunk.',
    rules: ['TW-CREDENTIALS', 'GC-TRUNK-DIGEST'],
  },
  'cps-limit': {
    key: 'cps-limit',
    title: 'Too many calls per second for the Twilio trunk',
    explanation:
      'Twilio refused calls over the trunk’s calls-per-second limit (32001; 32012 for the pooled limit of the ' +
      'parent account). The default is 1 outbound call per second per trunk.',
    fix: 'Spread outbound calls (campaign pacing) or ask Twilio to raise the trunk’s CPS limit.',
    rules: [],
  },
  origination: {
    key: 'origination',
    title: 'Twilio could not reach Genesys for an inbound call',
    explanation:
      'Twilio had no valid origination URI (32010), or sent the INVITE to the origination URI and got an error, a ' +
      'timeout or no answer from Genesys (32011). Twilio tries the next origination URI by priority and weight.',
    fix:
      'Check the origination URIs on the Twilio trunk: one per Genesys BYOC SIP address of your region, sip: with ' +
      'the right host, enabled. Then check that the Genesys trunk accepts Twilio’s signalling addresses and is in ' +
      'service.',
    rules: ['TW-ORIGINATION', 'GC-TRUNK-ACL', 'GC-TRUNK-INSERVICE'],
  },
  'caller-id': {
    key: 'caller-id',
    title: 'Twilio refused the caller ID',
    explanation:
      'The From number of an outbound call is not a number of the Twilio account or a verified caller ID (32204), ' +
      'or not in E.164 (32206).',
    fix:
      'Set the trunk’s calling address in Genesys (Trunk > Identity > Calling) to a number that is on the Twilio ' +
      'account, in E.164 with the +.',
    rules: ['GC-TRUNK-CALLING-ADDRESS', 'GC-TRUNK-OMIT-PLUS'],
  },
  'termination-auth': {
    key: 'termination-auth',
    title: 'Twilio refused to authenticate the outbound call',
    explanation:
      'Twilio answered 403 or a final 407 to an outbound call: the source IP is not in the trunk’s IP ACL, or the ' +
      'digest credentials are missing or wrong, or the trunk has no authentication configured at all.',
    fix:
      'Give the Twilio trunk an IP ACL with the Genesys addresses and/or a credential list, and make the Genesys ' +
      'trunk’s digest credentials match it.',
    rules: ['TW-AUTH', 'TW-ACL', 'TW-CREDENTIALS', 'GC-TRUNK-DIGEST'],
  },
  'number-format': {
    key: 'number-format',
    title: 'The dialed number was not understood',
    explanation:
      'The far end answered 404 (not found) or 484 (address incomplete), or Twilio reported an invalid number ' +
      '(32101): the number did not reach Twilio in E.164 with the +, or the number plan normalised it wrongly.',
    fix:
      'Keep "Address Omit + Prefix" disabled on the Genesys trunk and check the site’s number plans with ' +
      '`simulate NUMBER`.',
    rules: ['GC-TRUNK-OMIT-PLUS', 'GC-NUMBER-PLANS', 'GC-TRUNK-TERMINATION-URI'],
  },
  codecs: {
    key: 'codecs',
    title: 'No common codec',
    explanation:
      'The far end answered 488 (not acceptable here): the offer had no codec it accepts. Twilio trunks speak ' +
      'G.711 (PCMU/PCMA).',
    fix: 'Put audio/pcmu and audio/pcma in the Genesys trunk’s codec list (Trunk > Media > Preferred Codec List).',
    rules: ['GC-TRUNK-CODEC', 'TW-SECURE'],
  },
  'secure-media': {
    key: 'secure-media',
    title: 'Secure media or transport on one side only',
    explanation:
      'SRTP was sent to a trunk that does not accept it (32207), RTP to a trunk that requires SRTP (32208), or TLS ' +
      'was required (32209).',
    fix: 'Turn secure trunking on (or off) on both sides together: Twilio trunk "Secure" and the Genesys trunk’s TLS/SRTP.',
    rules: ['TW-SECURE', 'GC-TRUNK-TRANSPORT'],
  },
  'trunk-down': {
    key: 'trunk-down',
    title: 'The trunk or an edge did not answer',
    explanation:
      '408 (request timeout) or 503 (service unavailable): the Genesys trunk is out of service or disconnected on ' +
      'an edge, or Twilio could not be reached.',
    fix: 'Run `status` to see each edge; put the trunk back in service or fix the edge that is disconnected.',
    rules: ['GC-TRUNK-CONNECTED', 'GC-TRUNK-INSERVICE', 'GC-EDGES'],
  },
  'geo-permissions': {
    key: 'geo-permissions',
    title: 'The destination country is not allowed on the Twilio account',
    explanation: 'Twilio’s Voice geographic permissions do not allow calls to this country (32205).',
    fix: 'Allow the country in the Twilio console (Voice > Settings > Geo permissions).',
    rules: [],
  },
  blocked: {
    key: 'blocked',
    title: 'Twilio blocked the call',
    explanation:
      'Twilio blocked the call as high fraud risk or a regulated destination (32203), or a forwarded call (32224).',
    fix: 'Check the number; if the call is legitimate, open a case with Twilio support with the call SID.',
    rules: [],
  },
  account: {
    key: 'account',
    title: 'The Twilio account refused the call',
    explanation:
      'The account is suspended or closed (603 Decline, with error 10001 "Account is not active"), or voice is ' +
      'disabled for it (32005), or it lacks the permission (32200).',
    fix: 'Check the Twilio account’s status and balance in the console.',
    rules: ['TW-TRUNK'],
  },
};

/** Twilio error code -> cause. */
const BY_TWILIO_CODE: Record<string, Exclude<CauseKey, 'unknown'>> = {
  '32001': 'cps-limit',
  '32012': 'cps-limit',
  '32010': 'origination',
  '32011': 'origination',
  '32201': 'twilio-acl',
  '32202': 'credentials',
  '32106': 'credentials',
  '32204': 'caller-id',
  '32206': 'caller-id',
  '32100': 'caller-id',
  '32101': 'number-format',
  '32102': 'codecs',
  '32207': 'secure-media',
  '32208': 'secure-media',
  '32209': 'secure-media',
  '32222': 'secure-media',
  '32205': 'geo-permissions',
  '32203': 'blocked',
  '32224': 'blocked',
  '32200': 'account',
  '32005': 'account',
  '10001': 'account',
};

/** Titles of the Twilio codes, as Twilio's error pages name them, for `explain` and for codes shown plainly. */
const TWILIO_TITLES: Record<string, string> = {
  '10001': 'Account is not active',
  '32001': 'SIP: Trunk CPS limit exceeded',
  '32005': 'Voice calling has been disabled for this account',
  '32010': 'SIP: No valid Origination URIs configured',
  '32011': 'Error communicating with your SIP communications infrastructure',
  '32012': 'SIP: Pooled trunking CPS limit exceeded',
  '32100': 'Trial account: only verified caller IDs can be called',
  '32101': 'SIP: Invalid phone number',
  '32102': 'SIP: Bad SDP',
  '32106': 'SIP: Authentication error',
  '32200': 'SIP: Insufficient permissions',
  '32201': 'SIP: Source IP address not in ACL',
  '32202': 'SIP: Bad user credentials',
  '32203': 'SIP: Call blocked by Twilio',
  '32204': "SIP: 'From' phone number not verified",
  '32205': 'SIP Trunking: Geo Permission configuration is not permitting call',
  '32206': 'SIP: Invalid From number',
  '32207': 'SIP: Secure media not accepted',
  '32208': 'SIP: Secure media required',
  '32209': 'SIP: Secure transport required',
  '32222': 'TLS version not allowed',
  '32224': 'Forwarded call blocked by Twilio',
};

/** SIP reason phrases (RFC 3261 §21 and RFC 3262/3329/4412 for the few others seen on trunks). */
const SIP_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  410: 'Gone',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme',
  420: 'Bad Extension',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected',
  483: 'Too Many Hops',
  484: 'Address Incomplete',
  485: 'Ambiguous',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Server Time-out',
  505: 'Version Not Supported',
  513: 'Message Too Large',
  600: 'Busy Everywhere',
  603: 'Decline',
  604: 'Does Not Exist Anywhere',
  606: 'Not Acceptable',
};

/**
 * Final responses that end a call normally from the trunk's point of view: the far end was busy, did not answer,
 * or the caller hung up while it rang. They are not trunk failures and are never grouped as such.
 */
export const NORMAL_ENDINGS = new Set([200, 480, 486, 487, 600, 603]);

export function sipPhrase(code: number): string | undefined {
  return SIP_PHRASES[code];
}

export function twilioTitle(code: string): string | undefined {
  return TWILIO_TITLES[code];
}

export function causeOf(key: Exclude<CauseKey, 'unknown'>): Cause {
  return CAUSES[key];
}

/** What a failed call's codes point to, most specific first: a Twilio code, then the SIP response. */
export interface Codes {
  twilioErrorCodes: string[];
  /** The final SIP response (not 2xx), when one is known. */
  sipCode?: number;
  direction: CallDirection;
}

/** The cause of a failure, or `undefined` when its codes are not known (shown plainly, never hidden). */
export function classify(codes: Codes): Cause | undefined {
  for (const code of codes.twilioErrorCodes) {
    const key = BY_TWILIO_CODE[code];
    if (key) return CAUSES[key];
  }
  const sip = codes.sipCode;
  if (sip === undefined) return undefined;
  if (sip === 403 || sip === 407 || sip === 401) {
    // On an inbound call a 403 comes from Genesys refusing Twilio (its ACL); Twilio then raises 32011.
    return codes.direction === 'outbound' ? CAUSES['termination-auth'] : CAUSES.origination;
  }
  if (sip === 404 || sip === 484 || sip === 485 || sip === 604) return CAUSES['number-format'];
  if (sip === 488 || sip === 606 || sip === 415) return CAUSES.codecs;
  if (sip === 408 || sip === 503 || sip === 504 || sip === 502) {
    return codes.direction === 'inbound' ? CAUSES.origination : CAUSES['trunk-down'];
  }
  return undefined;
}

// ---------------------------------------------------------------- `explain CODE`

export type ExplainedCode =
  | {
      kind: 'twilio';
      code: string;
      title?: string;
      cause?: Cause;
      moreInfo: string;
    }
  | { kind: 'sip'; code: number; phrase?: string; normalEnding: boolean; outbound?: Cause; inbound?: Cause }
  | { kind: 'invalid'; input: string };

/**
 * Reads `32201`, `TW-32201`, `SIP 403`, `sip:403`, `403` and says what it means. Three digits from 100 to 699 are a
 * SIP response; five digits are a Twilio error code.
 */
export function explainCode(input: string): ExplainedCode {
  const cleaned = input
    .trim()
    .replace(/^(sip|twilio|tw)[\s:-]*/i, '')
    .trim();
  if (/^\d{5}$/.test(cleaned)) {
    const key = BY_TWILIO_CODE[cleaned];
    return {
      kind: 'twilio',
      code: cleaned,
      title: TWILIO_TITLES[cleaned],
      ...(key ? { cause: CAUSES[key] } : {}),
      moreInfo: `https://www.twilio.com/docs/api/errors/${cleaned}`,
    };
  }
  if (/^[1-6]\d\d$/.test(cleaned)) {
    const code = Number(cleaned);
    const outbound = classify({ twilioErrorCodes: [], sipCode: code, direction: 'outbound' });
    const inbound = classify({ twilioErrorCodes: [], sipCode: code, direction: 'inbound' });
    return {
      kind: 'sip',
      code,
      phrase: SIP_PHRASES[code] ?? (code < 300 ? (code === 200 ? 'OK' : undefined) : undefined),
      normalEnding: NORMAL_ENDINGS.has(code),
      ...(outbound ? { outbound } : {}),
      ...(inbound ? { inbound } : {}),
    };
  }
  return { kind: 'invalid', input };
}
