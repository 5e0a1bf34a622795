/**
 * What the Twilio client returns: plain objects in the bot's words, independent of the SDK's instance classes.
 * Where the snapshot already has a type (origination URL, IP address, phone number) the client returns that one.
 */
import type { OriginationUrl, TwilioIpAddress, TwilioPhoneNumber } from '../byoc/snapshot.js';

export type { OriginationUrl, TwilioIpAddress, TwilioPhoneNumber };

export interface TwilioTrunkInfo {
  sid: string;
  friendlyName: string;
  /** The termination SIP URI (`<name>.pstn.twilio.com`), or null when none is set. */
  domainName: string | null;
  secure: boolean;
  /** `IP_ACL`, `CREDENTIAL_LIST`, both comma-joined, or empty (then the trunk accepts no termination traffic). */
  authType: string;
  cnamLookupEnabled: boolean;
  transferMode: string;
  symmetricRtpEnabled: boolean;
  disasterRecoveryUrl: string | null;
  recording: { mode: string; trim: string } | null;
}

/** An IP ACL or credential list as seen from a trunk: the list's sid and name. */
export interface TrunkListAssociation {
  sid: string;
  friendlyName: string;
}

/** An account-level list (IP ACL or credential list) without its entries. */
export interface TwilioListInfo {
  sid: string;
  friendlyName: string;
}

/** A SIP credential: the username only; Twilio never returns the password. */
export interface TwilioCredentialInfo {
  sid: string;
  username: string;
}

export type TwilioCallStatus =
  | 'queued'
  | 'ringing'
  | 'in-progress'
  | 'completed'
  | 'busy'
  | 'failed'
  | 'no-answer'
  | 'canceled';

export interface TwilioCall {
  sid: string;
  from: string;
  to: string;
  status: TwilioCallStatus;
  /** `trunking-originating` (PSTN -> Genesys), `trunking-terminating` (Genesys -> PSTN), … */
  direction: string;
  trunkSid: string | null;
  phoneNumberSid: string | null;
  startTime: Date | null;
  endTime: Date | null;
  /** Seconds; null until the call has ended. */
  durationSeconds: number | null;
}

export interface CallFilter {
  to?: string;
  from?: string;
  status?: TwilioCallStatus;
  /** On or after. */
  startedAfter?: Date;
  /** On or before. */
  startedBefore?: Date;
  /**
   * Kept client-side: the Calls API has no TrunkSid filter (docs/vendor-facts.md, "Twilio calls and Voice Insights").
   */
  trunkSid?: string;
  /** At most this many calls (newest first). */
  limit?: number;
}

export interface TwilioAlert {
  sid: string;
  /** A Twilio error number as a string, e.g. `32011`. */
  errorCode: string;
  logLevel: string;
  alertText: string;
  resourceSid: string | null;
  moreInfo: string;
  dateGenerated: Date | null;
}

export interface AlertFilter {
  logLevel?: 'error' | 'warning' | 'notice' | 'debug';
  startDate?: Date;
  endDate?: Date;
  limit?: number;
}

export interface TwilioCallSummary {
  callSid: string;
  callType: string;
  callState: string;
  processingState: string;
  startTime: Date | null;
  endTime: Date | null;
  durationSeconds: number | null;
  /** `properties.last_sip_response_num`: the last SIP response of the call. */
  lastSipResponseNum?: number;
  /** `properties.direction`, with underscores (`trunking_terminating`). */
  direction?: string;
  disconnectedBy?: string;
  tags: string[];
  /** The SIP edge's properties (IPs, regions, SIP Call-ID, trunk sid); untyped in the spec. */
  sipEdge: Record<string, unknown> | null;
  properties: Record<string, unknown>;
}

/** One Monitor Event, in the shape the change timeline reads (defined with it, in the domain). */
export type { TwilioEventInput as TwilioEvent } from '../byoc/timeline/types.js';

export interface EventFilter {
  startDate: Date;
  endDate?: Date;
  resourceSid?: string;
}
