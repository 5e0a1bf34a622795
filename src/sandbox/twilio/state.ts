/**
 * The fake Twilio account's mutable state, built from a scenario. Sids the scenario does not name are the same
 * deterministic ones `scenario-snapshot.ts` computes, so a snapshot gathered through the SDK from this state equals
 * `snapshotFromScenario` for the same scenario.
 */
import { createHash } from 'node:crypto';
import type { Scenario } from '../scenario.js';
import { sidFor } from '../scenario-snapshot.js';
import type { ConsoleUser, FakeEvent } from './event-records.js';
import { wholeSeconds } from './wire.js';

export interface Dated {
  dateCreated: Date;
  dateUpdated: Date;
}

export interface FakeOriginationUrl extends Dated {
  sid: string;
  friendlyName: string;
  sipUrl: string;
  priority: number;
  weight: number;
  enabled: boolean;
}

/** A list (IP ACL or credential list) associated with a trunk; the association's sid is the list's sid. */
export interface FakeAssociation {
  sid: string;
  dateCreated: Date;
}

export interface FakeTrunk extends Dated {
  sid: string;
  friendlyName: string | null;
  domainName: string | null;
  secure: boolean;
  cnamLookupEnabled: boolean;
  disasterRecoveryUrl: string | null;
  disasterRecoveryMethod: 'GET' | 'POST' | null;
  transferMode: 'disable-all' | 'enable-all' | 'sip-only';
  transferCallerId: 'from-transferee' | 'from-transferor';
  recording: { mode: string; trim: string };
  originationUrls: FakeOriginationUrl[];
  ipAccessControlLists: FakeAssociation[];
  credentialLists: FakeAssociation[];
}

/** What Twilio gives a trunk for every setting its creator leaves out (the Trunk resource's defaults). */
export const TRUNK_DEFAULTS = {
  cnamLookupEnabled: false,
  disasterRecoveryUrl: null,
  disasterRecoveryMethod: null,
  transferMode: 'disable-all',
  transferCallerId: 'from-transferee',
} as const satisfies Partial<FakeTrunk>;

/** A trunk records nothing until told to. */
export const noRecording = (): FakeTrunk['recording'] => ({ mode: 'do-not-record', trim: 'do-not-trim' });

export interface FakeIpAddress extends Dated {
  sid: string;
  friendlyName: string;
  ipAddress: string;
  cidrPrefixLength: number;
}

export interface FakeIpAccessControlList extends Dated {
  sid: string;
  friendlyName: string;
  ipAddresses: FakeIpAddress[];
}

export interface FakeCredential extends Dated {
  sid: string;
  username: string;
  /**
   * Twilio keeps only a digest hash of the password, and so does the fake (docs/vendor-facts.md, "Twilio credentials").
   */
  passwordHash: string;
}

export interface FakeCredentialList extends Dated {
  sid: string;
  friendlyName: string;
  credentials: FakeCredential[];
}

export interface FakeIncomingPhoneNumber extends Dated {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  /** The one place a number's trunk is kept: trunk PhoneNumbers are the numbers whose trunkSid is the trunk. */
  trunkSid: string | null;
}

export interface FakeCall extends Dated {
  sid: string;
  from: string;
  to: string;
  status: Scenario['twilio']['calls'][number]['status'];
  direction: string;
  trunkSid: string | null;
  phoneNumberSid: string | null;
  startTime: Date;
  endTime: Date | null;
  duration: number;
  /** Set by the scenario; otherwise the summary reports the usual response for the status. */
  sipResponseCode?: number;
  sipCallId?: string;
  disconnectedBy?: 'caller' | 'callee';
}

export interface FakeAlert {
  sid: string;
  errorCode: string;
  logLevel: 'error' | 'warning' | 'notice' | 'debug';
  alertText: string;
  resourceSid: string | null;
  dateGenerated: Date;
}

export interface TwilioFakeState {
  accountSid: string;
  authToken: string;
  /** API keys of the account: each key SID with its secret authenticates like the account SID and auth token. */
  apiKeys: { sid: string; secret: string }[];
  trunks: FakeTrunk[];
  ipAccessControlLists: FakeIpAccessControlList[];
  credentialLists: FakeCredentialList[];
  incomingPhoneNumbers: FakeIncomingPhoneNumber[];
  calls: FakeCall[];
  alerts: FakeAlert[];
  /** Monitor Events: one per write made through the API, oldest first. */
  events: FakeEvent[];
  /** While set, writes are attributed to this console user (`source` web) instead of the account's API key. */
  consoleUser?: ConsoleUser;
}

/**
 * Twilio's SIP digest realm, observed rather than documented; the stored hash is HA1 = MD5(username:realm:password)
 * (docs/vendor-facts.md, "Twilio credentials").
 */
export function passwordHash(username: string, password: string): string {
  return createHash('md5').update(`${username}:sip.twilio.com:${password}`).digest('hex');
}

export function stateFromScenario(scenario: Scenario, nowMs: number): TwilioFakeState {
  const t = scenario.twilio;
  const now = wholeSeconds(nowMs);
  const dated = (): Dated => ({ dateCreated: now, dateUpdated: now });

  const ipAccessControlLists = t.ipAccessControlLists.map((a) => ({
    sid: a.sid ?? sidFor('AL', `acl:${a.friendlyName}`),
    friendlyName: a.friendlyName,
    ...dated(),
    ipAddresses: a.ipAddresses.map((ip) => ({
      sid: sidFor('IP', `ip:${a.friendlyName}:${ip.ipAddress}`),
      friendlyName: ip.friendlyName,
      ipAddress: ip.ipAddress,
      cidrPrefixLength: ip.cidrPrefixLength,
      ...dated(),
    })),
  }));
  const credentialLists = t.credentialLists.map((c) => ({
    sid: c.sid ?? sidFor('CL', `cl:${c.friendlyName}`),
    friendlyName: c.friendlyName,
    ...dated(),
    credentials: c.credentials.map((cr) => ({
      sid: sidFor('CR', `cr:${c.friendlyName}:${cr.username}`),
      username: cr.username,
      passwordHash: passwordHash(cr.username, cr.password),
      ...dated(),
    })),
  }));
  const aclSid = (name: string) => ipAccessControlLists.find((a) => a.friendlyName === name)?.sid;
  const clSid = (name: string) => credentialLists.find((c) => c.friendlyName === name)?.sid;

  const trunks: FakeTrunk[] = t.trunks.map((tr) => {
    const sid = tr.sid ?? sidFor('TK', `trunk:${tr.friendlyName}`);
    return {
      sid,
      friendlyName: tr.friendlyName,
      domainName: tr.domainName,
      secure: tr.secure,
      ...TRUNK_DEFAULTS,
      recording: noRecording(),
      ...dated(),
      originationUrls: tr.originationUrls.map((o, i) => ({
        sid: sidFor('OU', `ou:${sid}:${i}:${o.sipUrl}`),
        ...o,
        ...dated(),
      })),
      // A name the scenario lists but does not define still gets the snapshot's sid, as a dangling association.
      ipAccessControlLists: tr.ipAccessControlLists.map((n) => ({
        sid: aclSid(n) ?? sidFor('AL', `acl:${n}`),
        dateCreated: now,
      })),
      credentialLists: tr.credentialLists.map((n) => ({ sid: clSid(n) ?? sidFor('CL', `cl:${n}`), dateCreated: now })),
    };
  });

  const incomingPhoneNumbers = t.incomingPhoneNumbers.map((n) => {
    const trunk = t.trunks.findIndex((tr) => tr.phoneNumbers.includes(n.phoneNumber));
    return {
      sid: n.sid ?? sidFor('PN', `number:${n.phoneNumber}`),
      phoneNumber: n.phoneNumber,
      friendlyName: n.friendlyName,
      trunkSid: trunk >= 0 ? trunks[trunk]!.sid : null,
      ...dated(),
    };
  });

  const calls: FakeCall[] = t.calls.map((c) => {
    const startTime = wholeSeconds(nowMs - c.startMinutesAgo * 60_000);
    const ended = ['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(c.status);
    const number = incomingPhoneNumbers.find((n) => n.phoneNumber === c.to || n.phoneNumber === c.from);
    return {
      sid: c.sid,
      from: c.from,
      to: c.to,
      status: c.status,
      direction: c.direction,
      trunkSid: c.trunk ? (trunks.find((tr) => tr.friendlyName === c.trunk)?.sid ?? null) : null,
      phoneNumberSid: number?.sid ?? null,
      startTime,
      endTime: ended ? new Date(startTime.getTime() + c.duration * 1000) : null,
      duration: c.duration,
      ...(c.sipResponseCode !== undefined ? { sipResponseCode: c.sipResponseCode } : {}),
      ...(c.sipCallId !== undefined ? { sipCallId: c.sipCallId } : {}),
      ...(c.disconnectedBy !== undefined ? { disconnectedBy: c.disconnectedBy } : {}),
      dateCreated: startTime,
      dateUpdated: ended ? new Date(startTime.getTime() + c.duration * 1000) : startTime,
    };
  });

  const alerts: FakeAlert[] = t.alerts.map((a) => ({
    sid: a.sid,
    errorCode: a.errorCode,
    logLevel: a.logLevel,
    alertText: a.alertText,
    resourceSid: a.resourceSid ?? (a.trunk ? (trunks.find((tr) => tr.friendlyName === a.trunk)?.sid ?? null) : null),
    dateGenerated: wholeSeconds(nowMs - a.minutesAgo * 60_000),
  }));

  return {
    accountSid: t.accountSid,
    authToken: t.authToken,
    apiKeys: t.apiKeys.map((k) => ({ sid: k.sid, secret: k.secret })),
    trunks,
    ipAccessControlLists,
    credentialLists,
    incomingPhoneNumbers,
    calls,
    alerts,
    events: [],
  };
}
