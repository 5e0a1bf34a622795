/**
 * State -> the JSON Twilio sends, field for field as in the OpenAPI component schemas (checked by
 * test/twilio/oai-shapes.test.ts). v1 resources carry an absolute `url` and `links`; 2010 resources a relative `uri`
 * and `subresource_uris` (docs/vendor-facts.md, "Twilio REST conventions"). Unset optional sids and URLs are null,
 * never "": the specs' sid patterns and `uri` formats refuse an empty string.
 */
import type {
  Dated,
  FakeAlert,
  FakeCall,
  FakeCredential,
  FakeCredentialList,
  FakeIncomingPhoneNumber,
  FakeIpAccessControlList,
  FakeIpAddress,
  FakeOriginationUrl,
  FakeTrunk,
  TwilioFakeState,
} from './state.js';
import { isoDate, rfc2822Date } from './wire.js';

/** Where the fake is reached (its own origin) and which account it is. */
export interface RenderContext {
  origin: string;
  state: TwilioFakeState;
}

export const accountPath = (accountSid: string) => `/2010-04-01/Accounts/${accountSid}`;

export function authType(trunk: FakeTrunk): string[] {
  return [
    ...(trunk.ipAccessControlLists.length ? ['IP_ACL'] : []),
    ...(trunk.credentialLists.length ? ['CREDENTIAL_LIST'] : []),
  ];
}

export function renderTrunk(ctx: RenderContext, t: FakeTrunk): Record<string, unknown> {
  const url = `${ctx.origin}/v1/Trunks/${t.sid}`;
  const auth = authType(t);
  return {
    sid: t.sid,
    account_sid: ctx.state.accountSid,
    domain_name: t.domainName,
    disaster_recovery_method: t.disasterRecoveryMethod,
    disaster_recovery_url: t.disasterRecoveryUrl,
    friendly_name: t.friendlyName,
    secure: t.secure,
    recording: { ...t.recording },
    transfer_mode: t.transferMode,
    transfer_caller_id: t.transferCallerId,
    cnam_lookup_enabled: t.cnamLookupEnabled,
    auth_type: auth.join(','),
    auth_type_set: auth,
    symmetric_rtp_enabled: false,
    date_created: isoDate(t.dateCreated),
    date_updated: isoDate(t.dateUpdated),
    url,
    links: {
      origination_urls: `${url}/OriginationUrls`,
      credential_lists: `${url}/CredentialLists`,
      ip_access_control_lists: `${url}/IpAccessControlLists`,
      phone_numbers: `${url}/PhoneNumbers`,
      recording: `${url}/Recording`,
    },
  };
}

export function renderOriginationUrl(ctx: RenderContext, trunk: FakeTrunk, o: FakeOriginationUrl) {
  return {
    sid: o.sid,
    account_sid: ctx.state.accountSid,
    trunk_sid: trunk.sid,
    weight: o.weight,
    enabled: o.enabled,
    sip_url: o.sipUrl,
    friendly_name: o.friendlyName,
    priority: o.priority,
    date_created: isoDate(o.dateCreated),
    date_updated: isoDate(o.dateUpdated),
    url: `${ctx.origin}/v1/Trunks/${trunk.sid}/OriginationUrls/${o.sid}`,
  };
}

/** The trunk's view of an associated IP ACL or credential list: the list's own name and sid. */
export function renderAssociation(
  ctx: RenderContext,
  trunk: FakeTrunk,
  kind: 'IpAccessControlLists' | 'CredentialLists',
  sid: string,
  dateCreated: Date,
) {
  const lists = kind === 'IpAccessControlLists' ? ctx.state.ipAccessControlLists : ctx.state.credentialLists;
  const list = lists.find((l) => l.sid === sid);
  return {
    account_sid: ctx.state.accountSid,
    sid,
    trunk_sid: trunk.sid,
    friendly_name: list?.friendlyName ?? null,
    date_created: isoDate(dateCreated),
    date_updated: isoDate(dateCreated),
    url: `${ctx.origin}/v1/Trunks/${trunk.sid}/${kind}/${sid}`,
  };
}

const NUMBER_CAPABILITIES = { voice: true, sms: false, mms: false, fax: false };

export function renderTrunkPhoneNumber(ctx: RenderContext, trunk: FakeTrunk, n: FakeIncomingPhoneNumber) {
  return {
    account_sid: ctx.state.accountSid,
    address_requirements: 'none',
    api_version: '2010-04-01',
    beta: false,
    capabilities: { ...NUMBER_CAPABILITIES },
    date_created: isoDate(n.dateCreated),
    date_updated: isoDate(n.dateUpdated),
    friendly_name: n.friendlyName,
    links: { phone_number: `${ctx.origin}${accountPath(ctx.state.accountSid)}/IncomingPhoneNumbers/${n.sid}.json` },
    phone_number: n.phoneNumber,
    sid: n.sid,
    sms_application_sid: null,
    sms_fallback_method: 'POST',
    sms_fallback_url: null,
    sms_method: 'POST',
    sms_url: null,
    status_callback: null,
    status_callback_method: 'POST',
    trunk_sid: trunk.sid,
    url: `${ctx.origin}/v1/Trunks/${trunk.sid}/PhoneNumbers/${n.sid}`,
    voice_application_sid: null,
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: null,
    voice_method: 'POST',
    voice_url: null,
  };
}

/** What every 2010 SIP resource carries: its sid, account, dates and its own `.json` uri under the account. */
function sipResource(ctx: RenderContext, path: string, r: Dated & { sid: string }) {
  return {
    sid: r.sid,
    account_sid: ctx.state.accountSid,
    date_created: rfc2822Date(r.dateCreated),
    date_updated: rfc2822Date(r.dateUpdated),
    uri: `${accountPath(ctx.state.accountSid)}/SIP/${path}.json`,
  };
}

/** A SIP list (IP access control list, credential list): a resource with a name and one subresource of entries. */
function sipList(
  ctx: RenderContext,
  path: string,
  list: Dated & { sid: string; friendlyName: string },
  entries: { key: string; collection: string },
) {
  return {
    ...sipResource(ctx, path, list),
    friendly_name: list.friendlyName,
    subresource_uris: { [entries.key]: `${accountPath(ctx.state.accountSid)}/SIP/${path}/${entries.collection}.json` },
  };
}

export function renderIpAccessControlList(ctx: RenderContext, a: FakeIpAccessControlList) {
  return sipList(ctx, `IpAccessControlLists/${a.sid}`, a, { key: 'ip_addresses', collection: 'IpAddresses' });
}

export function renderIpAddress(ctx: RenderContext, a: FakeIpAccessControlList, ip: FakeIpAddress) {
  return {
    ...sipResource(ctx, `IpAccessControlLists/${a.sid}/IpAddresses/${ip.sid}`, ip),
    friendly_name: ip.friendlyName,
    ip_address: ip.ipAddress,
    cidr_prefix_length: ip.cidrPrefixLength,
    ip_access_control_list_sid: a.sid,
  };
}

export function renderCredentialList(ctx: RenderContext, c: FakeCredentialList) {
  return sipList(ctx, `CredentialLists/${c.sid}`, c, { key: 'credentials', collection: 'Credentials' });
}

/** No password and no hash: Twilio never returns either (docs/vendor-facts.md, "Twilio credentials"). */
export function renderCredential(ctx: RenderContext, c: FakeCredentialList, cr: FakeCredential) {
  return {
    ...sipResource(ctx, `CredentialLists/${c.sid}/Credentials/${cr.sid}`, cr),
    credential_list_sid: c.sid,
    username: cr.username,
  };
}

export function renderIncomingPhoneNumber(ctx: RenderContext, n: FakeIncomingPhoneNumber) {
  return {
    account_sid: ctx.state.accountSid,
    address_sid: null,
    address_requirements: 'none',
    api_version: '2010-04-01',
    beta: false,
    capabilities: { ...NUMBER_CAPABILITIES },
    date_created: rfc2822Date(n.dateCreated),
    date_updated: rfc2822Date(n.dateUpdated),
    friendly_name: n.friendlyName,
    identity_sid: null,
    phone_number: n.phoneNumber,
    origin: 'twilio',
    sid: n.sid,
    sms_application_sid: null,
    sms_fallback_method: 'POST',
    sms_fallback_url: null,
    sms_method: 'POST',
    sms_url: null,
    status_callback: null,
    status_callback_method: 'POST',
    trunk_sid: n.trunkSid,
    uri: `${accountPath(ctx.state.accountSid)}/IncomingPhoneNumbers/${n.sid}.json`,
    voice_receive_mode: 'voice',
    voice_application_sid: null,
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: null,
    voice_method: 'POST',
    voice_url: null,
    emergency_status: 'Inactive',
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    bundle_sid: null,
    status: 'in-use',
    type: 'local',
  };
}

export function renderCall(ctx: RenderContext, c: FakeCall) {
  const uri = `${accountPath(ctx.state.accountSid)}/Calls/${c.sid}`;
  return {
    sid: c.sid,
    date_created: rfc2822Date(c.dateCreated),
    date_updated: rfc2822Date(c.dateUpdated),
    parent_call_sid: null,
    account_sid: ctx.state.accountSid,
    to: c.to,
    to_formatted: c.to,
    from: c.from,
    from_formatted: c.from,
    phone_number_sid: c.phoneNumberSid,
    status: c.status,
    start_time: rfc2822Date(c.startTime),
    end_time: c.endTime ? rfc2822Date(c.endTime) : null,
    // The 2010 API sends duration as a string, empty (null) until the call has ended.
    duration: c.endTime ? String(c.duration) : null,
    price: c.endTime && c.duration > 0 ? '-0.01300' : null,
    price_unit: 'USD',
    direction: c.direction,
    answered_by: null,
    api_version: '2010-04-01',
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: c.trunkSid,
    uri: `${uri}.json`,
    subresource_uris: {
      notifications: `${uri}/Notifications.json`,
      recordings: `${uri}/Recordings.json`,
      events: `${uri}/Events.json`,
    },
  };
}

/** A list item omits the request/response details that fetching one alert adds (spec: alert vs alert-instance). */
export function renderAlert(ctx: RenderContext, a: FakeAlert, full = false) {
  const base = {
    account_sid: ctx.state.accountSid,
    alert_text: a.alertText,
    api_version: '2010-04-01',
    date_created: isoDate(a.dateGenerated),
    date_generated: isoDate(a.dateGenerated),
    date_updated: isoDate(a.dateGenerated),
    error_code: a.errorCode,
    log_level: a.logLevel,
    more_info: `https://www.twilio.com/docs/errors/${a.errorCode}`,
    request_method: null,
    request_url: null,
    resource_sid: a.resourceSid,
    sid: a.sid,
    url: `${ctx.origin}/v1/Alerts/${a.sid}`,
    service_sid: null,
  };
  return full
    ? { ...base, request_variables: null, response_body: null, response_headers: null, request_headers: null }
    : base;
}
