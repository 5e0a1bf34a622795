/**
 * The 2010 API under `/2010-04-01/Accounts/{AccountSid}` (docs/vendor-facts.md, "Twilio trunk resources"): SIP IP
 * access control lists with their IP addresses, SIP credential lists with their credentials, IncomingPhoneNumbers and
 * Calls. Paths end in `.json`, lists use the flat envelope with relative `*_uri`s, dates are RFC 2822.
 */
import { page2010 } from './paging.js';
import {
  renderCall,
  renderCredential,
  renderCredentialList,
  renderIncomingPhoneNumber,
  renderIpAccessControlList,
  renderIpAddress,
} from './render.js';
import { created, noContent, ok, type Route, type RouteRequest, type RouteResult, route } from './router.js';
import { type FakeCall, type FakeCredentialList, type FakeIpAccessControlList, passwordHash } from './state.js';
import { intParam, invalidParameter, newSid, notFound, requireParam, twilioHttpError, wholeSeconds } from './wire.js';

/** A route under the account; the handler's params start after the AccountSid, which must be the caller's. */
function accountRoute(method: Route['method'], sub: string, handle: (req: RouteRequest) => RouteResult): Route {
  return route(method, `/2010-04-01/Accounts/{AccountSid}${sub}`, (req) => {
    if (req.params[0] !== req.state.accountSid) throw notFound(req.path);
    return handle({ ...req, params: req.params.slice(1) });
  });
}

function findAcl(req: RouteRequest): FakeIpAccessControlList {
  const acl = req.state.ipAccessControlLists.find((a) => a.sid === req.params[0]);
  if (!acl) throw notFound(req.path);
  return acl;
}

function findCl(req: RouteRequest): FakeCredentialList {
  const cl = req.state.credentialLists.find((c) => c.sid === req.params[0]);
  if (!cl) throw notFound(req.path);
  return cl;
}

function friendlyName(form: URLSearchParams, max: number): string {
  const name = requireParam(form, 'FriendlyName');
  if (name.length > max) throw invalidParameter(`Invalid parameter FriendlyName: at most ${max} characters`);
  return name;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function ipAddress(form: URLSearchParams, required: boolean): string | undefined {
  const ip = required ? requireParam(form, 'IpAddress') : (form.get('IpAddress') ?? undefined);
  // Dotted IPv4 only; a range is an address plus CidrPrefixLength (docs/vendor-facts.md, "Twilio trunk resources").
  if (ip !== undefined && !IPV4.test(ip)) throw invalidParameter(`Invalid parameter IpAddress: ${ip} is not IPv4`);
  return ip;
}

/** At least 12 characters, at least one digit, mixed case (docs/vendor-facts.md, "Twilio credentials"). */
function checkPassword(password: string): void {
  if (password.length < 12 || !/\d/.test(password) || !/[a-z]/.test(password) || !/[A-Z]/.test(password)) {
    throw invalidParameter(
      'Invalid parameter Password: at least 12 characters with at least one digit, one lower-case and one upper-case letter',
    );
  }
}

/** `PhoneNumber` filter: partial match, `*` stands for one digit (docs/vendor-facts.md, "Twilio trunk resources"). */
function numberPattern(filter: string): RegExp {
  const escaped = filter.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '\\d');
  return new RegExp(escaped);
}

/** A day (`YYYY-MM-DD`) or an instant; a day filter covers the whole UTC day. */
function timeRange(value: string, name: string): { from: number; to: number } {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const t = Date.parse(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(t)) throw invalidParameter(`Invalid parameter ${name}: ${value} is not a date`);
  return { from: t, to: day ? t + 86_400_000 - 1 : t };
}

/** StartTime / StartTime< / StartTime> (and the EndTime trio): on, on or before, on or after. */
function timeFilter(query: URLSearchParams, name: string, pick: (c: FakeCall) => Date | null) {
  const checks: ((c: FakeCall) => boolean)[] = [];
  const at = (c: FakeCall) => pick(c)?.getTime();
  const eq = query.get(name);
  if (eq !== null) {
    const r = timeRange(eq, name);
    checks.push((c) => (at(c) ?? Number.NaN) >= r.from && (at(c) ?? Number.NaN) <= r.to);
  }
  const before = query.get(`${name}<`);
  if (before !== null) {
    const r = timeRange(before, `${name}<`);
    checks.push((c) => (at(c) ?? Number.POSITIVE_INFINITY) <= r.to);
  }
  const after = query.get(`${name}>`);
  if (after !== null) {
    const r = timeRange(after, `${name}>`);
    checks.push((c) => (at(c) ?? Number.NEGATIVE_INFINITY) >= r.from);
  }
  return (c: FakeCall) => checks.every((f) => f(c));
}

const MAX_CREDENTIALS = 1000;

export const api2010Routes: Route[] = [
  // ---------------------------------------------------------------- SIP IP access control lists
  accountRoute('GET', '/SIP/IpAccessControlLists.json', (req) =>
    ok(
      page2010(req.path, req.query, 'ip_access_control_lists', req.state.ipAccessControlLists, (a) =>
        renderIpAccessControlList(req.render, a),
      ),
    ),
  ),
  accountRoute('POST', '/SIP/IpAccessControlLists.json', (req) => {
    const now = wholeSeconds(req.nowMs);
    const acl = {
      sid: newSid('AL'),
      friendlyName: friendlyName(req.form, 255),
      dateCreated: now,
      dateUpdated: now,
      ipAddresses: [],
    };
    req.state.ipAccessControlLists.push(acl);
    return created(renderIpAccessControlList(req.render, acl));
  }),
  accountRoute('GET', '/SIP/IpAccessControlLists/{Sid}.json', (req) =>
    ok(renderIpAccessControlList(req.render, findAcl(req))),
  ),
  accountRoute('POST', '/SIP/IpAccessControlLists/{Sid}.json', (req) => {
    const acl = findAcl(req);
    acl.friendlyName = friendlyName(req.form, 255);
    acl.dateUpdated = wholeSeconds(req.nowMs);
    return ok(renderIpAccessControlList(req.render, acl));
  }),
  accountRoute('DELETE', '/SIP/IpAccessControlLists/{Sid}.json', (req) => {
    const acl = findAcl(req);
    req.state.ipAccessControlLists.splice(req.state.ipAccessControlLists.indexOf(acl), 1);
    for (const t of req.state.trunks) t.ipAccessControlLists = t.ipAccessControlLists.filter((a) => a.sid !== acl.sid);
    return noContent();
  }),
  accountRoute('GET', '/SIP/IpAccessControlLists/{AclSid}/IpAddresses.json', (req) => {
    const acl = findAcl(req);
    return ok(
      page2010(req.path, req.query, 'ip_addresses', acl.ipAddresses, (ip) => renderIpAddress(req.render, acl, ip)),
    );
  }),
  accountRoute('POST', '/SIP/IpAccessControlLists/{AclSid}/IpAddresses.json', (req) => {
    const acl = findAcl(req);
    const name = friendlyName(req.form, 255);
    const now = wholeSeconds(req.nowMs);
    const ip = {
      sid: newSid('IP'),
      friendlyName: name,
      ipAddress: ipAddress(req.form, true)!,
      // Omitted means a single host, which the response shows as 32 (docs/vendor-facts.md, "Twilio trunk resources").
      cidrPrefixLength: intParam(req.form, 'CidrPrefixLength', 0, 32) ?? 32,
      dateCreated: now,
      dateUpdated: now,
    };
    acl.ipAddresses.push(ip);
    acl.dateUpdated = now;
    return created(renderIpAddress(req.render, acl, ip));
  }),
  accountRoute('GET', '/SIP/IpAccessControlLists/{AclSid}/IpAddresses/{Sid}.json', (req) => {
    const acl = findAcl(req);
    const ip = acl.ipAddresses.find((x) => x.sid === req.params[1]);
    if (!ip) throw notFound(req.path);
    return ok(renderIpAddress(req.render, acl, ip));
  }),
  accountRoute('POST', '/SIP/IpAccessControlLists/{AclSid}/IpAddresses/{Sid}.json', (req) => {
    const acl = findAcl(req);
    const ip = acl.ipAddresses.find((x) => x.sid === req.params[1]);
    if (!ip) throw notFound(req.path);
    ip.ipAddress = ipAddress(req.form, false) ?? ip.ipAddress;
    ip.friendlyName = req.form.get('FriendlyName') ?? ip.friendlyName;
    ip.cidrPrefixLength = intParam(req.form, 'CidrPrefixLength', 0, 32) ?? ip.cidrPrefixLength;
    ip.dateUpdated = wholeSeconds(req.nowMs);
    return ok(renderIpAddress(req.render, acl, ip));
  }),
  accountRoute('DELETE', '/SIP/IpAccessControlLists/{AclSid}/IpAddresses/{Sid}.json', (req) => {
    const acl = findAcl(req);
    const i = acl.ipAddresses.findIndex((x) => x.sid === req.params[1]);
    if (i < 0) throw notFound(req.path);
    acl.ipAddresses.splice(i, 1);
    return noContent();
  }),

  // ---------------------------------------------------------------- SIP credential lists
  accountRoute('GET', '/SIP/CredentialLists.json', (req) =>
    ok(
      page2010(req.path, req.query, 'credential_lists', req.state.credentialLists, (c) =>
        renderCredentialList(req.render, c),
      ),
    ),
  ),
  accountRoute('POST', '/SIP/CredentialLists.json', (req) => {
    const now = wholeSeconds(req.nowMs);
    const cl = {
      sid: newSid('CL'),
      friendlyName: friendlyName(req.form, 64),
      dateCreated: now,
      dateUpdated: now,
      credentials: [],
    };
    req.state.credentialLists.push(cl);
    return created(renderCredentialList(req.render, cl));
  }),
  accountRoute('GET', '/SIP/CredentialLists/{Sid}.json', (req) => ok(renderCredentialList(req.render, findCl(req)))),
  accountRoute('POST', '/SIP/CredentialLists/{Sid}.json', (req) => {
    const cl = findCl(req);
    cl.friendlyName = friendlyName(req.form, 64);
    cl.dateUpdated = wholeSeconds(req.nowMs);
    return ok(renderCredentialList(req.render, cl));
  }),
  accountRoute('DELETE', '/SIP/CredentialLists/{Sid}.json', (req) => {
    const cl = findCl(req);
    req.state.credentialLists.splice(req.state.credentialLists.indexOf(cl), 1);
    for (const t of req.state.trunks) t.credentialLists = t.credentialLists.filter((a) => a.sid !== cl.sid);
    return noContent();
  }),
  accountRoute('GET', '/SIP/CredentialLists/{ClSid}/Credentials.json', (req) => {
    const cl = findCl(req);
    return ok(
      page2010(req.path, req.query, 'credentials', cl.credentials, (cr) => renderCredential(req.render, cl, cr)),
    );
  }),
  accountRoute('POST', '/SIP/CredentialLists/{ClSid}/Credentials.json', (req) => {
    const cl = findCl(req);
    const username = requireParam(req.form, 'Username');
    if (username.length > 32) throw invalidParameter('Invalid parameter Username: at most 32 characters');
    const password = requireParam(req.form, 'Password');
    checkPassword(password);
    if (cl.credentials.some((c) => c.username === username)) {
      throw invalidParameter(`Invalid parameter Username: ${username} already exists in this credential list`);
    }
    if (cl.credentials.length >= MAX_CREDENTIALS) {
      throw twilioHttpError(400, 21242, `Credential list ${cl.sid} already holds ${MAX_CREDENTIALS} credentials`);
    }
    const now = wholeSeconds(req.nowMs);
    const cr = {
      sid: newSid('CR'),
      username,
      passwordHash: passwordHash(username, password),
      dateCreated: now,
      dateUpdated: now,
    };
    cl.credentials.push(cr);
    return created(renderCredential(req.render, cl, cr));
  }),
  accountRoute('GET', '/SIP/CredentialLists/{ClSid}/Credentials/{Sid}.json', (req) => {
    const cl = findCl(req);
    const cr = cl.credentials.find((x) => x.sid === req.params[1]);
    if (!cr) throw notFound(req.path);
    return ok(renderCredential(req.render, cl, cr));
  }),
  // Only the password can change; the username cannot (docs/vendor-facts.md, "Twilio credentials").
  accountRoute('POST', '/SIP/CredentialLists/{ClSid}/Credentials/{Sid}.json', (req) => {
    const cl = findCl(req);
    const cr = cl.credentials.find((x) => x.sid === req.params[1]);
    if (!cr) throw notFound(req.path);
    const password = requireParam(req.form, 'Password');
    checkPassword(password);
    cr.passwordHash = passwordHash(cr.username, password);
    cr.dateUpdated = wholeSeconds(req.nowMs);
    return ok(renderCredential(req.render, cl, cr));
  }),
  accountRoute('DELETE', '/SIP/CredentialLists/{ClSid}/Credentials/{Sid}.json', (req) => {
    const cl = findCl(req);
    const i = cl.credentials.findIndex((x) => x.sid === req.params[1]);
    if (i < 0) throw notFound(req.path);
    cl.credentials.splice(i, 1);
    return noContent();
  }),

  // ---------------------------------------------------------------- IncomingPhoneNumbers
  accountRoute('GET', '/IncomingPhoneNumbers.json', (req) => {
    const number = req.query.get('PhoneNumber');
    const name = req.query.get('FriendlyName');
    const origin = req.query.get('Origin');
    const beta = req.query.get('Beta');
    const pattern = number === null ? undefined : numberPattern(number);
    const numbers = req.state.incomingPhoneNumbers.filter(
      (n) =>
        (!pattern || pattern.test(n.phoneNumber)) &&
        (name === null || n.friendlyName === name) &&
        (origin === null || origin === 'twilio') &&
        (beta === null || beta === 'false'),
    );
    return ok(
      page2010(req.path, req.query, 'incoming_phone_numbers', numbers, (n) => renderIncomingPhoneNumber(req.render, n)),
    );
  }),
  accountRoute('GET', '/IncomingPhoneNumbers/{Sid}.json', (req) => {
    const n = req.state.incomingPhoneNumbers.find((x) => x.sid === req.params[0]);
    if (!n) throw notFound(req.path);
    return ok(renderIncomingPhoneNumber(req.render, n));
  }),
  // Setting TrunkSid is the second way to put a number on a trunk; an empty value takes it off
  // (docs/vendor-facts.md, "Twilio trunk resources").
  accountRoute('POST', '/IncomingPhoneNumbers/{Sid}.json', (req) => {
    const n = req.state.incomingPhoneNumbers.find((x) => x.sid === req.params[0]);
    if (!n) throw notFound(req.path);
    const trunkSid = req.form.get('TrunkSid');
    if (trunkSid !== null) {
      if (trunkSid !== '' && !req.state.trunks.some((t) => t.sid === trunkSid)) {
        throw invalidParameter(`Invalid parameter TrunkSid: ${trunkSid} is not a trunk of this account`);
      }
      n.trunkSid = trunkSid === '' ? null : trunkSid;
    }
    n.friendlyName = req.form.get('FriendlyName') ?? n.friendlyName;
    n.dateUpdated = wholeSeconds(req.nowMs);
    return ok(renderIncomingPhoneNumber(req.render, n));
  }),
  accountRoute('DELETE', '/IncomingPhoneNumbers/{Sid}.json', (req) => {
    const i = req.state.incomingPhoneNumbers.findIndex((x) => x.sid === req.params[0]);
    if (i < 0) throw notFound(req.path);
    req.state.incomingPhoneNumbers.splice(i, 1);
    return noContent();
  }),

  // ---------------------------------------------------------------- Calls
  // The list has no TrunkSid filter (docs/vendor-facts.md, "Twilio calls and Voice Insights").
  accountRoute('GET', '/Calls.json', (req) => {
    const q = req.query;
    const byStart = timeFilter(q, 'StartTime', (c) => c.startTime);
    const byEnd = timeFilter(q, 'EndTime', (c) => c.endTime);
    const calls = req.state.calls
      .filter(
        (c) =>
          (q.get('To') === null || c.to === q.get('To')) &&
          (q.get('From') === null || c.from === q.get('From')) &&
          (q.get('Status') === null || c.status === q.get('Status')) &&
          q.get('ParentCallSid') === null &&
          byStart(c) &&
          byEnd(c),
      )
      // Newest first, as Twilio lists calls.
      .sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
    return ok(page2010(req.path, q, 'calls', calls, (c) => renderCall(req.render, c)));
  }),
  accountRoute('GET', '/Calls/{Sid}.json', (req) => {
    const c = req.state.calls.find((x) => x.sid === req.params[0]);
    if (!c) throw notFound(req.path);
    return ok(renderCall(req.render, c));
  }),
];
