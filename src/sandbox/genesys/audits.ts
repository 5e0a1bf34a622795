/**
 * The fake org's audit trail and the Audit API that reads it (docs/change-records.md, "Genesys Cloud audits"):
 *
 * - every write made through the fake's API leaves one `AuditLogMessage` naming the OAuth client that made it
 *   (a client-credentials token has no user), the entity, its type and service, and each changed property with
 *   its old and new values;
 * - `POST /api/v2/audits/query/realtime` answers synchronously, for intervals within the last 14 days only;
 * - `POST /api/v2/audits/query` starts an asynchronous query whose status (`GET .../{transactionId}`) and results
 *   (`GET .../{transactionId}/results`, cursor-paged) are read afterwards, for any interval.
 *
 * Values are recorded as the API returned them: the fake does not mask anything, so the bot's own redaction of
 * secrets is what keeps them out of chat.
 */
import { randomUUID } from 'node:crypto';
import type platformClient from 'purecloud-platform-client-v2';
import type { AuditLogMessage, AuditQueryFilter, AuditQuerySort } from '../../genesys/models.js';
import { uuidFor } from '../scenario-snapshot.js';
import type { AuditQueryExecution } from './audit-records.js';
import type { GenesysFakeState } from './state.js';
import { fail, ok, type Reply } from './wire.js';

export type { AuditLogMessage } from '../../genesys/models.js';
export type { AuditQueryExecution } from './audit-records.js';

export const REALTIME_MAX_DAYS = 14;
const DAY_MS = 86_400_000;
const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 500;
const FILTER_PROPERTIES = ['UserId', 'ClientId', 'Action', 'EntityType', 'EntityId', 'TrusteeOrganizationId'];

/** Who made a write, as the audit names them. */
export interface AuditActor {
  /** The OAuth client id of the token (client-credentials grant). */
  clientId: string;
  /** A person, when the change came from a user's session (the admin UI); tests set it for console changes. */
  user?: { id: string; name: string };
  remoteIp?: string;
  /** `application` of the audit message; Genesys names the admin UI "Genesys Cloud". */
  application?: string;
}

interface EntityKind {
  pattern: RegExp;
  entityType: string;
  serviceName: string;
}

/** Which entity a write path changes, and the audit service that records it. */
const KINDS: EntityKind[] = [
  {
    pattern: /\/telephony\/providers\/edges\/trunkbasesettings(\/[^/]+)?$/,
    entityType: 'TrunkBase',
    serviceName: 'Telephony',
  },
  { pattern: /\/telephony\/providers\/edges\/didpools(\/[^/]+)?$/, entityType: 'DIDPool', serviceName: 'Telephony' },
  { pattern: /\/telephony\/providers\/edges\/dids(\/[^/]+)?$/, entityType: 'DID', serviceName: 'Telephony' },
  {
    pattern: /\/telephony\/providers\/edges\/sites\/[^/]+\/numberplans(\/[^/]+)?$/,
    entityType: 'NumberPlan',
    serviceName: 'Telephony',
  },
  {
    pattern: /\/telephony\/providers\/edges\/sites\/[^/]+\/outboundroutes(\/[^/]+)?$/,
    entityType: 'OutboundRoute',
    serviceName: 'Telephony',
  },
  { pattern: /\/telephony\/providers\/edges\/sites(\/[^/]+)?$/, entityType: 'Site', serviceName: 'Telephony' },
  {
    pattern: /\/telephony\/providers\/edges\/edgegroups(\/[^/]+)?$/,
    entityType: 'EdgeGroup',
    serviceName: 'Telephony',
  },
  { pattern: /\/telephony\/providers\/edges\/trunks(\/[^/]+)?$/, entityType: 'Trunk', serviceName: 'Telephony' },
  { pattern: /\/telephony\/providers\/edges(\/[^/]+)?$/, entityType: 'Edge', serviceName: 'Telephony' },
  { pattern: /\/architect\/ivrs(\/[^/]+)?$/, entityType: 'IVR', serviceName: 'Architect' },
  { pattern: /\/users(\/[^/]+)?$/, entityType: 'User', serviceName: 'Directory' },
];

const ACTIONS: Record<string, string> = { POST: 'Create', PUT: 'Update', PATCH: 'Update', DELETE: 'Delete' };

/** True for a request that changes the org (queries are POSTs that change nothing). */
export function isAuditedWrite(method: string, pathname: string): boolean {
  if (!(method in ACTIONS)) return false;
  if (pathname.startsWith('/api/v2/audits/')) return false;
  return KINDS.some((k) => k.pattern.test(pathname));
}

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The properties of an entity as an audit lists them: scalars and lists of scalars by name, trunk base properties
 * by their key (`trunk_enabled`), references by name, addresses as their phone numbers. Bookkeeping fields
 * (version, dates, URIs) are not changes anyone made.
 */
function auditedProperties(entity: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!isObject(entity)) return out;
  const skip = new Set(['id', 'version', 'selfUri', 'dateCreated', 'dateModified', 'modifiedBy', 'createdBy']);
  const values = (v: unknown): string[] | undefined => {
    if (v === null || v === undefined) return [];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return [String(v)];
    if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return v.map((x) => String(x));
    if (isObject(v) && typeof v['name'] === 'string') return [v['name']];
    if (isObject(v) && typeof v['id'] === 'string') return [v['id']];
    return undefined;
  };
  for (const [key, value] of Object.entries(entity)) {
    if (skip.has(key)) continue;
    if (key === 'properties' && isObject(value)) {
      for (const [prop, wrapped] of Object.entries(value)) {
        const instance = isObject(wrapped) && isObject(wrapped['value']) ? wrapped['value']['instance'] : undefined;
        const v = values(instance);
        if (v) out.set(prop, v);
      }
      continue;
    }
    if (key === 'addresses' && Array.isArray(value)) {
      out.set(
        'addresses',
        value.filter((a) => isObject(a) && a['mediaType'] === 'PHONE').map((a) => String((a as Json)['address'] ?? '')),
      );
      continue;
    }
    const v = values(value);
    if (v) out.set(key, v);
  }
  return out;
}

function propertyChanges(before: unknown, after: unknown): platformClient.Models.PropertyChange[] {
  const old = auditedProperties(before);
  const now = auditedProperties(after);
  const names = [...new Set([...old.keys(), ...now.keys()])].sort();
  const same = (a: string[] = [], b: string[] = []) => a.length === b.length && a.every((x, i) => x === b[i]);
  return names
    .filter((n) => !same(old.get(n), now.get(n)))
    .map((n) => ({ property: n, oldValues: old.get(n) ?? [], newValues: now.get(n) ?? [] }));
}

/** Records the audit of one successful write. `before` is the entity read just before it (undefined for a create). */
export function recordWriteAudit(
  state: GenesysFakeState,
  write: { method: string; pathname: string; before: unknown; after: unknown; actor: AuditActor; now: number },
): AuditLogMessage | undefined {
  const kind = KINDS.find((k) => k.pattern.test(write.pathname));
  if (!kind) return undefined;
  const after = write.method === 'DELETE' ? undefined : write.after;
  const entity = isObject(after) ? after : isObject(write.before) ? write.before : {};
  const id = typeof entity['id'] === 'string' ? entity['id'] : write.pathname.split('/').at(-1);
  const name = typeof entity['name'] === 'string' ? entity['name'] : undefined;
  const message: AuditLogMessage = {
    id: randomUUID(),
    userHomeOrgId: uuidFor(`org:${state.orgName}`),
    ...(write.actor.user
      ? {
          user: {
            id: write.actor.user.id,
            name: write.actor.user.name,
            selfUri: `/api/v2/users/${write.actor.user.id}`,
          },
        }
      : {}),
    client: { id: write.actor.clientId, selfUri: `/api/v2/oauth/clients/${write.actor.clientId}` },
    remoteIp: write.actor.remoteIp ? [write.actor.remoteIp] : [],
    serviceName: kind.serviceName,
    level: 'USER',
    eventDate: new Date(write.now).toISOString(),
    action: ACTIONS[write.method] ?? 'Update',
    entity: {
      id,
      ...(name ? { name } : {}),
      ...(typeof entity['selfUri'] === 'string' ? { selfUri: entity['selfUri'] } : {}),
    },
    entityType: kind.entityType,
    status: 'SUCCESS',
    application: write.actor.application ?? (write.actor.user ? 'Genesys Cloud' : 'Platform API'),
    transactionInitiator: true,
    propertyChanges: propertyChanges(write.before, after),
    context: {},
  };
  state.audits.push(message);
  return message;
}

// ------------------------------------------------------------------ queries

interface QueryRequest {
  from: number;
  to: number;
  interval: string;
  serviceName?: string;
  filters: AuditQueryFilter[];
  sort: AuditQuerySort[];
}

/** Checks the shared body of both queries; a wrong one gets the 400 a client can act on. */
function parseQuery(body: unknown, realtime: boolean): QueryRequest | Reply {
  if (!isObject(body)) return fail(400, 'bad.request', 'A query body is required');
  const interval = body['interval'];
  if (typeof interval !== 'string') {
    return fail(400, 'invalid.value', 'interval is required, e.g. 2024-05-01T00:00:00Z/2024-05-02T00:00:00Z');
  }
  const [a, b] = interval.split('/');
  const from = Date.parse(a ?? '');
  const to = Date.parse(b ?? '');
  if (Number.isNaN(from) || Number.isNaN(to) || to < from) {
    return fail(400, 'invalid.value', `interval ${interval} is not an ISO-8601 interval start/end`);
  }
  const serviceName = body['serviceName'];
  if (realtime && typeof serviceName !== 'string') return fail(400, 'invalid.value', 'serviceName is required');
  if (serviceName !== undefined && typeof serviceName !== 'string') {
    return fail(400, 'invalid.value', 'serviceName must be a string');
  }
  const filters: AuditQueryFilter[] = [];
  for (const f of Array.isArray(body['filters']) ? body['filters'] : []) {
    if (!isObject(f) || typeof f['property'] !== 'string' || typeof f['value'] !== 'string') {
      return fail(400, 'invalid.value', 'each filter needs a property and a value');
    }
    if (!FILTER_PROPERTIES.includes(f['property'])) {
      return fail(
        400,
        'invalid.value',
        `filter property ${f['property']} is not one of ${FILTER_PROPERTIES.join(', ')}`,
      );
    }
    filters.push({ property: f['property'], value: f['value'] });
  }
  const sort: AuditQuerySort[] = [];
  for (const s of Array.isArray(body['sort']) ? body['sort'] : []) {
    if (!isObject(s) || s['name'] !== 'Timestamp' || !['ascending', 'descending'].includes(String(s['sortOrder']))) {
      return fail(400, 'invalid.value', 'sort is [{ name: "Timestamp", sortOrder: "ascending" | "descending" }]');
    }
    sort.push({ name: 'Timestamp', sortOrder: String(s['sortOrder']) });
  }
  return { from, to, interval, ...(serviceName ? { serviceName } : {}), filters, sort };
}

const FILTER_FIELD: Record<string, (m: AuditLogMessage) => string | undefined> = {
  UserId: (m) => m.user?.id,
  ClientId: (m) => m.client?.id,
  Action: (m) => m.action,
  EntityType: (m) => m.entityType,
  EntityId: (m) => m.entity?.id,
  TrusteeOrganizationId: () => undefined,
};

/** Filters on one property are alternatives; filters on different properties all apply. */
function matching(state: GenesysFakeState, q: QueryRequest): AuditLogMessage[] {
  const byProperty = new Map<string, string[]>();
  for (const f of q.filters) byProperty.set(f.property, [...(byProperty.get(f.property) ?? []), f.value]);
  const rows = state.audits.filter((m) => {
    const t = Date.parse(m.eventDate ?? '');
    if (t < q.from || t > q.to) return false;
    if (q.serviceName && m.serviceName !== q.serviceName) return false;
    for (const [property, values] of byProperty) {
      const v = FILTER_FIELD[property]?.(m);
      if (v === undefined || !values.includes(v)) return false;
    }
    return true;
  });
  const ascending = q.sort[0]?.sortOrder === 'ascending';
  return rows.sort((x, y) => {
    const d = Date.parse(x.eventDate ?? '') - Date.parse(y.eventDate ?? '');
    return ascending ? d : -d;
  });
}

function pageSizeOf(value: unknown): number | Reply {
  if (value === undefined || value === null || value === '') return DEFAULT_PAGE_SIZE;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    return fail(400, 'invalid.value', `pageSize must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return n;
}

export function realtimeQuery(state: GenesysFakeState, body: unknown, now: number): Reply {
  const q = parseQuery(body, true);
  if ('status' in q) return q;
  if (q.from < now - REALTIME_MAX_DAYS * DAY_MS) {
    return fail(
      400,
      'invalid.date',
      `The realtime audit query covers the last ${REALTIME_MAX_DAYS} days only; use POST /api/v2/audits/query for older audits`,
    );
  }
  const b = body as Json;
  const pageSize = pageSizeOf(b['pageSize']);
  if (typeof pageSize !== 'number') return pageSize;
  const pageNumber = b['pageNumber'] === undefined ? 1 : Number(b['pageNumber']);
  if (!Number.isInteger(pageNumber) || pageNumber < 1) return fail(400, 'invalid.value', 'pageNumber starts at 1');
  const rows = matching(state, q);
  return ok({
    entities: rows.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageSize,
    pageNumber,
    total: rows.length,
    pageCount: Math.ceil(rows.length / pageSize),
  } satisfies platformClient.Models.AuditRealtimeQueryResultsResponse);
}

function statusOf(x: AuditQueryExecution, state: string): platformClient.Models.AuditQueryExecutionStatusResponse {
  return {
    id: x.id,
    state,
    startDate: x.startDate,
    interval: x.interval,
    ...(x.serviceName ? { serviceName: x.serviceName } : {}),
    filters: x.filters,
    sort: x.sort,
  };
}

export function startAsyncQuery(state: GenesysFakeState, body: unknown, now: number): Reply {
  const q = parseQuery(body, false);
  if ('status' in q) return q;
  const execution: AuditQueryExecution = {
    id: randomUUID(),
    startDate: new Date(now).toISOString(),
    interval: q.interval,
    ...(q.serviceName ? { serviceName: q.serviceName } : {}),
    filters: q.filters,
    sort: q.sort,
    results: matching(state, q),
    polls: 0,
  };
  state.auditQueries.set(execution.id, execution);
  return ok(statusOf(execution, 'Queued'));
}

export function asyncQueryStatus(state: GenesysFakeState, id: string): Reply {
  const x = state.auditQueries.get(id);
  if (!x) return fail(404, 'not.found', `No audit query with transaction id ${id}`);
  x.polls += 1;
  return ok(statusOf(x, x.polls > 1 ? 'Succeeded' : 'Running'));
}

export function asyncQueryResults(state: GenesysFakeState, id: string, url: URL): Reply {
  const x = state.auditQueries.get(id);
  if (!x) return fail(404, 'not.found', `No audit query with transaction id ${id}`);
  if (x.polls < 2) return fail(400, 'bad.request', `The audit query ${id} has not succeeded yet`);
  const pageSize = pageSizeOf(url.searchParams.get('pageSize'));
  if (typeof pageSize !== 'number') return pageSize;
  const cursor = url.searchParams.get('cursor');
  const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) return fail(400, 'invalid.value', 'cursor is not one this query gave');
  const entities = x.results.slice(start, start + pageSize);
  const next = start + pageSize;
  return ok({
    id: x.id,
    pageSize,
    ...(next < x.results.length ? { cursor: Buffer.from(String(next)).toString('base64url') } : {}),
    entities,
  } satisfies platformClient.Models.AuditQueryExecutionResultsResponse);
}

/** The audit routes, tried before the org's own (their POSTs are queries, not writes). */
export function auditRoute(
  method: string,
  pathname: string,
): ((ctx: { state: GenesysFakeState; url: URL; body: unknown; now: number }) => Reply) | undefined {
  if (method === 'POST' && pathname === '/api/v2/audits/query/realtime') {
    return ({ state, body, now }) => realtimeQuery(state, body, now);
  }
  if (method === 'POST' && pathname === '/api/v2/audits/query') {
    return ({ state, body, now }) => startAsyncQuery(state, body, now);
  }
  const results = /^\/api\/v2\/audits\/query\/([^/]+)\/results$/.exec(pathname);
  if (method === 'GET' && results)
    return ({ state, url }) => asyncQueryResults(state, decodeURIComponent(results[1]!), url);
  const status = /^\/api\/v2\/audits\/query\/([^/]+)$/.exec(pathname);
  if (method === 'GET' && status && status[1] !== 'realtime') {
    return ({ state }) => asyncQueryStatus(state, decodeURIComponent(status[1]!));
  }
  return undefined;
}
