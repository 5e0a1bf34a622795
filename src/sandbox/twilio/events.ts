/**
 * Monitor Events (`GET /v1/Events`, `GET /v1/Events/{Sid}`; docs/change-records.md, "Twilio Monitor Events"): the
 * account's change log. Every successful write made through the fake's API leaves one event naming the actor (the
 * authenticating account, `actor_type` `account`, `source` `api`; or a console user when a test acts as one), the
 * resource, its type, and in `event_data.resource_properties` each changed property as `{ previous, updated }`.
 * Listing is newest first and filters on ResourceSid, ActorSid, EventType, SourceIpAddress, StartDate, EndDate.
 */

import type { ConsoleUser, FakeEvent } from './event-records.js';
import { pageV1 } from './paging.js';
import type { RenderContext } from './render.js';
import { ok, type Route, route } from './router.js';
import { invalidParameter, isoDate, newSid, notFound } from './wire.js';

export type { ConsoleUser, FakeEvent } from './event-records.js';

/** The resource a write path changes; the first match wins. */
const RESOURCE_TYPES: [RegExp, string][] = [
  [/^\/v1\/Trunks\/[^/]+\/OriginationUrls/, 'origination-url'],
  [/^\/v1\/Trunks\/[^/]+\/IpAccessControlLists/, 'trunk-ip-access-control-list'],
  [/^\/v1\/Trunks\/[^/]+\/CredentialLists/, 'trunk-credential-list'],
  [/^\/v1\/Trunks\/[^/]+\/PhoneNumbers/, 'trunk-phone-number'],
  [/^\/v1\/Trunks\/[^/]+\/Recording/, 'trunk-recording'],
  [/^\/v1\/Trunks/, 'trunk'],
  [/\/SIP\/IpAccessControlLists\/[^/]+\/IpAddresses/, 'sip-ip-address'],
  [/\/SIP\/IpAccessControlLists/, 'sip-ip-access-control-list'],
  [/\/SIP\/CredentialLists\/[^/]+\/Credentials/, 'sip-credential'],
  [/\/SIP\/CredentialLists/, 'sip-credential-list'],
  [/\/IncomingPhoneNumbers/, 'phone-number'],
];

export function resourceTypeOf(path: string): string | undefined {
  return RESOURCE_TYPES.find(([p]) => p.test(path))?.[1];
}

/** Bookkeeping fields of a rendered resource that no one changes. */
const NOT_PROPERTIES = new Set([
  'sid',
  'account_sid',
  'trunk_sid',
  'date_created',
  'date_updated',
  'url',
  'uri',
  'links',
  'subresource_uris',
  'api_version',
]);

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `{ property: { previous, updated } }` for every property that differs between the two renderings. */
function changedProperties(before: unknown, after: unknown): Json {
  const a = isObject(before) ? before : {};
  const b = isObject(after) ? after : {};
  const out: Json = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (NOT_PROPERTIES.has(key)) continue;
    const previous = a[key] ?? null;
    const updated = b[key] ?? null;
    if (JSON.stringify(previous) !== JSON.stringify(updated)) out[key] = { previous, updated };
  }
  return out;
}

function absoluteUrl(resource: Json | undefined, origin: string): string | null {
  if (!resource) return null;
  if (typeof resource['url'] === 'string') return resource['url'];
  if (typeof resource['uri'] === 'string') return origin + resource['uri'];
  return null;
}

/** Records the event of one successful write; `before` is the resource read just before it (undefined: created). */
export function recordWriteEvent(
  events: FakeEvent[],
  write: {
    method: 'POST' | 'DELETE';
    path: string;
    before: unknown;
    after: unknown;
    origin: string;
    /** `apiKeySid`: the request authenticated with an API key (`api-key` actor) rather than the auth token. */
    actor: { accountSid: string; consoleUser?: ConsoleUser; apiKeySid?: string; ip: string | null };
    nowMs: number;
  },
): FakeEvent | undefined {
  const resourceType = resourceTypeOf(write.path);
  if (!resourceType) return undefined;
  const before = isObject(write.before) ? write.before : undefined;
  const after = write.method === 'DELETE' ? undefined : isObject(write.after) ? write.after : undefined;
  const action = write.method === 'DELETE' ? 'deleted' : before ? 'updated' : 'created';
  const resource = after ?? before;
  const sid = typeof resource?.['sid'] === 'string' ? (resource['sid'] as string) : null;
  const user = write.actor.consoleUser;
  const event: FakeEvent = {
    sid: newSid('AE'),
    eventType: `${resourceType}.${action}`,
    resourceType,
    resourceSid: sid,
    resourceUrl: absoluteUrl(resource, write.origin),
    actorSid: user ? user.sid : (write.actor.apiKeySid ?? write.actor.accountSid),
    actorType: user ? 'user' : write.actor.apiKeySid ? 'api-key' : 'account',
    source: user ? 'web' : 'api',
    sourceIpAddress: write.actor.ip,
    description: `${resourceType} ${action}`,
    eventData: { resource_properties: changedProperties(before, after) },
    eventDate: new Date(Math.floor(write.nowMs / 1000) * 1000),
  };
  events.push(event);
  return event;
}

export function renderEvent(ctx: RenderContext, e: FakeEvent) {
  return {
    account_sid: ctx.state.accountSid,
    actor_sid: e.actorSid,
    actor_type: e.actorType,
    description: e.description,
    event_data: e.eventData,
    event_date: isoDate(e.eventDate),
    event_type: e.eventType,
    resource_sid: e.resourceSid,
    resource_type: e.resourceType,
    sid: e.sid,
    source: e.source,
    source_ip_address: e.sourceIpAddress,
    url: `${ctx.origin}/v1/Events/${e.sid}`,
    links: {
      actor: e.actorSid?.startsWith('AC') ? `${ctx.origin}/2010-04-01/Accounts/${e.actorSid}.json` : null,
      resource: e.resourceUrl,
    },
  };
}

function eventDate(value: string | null, name: string): number | undefined {
  if (value === null) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw invalidParameter(`Invalid parameter ${name}: ${value}`);
  return t;
}

export const eventRoutes: Route[] = [
  route('GET', '/v1/Events', (req) => {
    const q = req.query;
    const start = eventDate(q.get('StartDate'), 'StartDate');
    const end = eventDate(q.get('EndDate'), 'EndDate');
    const events = req.state.events
      .filter(
        (e) =>
          (q.get('ResourceSid') === null || e.resourceSid === q.get('ResourceSid')) &&
          (q.get('ActorSid') === null || e.actorSid === q.get('ActorSid')) &&
          (q.get('EventType') === null || e.eventType === q.get('EventType')) &&
          (q.get('SourceIpAddress') === null || e.sourceIpAddress === q.get('SourceIpAddress')) &&
          (start === undefined || e.eventDate.getTime() >= start) &&
          (end === undefined || e.eventDate.getTime() <= end),
      )
      // Newest first; the same second keeps the order the writes happened in, reversed.
      .map((e, i) => ({ e, i }))
      .sort((x, y) => y.e.eventDate.getTime() - x.e.eventDate.getTime() || y.i - x.i)
      .map((x) => x.e);
    return ok(pageV1(req.render.origin, req.path, q, 'events', events, (e) => renderEvent(req.render, e)));
  }),
  route('GET', '/v1/Events/{Sid}', (req) => {
    const event = req.state.events.find((e) => e.sid === req.params[0]);
    if (!event) throw notFound(req.path);
    return ok(renderEvent(req.render, event));
  }),
];
