/**
 * The bot's Twilio client: the official `twilio` SDK behind a few methods named for what the bot asks, each
 * returning plain objects and failing with `VendorError` only. Reads follow every page (the SDK pages; the
 * request client rewrites the origin of each page when `apiUrl` is set, retries and counts).
 */

import twilio from 'twilio';
import { CodedError, ERROR_CODES } from '../coded-error.js';
import type { Vendor } from '../vendors/vendor-error.js';
import { toTwilioVendorError } from './errors.js';
import { TwilioRequestClient } from './request-client.js';
import type {
  AlertFilter,
  CallFilter,
  EventFilter,
  OriginationUrl,
  TrunkListAssociation,
  TwilioAlert,
  TwilioCall,
  TwilioCallStatus,
  TwilioCallSummary,
  TwilioCredentialInfo,
  TwilioEvent,
  TwilioIpAddress,
  TwilioListInfo,
  TwilioPhoneNumber,
  TwilioTrunkInfo,
} from './types.js';

export interface TwilioClientOptions {
  /** `AC…`; also the account in every 2010 path. */
  accountSid: string;
  authToken?: string;
  /** An API key (`SK…`) and its secret, instead of the auth token. */
  apiKey?: string;
  apiSecret?: string;
  /** `TWILIO_API_URL`: send every request to this origin (the sandbox's fake, tests). */
  apiUrl?: string;
  /** Page size for list reads; Twilio's default is 50. */
  pageSize?: number;
  timeoutMs?: number;
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Called once per HTTP attempt, for metrics. */
  onCall?: (vendor: Vendor) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** TWILIO_* settings that cannot work; the message names the variables to set. */
export function twilioConfigError(message: string): CodedError {
  return new CodedError({ code: ERROR_CODES.twilioConfig, message, retryable: false, vendor: 'twilio' });
}

const asDate = (d: unknown): Date | null => (d instanceof Date && !Number.isNaN(d.getTime()) ? d : null);
const asRecord = (x: unknown): Record<string, unknown> | null =>
  typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : null;

/** Twilio's maximum page size for Monitor Events. */
const EVENTS_PAGE_SIZE = 1000;

export class TwilioClient {
  readonly accountSid: string;
  private readonly sdk: twilio.Twilio;
  private readonly secrets: string[];
  private readonly pageSize?: number;
  private calls = 0;

  constructor(opts: TwilioClientOptions) {
    if (!/^AC[0-9a-fA-F]{32}$/.test(opts.accountSid)) {
      throw twilioConfigError('TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits');
    }
    const useKey = Boolean(opts.apiKey && opts.apiSecret);
    if (!useKey && !opts.authToken) {
      throw twilioConfigError('Set TWILIO_AUTH_TOKEN, or TWILIO_API_KEY with TWILIO_API_SECRET');
    }
    this.accountSid = opts.accountSid;
    this.pageSize = opts.pageSize;
    this.secrets = [opts.authToken, opts.apiSecret].filter((s): s is string => Boolean(s));
    const httpClient = new TwilioRequestClient({
      apiUrl: opts.apiUrl,
      timeoutMs: opts.timeoutMs,
      maxRetries: opts.maxRetries,
      baseDelayMs: opts.baseDelayMs,
      maxDelayMs: opts.maxDelayMs,
      secrets: this.secrets,
      sleep: opts.sleep,
      onAttempt: () => {
        this.calls++;
        opts.onCall?.('twilio');
      },
    });
    // With an API key the SDK needs the account sid separately: it fills the 2010 paths (docs/vendor-facts.md, "Twilio
    // SDK").
    this.sdk = useKey
      ? twilio(opts.apiKey, opts.apiSecret, { accountSid: opts.accountSid, httpClient })
      : twilio(opts.accountSid, opts.authToken, { httpClient });
  }

  /** HTTP calls made so far, retries included. */
  get callCount(): number {
    return this.calls;
  }

  // ---------------------------------------------------------------- Elastic SIP Trunking v1

  listTrunks(): Promise<TwilioTrunkInfo[]> {
    return this.guard(async () => (await this.sdk.trunking.v1.trunks.list(this.paging())).map(trunkInfo));
  }

  fetchTrunk(trunkSid: string): Promise<TwilioTrunkInfo> {
    return this.guard(async () => trunkInfo(await this.sdk.trunking.v1.trunks(trunkSid).fetch()));
  }

  listOriginationUrls(trunkSid: string): Promise<OriginationUrl[]> {
    return this.guard(async () =>
      (await this.sdk.trunking.v1.trunks(trunkSid).originationUrls.list(this.paging())).map((o) => ({
        sid: o.sid,
        sipUrl: o.sipUrl,
        enabled: o.enabled,
        priority: o.priority,
        weight: o.weight,
        friendlyName: o.friendlyName,
      })),
    );
  }

  listTrunkIpAccessControlLists(trunkSid: string): Promise<TrunkListAssociation[]> {
    return this.guard(async () =>
      (await this.sdk.trunking.v1.trunks(trunkSid).ipAccessControlLists.list(this.paging())).map((a) => ({
        sid: a.sid,
        friendlyName: a.friendlyName,
      })),
    );
  }

  addTrunkIpAccessControlList(trunkSid: string, ipAccessControlListSid: string): Promise<TrunkListAssociation> {
    return this.guard(async () => {
      const a = await this.sdk.trunking.v1.trunks(trunkSid).ipAccessControlLists.create({ ipAccessControlListSid });
      return { sid: a.sid, friendlyName: a.friendlyName };
    });
  }

  /** The SDK spells this resource `credentialsLists` (docs/vendor-facts.md, "Twilio trunk resources"). */
  listTrunkCredentialLists(trunkSid: string): Promise<TrunkListAssociation[]> {
    return this.guard(async () =>
      (await this.sdk.trunking.v1.trunks(trunkSid).credentialsLists.list(this.paging())).map((c) => ({
        sid: c.sid,
        friendlyName: c.friendlyName,
      })),
    );
  }

  addTrunkCredentialList(trunkSid: string, credentialListSid: string): Promise<TrunkListAssociation> {
    return this.guard(async () => {
      const c = await this.sdk.trunking.v1.trunks(trunkSid).credentialsLists.create({ credentialListSid });
      return { sid: c.sid, friendlyName: c.friendlyName };
    });
  }

  listTrunkPhoneNumbers(trunkSid: string): Promise<TwilioPhoneNumber[]> {
    return this.guard(async () =>
      (await this.sdk.trunking.v1.trunks(trunkSid).phoneNumbers.list(this.paging())).map((n) => ({
        sid: n.sid,
        phoneNumber: n.phoneNumber,
        friendlyName: n.friendlyName,
        trunkSid: n.trunkSid ?? null,
      })),
    );
  }

  /** Puts an IncomingPhoneNumber (`PN…`) on the trunk. */
  addTrunkPhoneNumber(trunkSid: string, phoneNumberSid: string): Promise<TwilioPhoneNumber> {
    return this.guard(async () => {
      const n = await this.sdk.trunking.v1.trunks(trunkSid).phoneNumbers.create({ phoneNumberSid });
      return { sid: n.sid, phoneNumber: n.phoneNumber, friendlyName: n.friendlyName, trunkSid: n.trunkSid ?? null };
    });
  }

  /** Takes the number off the trunk; it stays on the account (docs/vendor-facts.md, "Twilio trunk resources"). */
  removeTrunkPhoneNumber(trunkSid: string, phoneNumberSid: string): Promise<void> {
    return this.guard(async () => {
      await this.sdk.trunking.v1.trunks(trunkSid).phoneNumbers(phoneNumberSid).remove();
    });
  }

  // ---------------------------------------------------------------- 2010 API: SIP lists

  listIpAccessControlLists(): Promise<TwilioListInfo[]> {
    return this.guard(async () =>
      (await this.account().sip.ipAccessControlLists.list(this.paging())).map((a) => ({
        sid: a.sid,
        friendlyName: a.friendlyName,
      })),
    );
  }

  listIpAddresses(ipAccessControlListSid: string): Promise<TwilioIpAddress[]> {
    return this.guard(async () =>
      (await this.account().sip.ipAccessControlLists(ipAccessControlListSid).ipAddresses.list(this.paging())).map(
        ipAddress,
      ),
    );
  }

  /** Omit `cidrPrefixLength` for a single host (Twilio shows it as 32). */
  createIpAddress(
    ipAccessControlListSid: string,
    entry: { friendlyName: string; ipAddress: string; cidrPrefixLength?: number },
  ): Promise<TwilioIpAddress> {
    return this.guard(async () =>
      ipAddress(await this.account().sip.ipAccessControlLists(ipAccessControlListSid).ipAddresses.create(entry)),
    );
  }

  listCredentialLists(): Promise<TwilioListInfo[]> {
    return this.guard(async () =>
      (await this.account().sip.credentialLists.list(this.paging())).map((c) => ({
        sid: c.sid,
        friendlyName: c.friendlyName,
      })),
    );
  }

  /** Usernames only: the password is write-only at Twilio (docs/vendor-facts.md, "Twilio credentials"). */
  listCredentials(credentialListSid: string): Promise<TwilioCredentialInfo[]> {
    return this.guard(async () =>
      (await this.account().sip.credentialLists(credentialListSid).credentials.list(this.paging())).map((c) => ({
        sid: c.sid,
        username: c.username,
      })),
    );
  }

  /** Twilio refuses a password under 12 characters or without a digit and mixed case (error 20001). */
  createCredential(credentialListSid: string, username: string, password: string): Promise<TwilioCredentialInfo> {
    return this.guard(async () => {
      const c = await this.account().sip.credentialLists(credentialListSid).credentials.create({ username, password });
      return { sid: c.sid, username: c.username };
    });
  }

  // ---------------------------------------------------------------- 2010 API: numbers and calls

  /** `phoneNumber` is Twilio's partial match (`*` = one digit). */
  listIncomingPhoneNumbers(filter: { phoneNumber?: string } = {}): Promise<TwilioPhoneNumber[]> {
    return this.guard(async () =>
      (await this.account().incomingPhoneNumbers.list({ ...this.paging(), ...filter })).map((n) => ({
        sid: n.sid,
        phoneNumber: n.phoneNumber,
        friendlyName: n.friendlyName,
        trunkSid: n.trunkSid ?? null,
      })),
    );
  }

  /** The account's number with exactly this E.164 value, or undefined. */
  async findIncomingPhoneNumber(e164: string): Promise<TwilioPhoneNumber | undefined> {
    const candidates = await this.listIncomingPhoneNumbers({ phoneNumber: e164 });
    return candidates.find((n) => n.phoneNumber === e164);
  }

  /**
   * Newest first. The trunk filter is applied here, after Twilio's own filters (docs/vendor-facts.md, "Twilio calls and
   * Voice Insights").
   */
  listCalls(filter: CallFilter = {}): Promise<TwilioCall[]> {
    return this.guard(async () => {
      const { trunkSid, limit, startedAfter, startedBefore, ...rest } = filter;
      const params = {
        ...this.paging(),
        ...rest,
        ...(startedAfter ? { startTimeAfter: startedAfter } : {}),
        ...(startedBefore ? { startTimeBefore: startedBefore } : {}),
        // With a trunk filter the limit counts matching calls, so it cannot go to Twilio.
        ...(limit !== undefined && !trunkSid ? { limit } : {}),
      };
      const calls = (await this.account().calls.list(params)).map(
        (c): TwilioCall => ({
          sid: c.sid,
          from: c.from,
          to: c.to,
          status: c.status as TwilioCallStatus,
          direction: c.direction,
          trunkSid: c.trunkSid || null,
          phoneNumberSid: c.phoneNumberSid || null,
          startTime: asDate(c.startTime),
          endTime: asDate(c.endTime),
          durationSeconds: c.duration === null || c.duration === undefined ? null : Number(c.duration),
        }),
      );
      const onTrunk = trunkSid ? calls.filter((c) => c.trunkSid === trunkSid) : calls;
      return limit !== undefined ? onTrunk.slice(0, limit) : onTrunk;
    });
  }

  // ---------------------------------------------------------------- Monitor and Insights v1

  listAlerts(filter: AlertFilter = {}): Promise<TwilioAlert[]> {
    return this.guard(async () =>
      (await this.sdk.monitor.v1.alerts.list({ ...this.paging(), ...filter })).map((a) => ({
        sid: a.sid,
        errorCode: a.errorCode,
        logLevel: a.logLevel,
        alertText: a.alertText,
        resourceSid: a.resourceSid || null,
        moreInfo: a.moreInfo,
        dateGenerated: asDate(a.dateGenerated),
      })),
    );
  }

  /**
   * Monitor Events in a time window, newest first, in pages of 1000 (the largest Twilio allows), so a day of
   * changes on a busy account is one or two requests.
   */
  listEvents(filter: EventFilter): Promise<TwilioEvent[]> {
    return this.guard(async () =>
      (
        await this.sdk.monitor.v1.events.list({
          pageSize: EVENTS_PAGE_SIZE,
          startDate: filter.startDate,
          ...(filter.endDate ? { endDate: filter.endDate } : {}),
          ...(filter.resourceSid ? { resourceSid: filter.resourceSid } : {}),
        })
      ).map((e) => ({
        sid: e.sid,
        eventType: e.eventType,
        resourceType: e.resourceType ?? null,
        resourceSid: e.resourceSid || null,
        resourceUrl: asRecord(e.links)?.resource ? String(asRecord(e.links)?.resource) : null,
        actorSid: e.actorSid || null,
        actorType: e.actorType ?? null,
        source: e.source ?? null,
        sourceIpAddress: e.sourceIpAddress ?? null,
        eventDate: asDate(e.eventDate),
        changes: eventChanges(e.eventData),
      })),
    );
  }

  /**
   * Voice Insights summary of one call. `partial` is available about 10 minutes after the call ends, `complete` after
   * about 30; before that Twilio answers error 17001, which the fake serves as 404 (docs/vendor-facts.md, "Twilio calls
   * and Voice Insights").
   */
  fetchCallSummary(callSid: string, processingState: 'partial' | 'complete' = 'partial'): Promise<TwilioCallSummary> {
    return this.guard(async () => {
      return callSummary(await this.sdk.insights.v1.calls(callSid).summary().fetch({ processingState }));
    });
  }

  /**
   * Voice Insights summaries of trunking calls that started after `startTime`, partial ones included (a summary
   * exists about 10 minutes after the call ends), newest first: one listing instead of one fetch per call.
   */
  listCallSummaries(filter: { startTime: Date; endTime?: Date; limit?: number }): Promise<TwilioCallSummary[]> {
    return this.guard(async () =>
      (
        await this.sdk.insights.v1.callSummaries.list({
          ...this.paging(),
          callType: 'trunking',
          processingState: 'all',
          startTime: filter.startTime.toISOString(),
          ...(filter.endTime ? { endTime: filter.endTime.toISOString() } : {}),
          ...(filter.limit !== undefined ? { limit: filter.limit } : {}),
        })
      ).map((s) => callSummary(s)),
    );
  }

  // ---------------------------------------------------------------- helpers

  private account() {
    return this.sdk.api.v2010.accounts(this.accountSid);
  }

  private paging(): { pageSize?: number } {
    return this.pageSize ? { pageSize: this.pageSize } : {};
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toTwilioVendorError(err, this.secrets);
    }
  }
}

/**
 * `event_data.resource_properties` holds `{ previous, updated }` per changed property (Twilio's Monitor Events
 * page); the OpenAPI example puts them at the top level of `event_data`. Both are read.
 */
function eventChanges(data: unknown): TwilioEvent['changes'] {
  const root = asRecord(data);
  const props = asRecord(root?.resource_properties) ?? root ?? {};
  const out: TwilioEvent['changes'] = {};
  for (const [key, value] of Object.entries(props)) {
    const change = asRecord(value);
    if (change && ('previous' in change || 'updated' in change)) {
      out[key] = { previous: change.previous ?? null, updated: change.updated ?? null };
    }
  }
  return out;
}

function trunkInfo(t: {
  sid: string;
  friendlyName: string;
  domainName: string;
  secure: boolean;
  authType: string;
  cnamLookupEnabled: boolean;
  transferMode: string;
  symmetricRtpEnabled: boolean;
  disasterRecoveryUrl: string;
  recording: unknown;
}): TwilioTrunkInfo {
  const rec = asRecord(t.recording);
  return {
    sid: t.sid,
    friendlyName: t.friendlyName,
    domainName: t.domainName ?? null,
    secure: Boolean(t.secure),
    authType: t.authType ?? '',
    cnamLookupEnabled: Boolean(t.cnamLookupEnabled),
    transferMode: t.transferMode,
    symmetricRtpEnabled: Boolean(t.symmetricRtpEnabled),
    disasterRecoveryUrl: t.disasterRecoveryUrl ?? null,
    recording: rec ? { mode: String(rec.mode), trim: String(rec.trim) } : null,
  };
}

function ipAddress(ip: { sid: string; ipAddress: string; cidrPrefixLength: number; friendlyName: string }) {
  return { sid: ip.sid, ipAddress: ip.ipAddress, cidrPrefixLength: ip.cidrPrefixLength, friendlyName: ip.friendlyName };
}

/** The SDK's summary (call or list item) in the bot's words; `properties` and `sip_edge` are untyped in the spec. */
function callSummary(s: {
  callSid: string;
  callType: string;
  callState: string;
  processingState: string;
  startTime: Date;
  endTime: Date;
  duration: number;
  properties: unknown;
  tags: unknown;
  sipEdge: unknown;
}): TwilioCallSummary {
  const props = asRecord(s.properties) ?? {};
  return {
    callSid: s.callSid,
    callType: s.callType,
    callState: s.callState,
    processingState: s.processingState,
    startTime: asDate(s.startTime),
    endTime: asDate(s.endTime),
    durationSeconds: typeof s.duration === 'number' ? s.duration : null,
    lastSipResponseNum: typeof props.last_sip_response_num === 'number' ? props.last_sip_response_num : undefined,
    direction: typeof props.direction === 'string' ? props.direction : undefined,
    disconnectedBy: typeof props.disconnected_by === 'string' ? props.disconnected_by : undefined,
    tags: Array.isArray(s.tags) ? (s.tags as string[]) : [],
    sipEdge: asRecord(asRecord(s.sipEdge)?.properties),
    properties: props,
  };
}
