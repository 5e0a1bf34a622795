/**
 * Elastic SIP Trunking v1 (docs/vendor-facts.md, "Twilio trunk resources"): trunks and, per trunk, origination URLs, IP
 * ACL and credential-list associations, phone numbers and recording settings. Writes are form-encoded POSTs; create
 * 201, delete 204.
 */
import { pageV1 } from './paging.js';
import { renderAssociation, renderOriginationUrl, renderTrunk, renderTrunkPhoneNumber } from './render.js';
import { created, noContent, ok, type Route, type RouteRequest, route } from './router.js';
import { type FakeAssociation, type FakeTrunk, noRecording, TRUNK_DEFAULTS } from './state.js';
import {
  boolParam,
  intParam,
  invalidParameter,
  newSid,
  notFound,
  requireParam,
  twilioHttpError,
  wholeSeconds,
} from './wire.js';

const TRANSFER_MODES = ['disable-all', 'enable-all', 'sip-only'] as const;
const TRANSFER_CALLER_IDS = ['from-transferee', 'from-transferor'] as const;
const RECORDING_MODES = [
  'do-not-record',
  'record-from-ringing',
  'record-from-answer',
  'record-from-ringing-dual',
  'record-from-answer-dual',
];
const RECORDING_TRIMS = ['do-not-trim', 'trim-silence'];

function findTrunk(req: RouteRequest): FakeTrunk {
  const trunk = req.state.trunks.find((t) => t.sid === req.params[0]);
  if (!trunk) throw notFound(req.path);
  return trunk;
}

function oneOf<T extends string>(form: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const v = form.get(name);
  if (v === null) return undefined;
  if (!(allowed as readonly string[]).includes(v)) {
    throw invalidParameter(`Invalid parameter ${name}: one of ${allowed.join(', ')}`);
  }
  return v as T;
}

/** The termination SIP URI: letters, digits and `-`, ending in pstn.twilio.com; unique across Twilio (21248). */
function checkDomain(req: RouteRequest, domain: string, self?: FakeTrunk): void {
  if (!/^[A-Za-z0-9-]+\.pstn\.twilio\.com$/.test(domain)) {
    throw invalidParameter(`Invalid parameter DomainName: ${domain} must be <name>.pstn.twilio.com`);
  }
  const taken = req.state.trunks.some((t) => t !== self && t.domainName?.toLowerCase() === domain.toLowerCase());
  if (taken) throw twilioHttpError(400, 21248, `Trunk domain ${domain} is already taken`);
}

/** Create and update take the same optional fields (https://www.twilio.com/docs/sip-trunking/api/trunk-resource). */
function applyTrunkFields(req: RouteRequest, trunk: FakeTrunk): void {
  const f = req.form;
  const domain = f.get('DomainName');
  if (domain !== null) {
    if (domain === '') trunk.domainName = null;
    else {
      checkDomain(req, domain, trunk);
      trunk.domainName = domain;
    }
  }
  const name = f.get('FriendlyName');
  if (name !== null) trunk.friendlyName = name;
  const drUrl = f.get('DisasterRecoveryUrl');
  if (drUrl !== null) trunk.disasterRecoveryUrl = drUrl === '' ? null : drUrl;
  trunk.disasterRecoveryMethod =
    oneOf(f, 'DisasterRecoveryMethod', ['GET', 'POST'] as const) ?? trunk.disasterRecoveryMethod;
  trunk.transferMode = oneOf(f, 'TransferMode', TRANSFER_MODES) ?? trunk.transferMode;
  trunk.transferCallerId = oneOf(f, 'TransferCallerId', TRANSFER_CALLER_IDS) ?? trunk.transferCallerId;
  trunk.secure = boolParam(f, 'Secure') ?? trunk.secure;
  trunk.cnamLookupEnabled = boolParam(f, 'CnamLookupEnabled') ?? trunk.cnamLookupEnabled;
}

function checkSipUrl(sipUrl: string): void {
  // Origination must use `sip:`; `sips:` is not accepted (docs/vendor-facts.md, "Twilio trunk resources").
  if (!/^sip:[^\s]+$/.test(sipUrl)) throw invalidParameter(`Invalid parameter SipUrl: ${sipUrl} must use sip:`);
}

type ListKind = 'IpAccessControlLists' | 'CredentialLists';

function associationRoutes(kind: ListKind, sidParam: string): Route[] {
  const listsOf = (t: FakeTrunk): FakeAssociation[] =>
    kind === 'IpAccessControlLists' ? t.ipAccessControlLists : t.credentialLists;
  const accountLists = (req: RouteRequest) =>
    kind === 'IpAccessControlLists' ? req.state.ipAccessControlLists : req.state.credentialLists;
  const base = `/v1/Trunks/{TrunkSid}/${kind}`;
  const find = (req: RouteRequest) => {
    const trunk = findTrunk(req);
    const assoc = listsOf(trunk).find((a) => a.sid === req.params[1]);
    if (!assoc) throw notFound(req.path);
    return { trunk, assoc };
  };
  return [
    route('GET', base, (req) => {
      const trunk = findTrunk(req);
      return ok(
        pageV1(
          req.render.origin,
          req.path,
          req.query,
          kind === 'IpAccessControlLists' ? 'ip_access_control_lists' : 'credential_lists',
          listsOf(trunk),
          (a) => renderAssociation(req.render, trunk, kind, a.sid, a.dateCreated),
        ),
      );
    }),
    route('POST', base, (req) => {
      const trunk = findTrunk(req);
      const sid = requireParam(req.form, sidParam);
      if (!accountLists(req).some((l) => l.sid === sid)) throw notFound(`/${kind}/${sid}`);
      // A list already associated with the trunk is a trunk validation error, 21245 (docs/vendor-facts.md, "Twilio
      // trunk resources").
      if (listsOf(trunk).some((a) => a.sid === sid)) {
        throw twilioHttpError(400, 21245, `${sid} is already associated with trunk ${trunk.sid}`);
      }
      const assoc = { sid, dateCreated: wholeSeconds(req.nowMs) };
      listsOf(trunk).push(assoc);
      trunk.dateUpdated = assoc.dateCreated;
      return created(renderAssociation(req.render, trunk, kind, sid, assoc.dateCreated));
    }),
    route('GET', `${base}/{Sid}`, (req) => {
      const { trunk, assoc } = find(req);
      return ok(renderAssociation(req.render, trunk, kind, assoc.sid, assoc.dateCreated));
    }),
    route('DELETE', `${base}/{Sid}`, (req) => {
      const { trunk, assoc } = find(req);
      listsOf(trunk).splice(listsOf(trunk).indexOf(assoc), 1);
      trunk.dateUpdated = wholeSeconds(req.nowMs);
      return noContent();
    }),
  ];
}

export const trunkingRoutes: Route[] = [
  route('GET', '/v1/Trunks', (req) =>
    ok(pageV1(req.render.origin, req.path, req.query, 'trunks', req.state.trunks, (t) => renderTrunk(req.render, t))),
  ),
  route('POST', '/v1/Trunks', (req) => {
    const now = wholeSeconds(req.nowMs);
    const trunk: FakeTrunk = {
      sid: newSid('TK'),
      friendlyName: null,
      domainName: null,
      secure: false,
      ...TRUNK_DEFAULTS,
      recording: noRecording(),
      dateCreated: now,
      dateUpdated: now,
      originationUrls: [],
      ipAccessControlLists: [],
      credentialLists: [],
    };
    applyTrunkFields(req, trunk);
    req.state.trunks.push(trunk);
    return created(renderTrunk(req.render, trunk));
  }),
  route('GET', '/v1/Trunks/{Sid}', (req) => ok(renderTrunk(req.render, findTrunk(req)))),
  route('POST', '/v1/Trunks/{Sid}', (req) => {
    const trunk = findTrunk(req);
    applyTrunkFields(req, trunk);
    trunk.dateUpdated = wholeSeconds(req.nowMs);
    return ok(renderTrunk(req.render, trunk));
  }),
  route('DELETE', '/v1/Trunks/{Sid}', (req) => {
    const trunk = findTrunk(req);
    req.state.trunks.splice(req.state.trunks.indexOf(trunk), 1);
    // Numbers stay on the account when their trunk goes (docs/vendor-facts.md, "Twilio trunk resources").
    for (const n of req.state.incomingPhoneNumbers) if (n.trunkSid === trunk.sid) n.trunkSid = null;
    return noContent();
  }),

  route('GET', '/v1/Trunks/{TrunkSid}/OriginationUrls', (req) => {
    const trunk = findTrunk(req);
    return ok(
      pageV1(req.render.origin, req.path, req.query, 'origination_urls', trunk.originationUrls, (o) =>
        renderOriginationUrl(req.render, trunk, o),
      ),
    );
  }),
  route('POST', '/v1/Trunks/{TrunkSid}/OriginationUrls', (req) => {
    const trunk = findTrunk(req);
    // All five are required on create (docs/vendor-facts.md, "Twilio trunk resources").
    for (const name of ['Weight', 'Priority', 'Enabled', 'FriendlyName', 'SipUrl']) requireParam(req.form, name);
    const weight = intParam(req.form, 'Weight', 1, 65535)!;
    const priority = intParam(req.form, 'Priority', 0, 65535)!;
    const enabled = boolParam(req.form, 'Enabled')!;
    const friendlyName = req.form.get('FriendlyName')!;
    if (friendlyName.length > 64) throw invalidParameter('Invalid parameter FriendlyName: at most 64 characters');
    const sipUrl = req.form.get('SipUrl')!;
    checkSipUrl(sipUrl);
    const now = wholeSeconds(req.nowMs);
    const o = {
      sid: newSid('OU'),
      friendlyName,
      sipUrl,
      priority,
      weight,
      enabled,
      dateCreated: now,
      dateUpdated: now,
    };
    trunk.originationUrls.push(o);
    return created(renderOriginationUrl(req.render, trunk, o));
  }),
  route('GET', '/v1/Trunks/{TrunkSid}/OriginationUrls/{Sid}', (req) => {
    const trunk = findTrunk(req);
    const o = trunk.originationUrls.find((x) => x.sid === req.params[1]);
    if (!o) throw notFound(req.path);
    return ok(renderOriginationUrl(req.render, trunk, o));
  }),
  route('POST', '/v1/Trunks/{TrunkSid}/OriginationUrls/{Sid}', (req) => {
    const trunk = findTrunk(req);
    const o = trunk.originationUrls.find((x) => x.sid === req.params[1]);
    if (!o) throw notFound(req.path);
    const sipUrl = req.form.get('SipUrl');
    if (sipUrl !== null) checkSipUrl(sipUrl);
    o.sipUrl = sipUrl ?? o.sipUrl;
    o.weight = intParam(req.form, 'Weight', 1, 65535) ?? o.weight;
    o.priority = intParam(req.form, 'Priority', 0, 65535) ?? o.priority;
    o.enabled = boolParam(req.form, 'Enabled') ?? o.enabled;
    o.friendlyName = req.form.get('FriendlyName') ?? o.friendlyName;
    o.dateUpdated = wholeSeconds(req.nowMs);
    return ok(renderOriginationUrl(req.render, trunk, o));
  }),
  route('DELETE', '/v1/Trunks/{TrunkSid}/OriginationUrls/{Sid}', (req) => {
    const trunk = findTrunk(req);
    const i = trunk.originationUrls.findIndex((x) => x.sid === req.params[1]);
    if (i < 0) throw notFound(req.path);
    trunk.originationUrls.splice(i, 1);
    return noContent();
  }),

  ...associationRoutes('IpAccessControlLists', 'IpAccessControlListSid'),
  ...associationRoutes('CredentialLists', 'CredentialListSid'),

  route('GET', '/v1/Trunks/{TrunkSid}/PhoneNumbers', (req) => {
    const trunk = findTrunk(req);
    const numbers = req.state.incomingPhoneNumbers.filter((n) => n.trunkSid === trunk.sid);
    return ok(
      pageV1(req.render.origin, req.path, req.query, 'phone_numbers', numbers, (n) =>
        renderTrunkPhoneNumber(req.render, trunk, n),
      ),
    );
  }),
  route('POST', '/v1/Trunks/{TrunkSid}/PhoneNumbers', (req) => {
    const trunk = findTrunk(req);
    const sid = requireParam(req.form, 'PhoneNumberSid');
    const number = req.state.incomingPhoneNumbers.find((n) => n.sid === sid);
    if (!number) throw notFound(`/IncomingPhoneNumbers/${sid}`);
    // The IncomingPhoneNumber's trunk_sid is what puts it on the trunk; a number is on at most one trunk.
    number.trunkSid = trunk.sid;
    number.dateUpdated = wholeSeconds(req.nowMs);
    return created(renderTrunkPhoneNumber(req.render, trunk, number));
  }),
  route('GET', '/v1/Trunks/{TrunkSid}/PhoneNumbers/{Sid}', (req) => {
    const trunk = findTrunk(req);
    const n = req.state.incomingPhoneNumbers.find((x) => x.sid === req.params[1] && x.trunkSid === trunk.sid);
    if (!n) throw notFound(req.path);
    return ok(renderTrunkPhoneNumber(req.render, trunk, n));
  }),
  route('DELETE', '/v1/Trunks/{TrunkSid}/PhoneNumbers/{Sid}', (req) => {
    const trunk = findTrunk(req);
    const n = req.state.incomingPhoneNumbers.find((x) => x.sid === req.params[1] && x.trunkSid === trunk.sid);
    if (!n) throw notFound(req.path);
    n.trunkSid = null;
    n.dateUpdated = wholeSeconds(req.nowMs);
    return noContent();
  }),

  route('GET', '/v1/Trunks/{TrunkSid}/Recording', (req) => ok({ ...findTrunk(req).recording })),
  // The recording singleton's update answers 200, not 201 (docs/vendor-facts.md, "Twilio trunk resources").
  route('POST', '/v1/Trunks/{TrunkSid}/Recording', (req) => {
    const trunk = findTrunk(req);
    trunk.recording = {
      mode: oneOf(req.form, 'Mode', RECORDING_MODES) ?? trunk.recording.mode,
      trim: oneOf(req.form, 'Trim', RECORDING_TRIMS) ?? trunk.recording.trim,
    };
    return ok({ ...trunk.recording });
  }),
];
