/**
 * The Platform API endpoints the bot uses, with the real paths, query names and envelopes
 * (docs/vendor-facts.md). Each handler reads or changes the fake's state; nothing is canned.
 */
import type platformClient from 'purecloud-platform-client-v2';
import { isE164 } from '../../byoc/phone-number.js';
import { conversationDetailsQuery } from './analytics-routes.js';
import { didNumbers, dids, ownerOf, trunkInstances } from './derived.js';
import { type GenesysFakeState, selfUri } from './state.js';
import { BYOC_CARRIER_METABASE_ID, templateTrunkBase, wrapProperty } from './template.js';
import { boolParam, fail, listParam, notFound, ok, page, type Reply } from './wire.js';

export interface RouteContext {
  state: GenesysFakeState;
  url: URL;
  params: string[];
  /** Parsed JSON body (undefined when none). */
  body: unknown;
  now: number;
}

type Handler = (ctx: RouteContext) => Reply;
interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const ID = '([^/]+)';
const EDGES = '/api/v2/telephony/providers/edges';
const routes: Route[] = [];
function route(method: string, path: string, handler: Handler): void {
  routes.push({ method, pattern: new RegExp(`^${path}$`), handler });
}

export function findRoute(method: string, pathname: string): { handler: Handler; params: string[] } | undefined {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.pattern.exec(pathname);
    if (!m) continue;
    pathMatched = true;
    if (r.method === method) return { handler: r.handler, params: m.slice(1).map(decodeURIComponent) };
  }
  return pathMatched
    ? { handler: () => fail(405, 'method.not.allowed', `${method} is not allowed here`), params: [] }
    : undefined;
}

const byId = <T extends { id?: string }>(items: readonly T[], id: string | undefined) => items.find((x) => x.id === id);
const nameFilter = <T extends { name?: string }>(items: T[], url: URL): T[] => {
  const name = url.searchParams.get('name');
  // Genesys name filters accept a trailing * as a wildcard.
  if (!name) return items;
  const prefix = name.endsWith('*') ? name.slice(0, -1).toLowerCase() : undefined;
  return items.filter((x) => (prefix !== undefined ? x.name?.toLowerCase().startsWith(prefix) : x.name === name));
};
const managedFilter = <T extends { managed?: boolean }>(items: T[], url: URL): T[] => {
  const managed = boolParam(url, 'managed');
  return managed === undefined ? items : items.filter((x) => (x.managed ?? false) === managed);
};
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function countWrite(ctx: RouteContext): void {
  const key = ctx.url.pathname;
  ctx.state.writes.set(key, (ctx.state.writes.get(key) ?? 0) + 1);
}

/**
 * PUT/PATCH bodies must carry the version of the entity they were read from; a stale one changes nothing. Genesys
 * refuses it with 409, or with 400 and "does not match the current version" in the message (the CX-as-Code
 * provider's IsVersionMismatch accepts both; docs/vendor-facts.md): the scenario's fault picks which.
 */
function versionConflict(
  state: GenesysFakeState,
  current: number | undefined,
  body: Record<string, unknown>,
  what: string,
): Reply | undefined {
  if (typeof body['version'] !== 'number') {
    return fail(400, 'bad.request', `The ${what} version is required`);
  }
  if (body['version'] !== current) {
    const status = state.faults.versionConflictStatus;
    return fail(
      status,
      status === 409 ? 'general.conflict' : 'bad.request',
      `The version supplied (${body['version']}) does not match the current version (${current}) of the ${what}`,
    );
  }
  return undefined;
}

/**
 * Numbers already owned by someone other than `self`: a DNIS is unique across users and IVRs (docs/vendor-facts.md,
 * "Genesys Cloud telephony objects").
 */
function takenNumbers(state: GenesysFakeState, numbers: string[], selfId: string): string[] {
  return numbers.filter((n) => {
    const owner = ownerOf(state, n).owner;
    return owner !== undefined && owner.id !== selfId;
  });
}

// ------------------------------------------------------------------ products, locations

route('GET', '/api/v2/authorization/products', ({ state, url }) => {
  const { entities, pageSize, pageNumber, total, pageCount } = page(state.products, url);
  const listing: platformClient.Models.OrganizationProductEntityListing = {
    entities,
    pageSize,
    pageNumber,
    total,
    pageCount,
  };
  return ok(listing);
});

route('GET', '/api/v2/locations', ({ state, url }) => {
  const ids = listParam(url, 'id');
  return ok(page(ids.length ? state.locations.filter((l) => ids.includes(l.id!)) : state.locations, url));
});
route('GET', `/api/v2/locations/${ID}`, ({ state, params }) => {
  const l = byId(state.locations, params[0]);
  return l ? ok(l) : notFound('location', params[0]!);
});

// ------------------------------------------------------------------ sites, number plans, outbound routes

route('GET', `${EDGES}/sites`, ({ state, url }) => {
  const locationId = url.searchParams.get('location.id');
  let sites = managedFilter(nameFilter(state.sites, url), url);
  if (locationId) sites = sites.filter((s) => s.location.id === locationId);
  return ok(page(sites, url));
});
route('GET', `${EDGES}/sites/${ID}`, ({ state, params }) => {
  const s = byId(state.sites, params[0]);
  return s ? ok(s) : notFound('site', params[0]!);
});
// A bare array, not a listing (docs/vendor-facts.md, "Genesys Cloud wire conventions").
route('GET', `${EDGES}/sites/${ID}/numberplans`, ({ state, params }) => {
  const plans = state.numberPlans.get(params[0]!);
  return plans ? ok(plans) : notFound('site', params[0]!);
});
route('GET', `${EDGES}/sites/${ID}/numberplans/${ID}`, ({ state, params }) => {
  const plan = byId(state.numberPlans.get(params[0]!) ?? [], params[1]);
  return plan ? ok(plan) : notFound('number plan', params[1]!);
});
route('GET', `${EDGES}/sites/${ID}/outboundroutes`, ({ state, url, params }) => {
  const routesOfSite = state.outboundRoutes.get(params[0]!);
  if (!routesOfSite) return notFound('site', params[0]!);
  const trunkBaseIds = listParam(url, 'externalTrunkBasesIds');
  const filtered = trunkBaseIds.length
    ? routesOfSite.filter((r) => r.externalTrunkBases?.some((t) => trunkBaseIds.includes(t.id!)))
    : routesOfSite;
  return ok(page(nameFilter(filtered, url), url));
});
route('GET', `${EDGES}/sites/${ID}/outboundroutes/${ID}`, ({ state, params }) => {
  const r = byId(state.outboundRoutes.get(params[0]!) ?? [], params[1]);
  return r ? ok(r) : notFound('outbound route', params[1]!);
});

// ------------------------------------------------------------------ edge groups

route('GET', `${EDGES}/edgegroups`, ({ state, url }) =>
  ok(page(managedFilter(nameFilter(state.edgeGroups, url), url), url)),
);
route('GET', `${EDGES}/edgegroups/${ID}`, ({ state, params }) => {
  const g = byId(state.edgeGroups, params[0]);
  return g ? ok(g) : notFound('edge group', params[0]!);
});

// ------------------------------------------------------------------ trunk base settings

route('GET', `${EDGES}/trunkbasesettings`, ({ state, url }) =>
  ok(page(managedFilter(nameFilter(state.trunkBases, url), url), url)),
);
route('GET', `${EDGES}/trunkbasesettings/template`, ({ url }) => {
  const metabaseId = url.searchParams.get('trunkMetabaseId');
  if (!metabaseId) return fail(400, 'bad.request', 'trunkMetabaseId is required');
  if (metabaseId !== BYOC_CARRIER_METABASE_ID) return notFound('trunk metabase', metabaseId);
  return ok(templateTrunkBase(metabaseId));
});
route('GET', `${EDGES}/trunkbasesettings/${ID}`, ({ state, params }) => {
  const tb = byId(state.trunkBases, params[0]);
  return tb ? ok(tb) : notFound('trunk base settings', params[0]!);
});
route('PUT', `${EDGES}/trunkbasesettings/${ID}`, (ctx) => {
  const { state, params, body, now } = ctx;
  const tb = byId(state.trunkBases, params[0]);
  if (!tb) return notFound('trunk base settings', params[0]!);
  if (!isObject(body)) return fail(400, 'bad.request', 'A trunk base body is required');
  if (tb.state === 'deleted') return fail(400, 'bad.request', 'Deleted trunk base settings cannot be changed');
  countWrite(ctx);
  const conflict = versionConflict(state, tb.version, body, 'trunk base settings');
  if (conflict) return conflict;
  // Managed trunk bases (PureCloud Voice - AWS and the like) are read-only (docs/vendor-facts.md, "Genesys Cloud
  // telephony objects").
  if (tb.managed) return fail(400, 'bad.request', 'Managed trunk base settings cannot be changed');
  if (typeof body['name'] !== 'string' || body['name'] === '') return fail(400, 'invalid.value', 'name is required');
  const properties = { ...(tb.properties ?? {}) } as Record<string, object>;
  if (body['properties'] !== undefined) {
    if (!isObject(body['properties'])) return fail(400, 'invalid.value', 'properties must be an object');
    for (const [key, prop] of Object.entries(body['properties'])) {
      // A write only needs `{ value: { instance } }` (docs/vendor-facts.md, "Genesys Cloud telephony objects"); the
      // fake keeps each property's schema itself.
      const instance = isObject(prop) && isObject(prop['value']) ? prop['value']['instance'] : undefined;
      if (instance === undefined) return fail(400, 'invalid.value', `properties.${key}.value.instance is required`);
      properties[key] = wrapProperty(key, instance);
    }
  }
  const siteRef = (x: unknown) => {
    if (!isObject(x) || typeof x['id'] !== 'string') return undefined;
    const site = byId(state.sites, x['id']);
    return site ? { id: site.id, name: site.name, selfUri: site.selfUri } : undefined;
  };
  if (body['inboundSite'] !== undefined && !siteRef(body['inboundSite'])) {
    return fail(400, 'invalid.value', 'inboundSite must be an existing site');
  }
  tb.name = body['name'];
  if (typeof body['description'] === 'string') tb.description = body['description'];
  tb.properties = properties;
  if (body['inboundSite'] !== undefined) tb.inboundSite = siteRef(body['inboundSite']);
  if (body['site'] !== undefined) tb.site = siteRef(body['site']);
  tb.version = (tb.version ?? 1) + 1;
  tb.dateModified = new Date(now).toISOString();
  return ok(tb);
});

// ------------------------------------------------------------------ trunks (instances) and metrics

route('GET', `${EDGES}/trunks`, ({ state, url }) => ok(page(filterTrunks(state, url), url)));
// Before trunks/{id}: "metrics" is not a trunk id. A bare array (docs/vendor-facts.md, "Genesys Cloud wire
// conventions").
route('GET', `${EDGES}/trunks/metrics`, ({ state, url }) => {
  const ids = listParam(url, 'trunkIds');
  if (!ids.length) return fail(400, 'bad.request', 'trunkIds is required');
  const trunks = trunkInstances(state);
  // Only trunks that carried calls report metrics here, which is what the scenario snapshot assumes.
  return ok(
    ids.flatMap((id) => {
      const trunk = byId(trunks, id);
      const counts = state.trunkMetrics.get(id);
      return trunk && counts ? [metricsOf(trunk, counts, 0)] : [];
    }),
  );
});
route('GET', `${EDGES}/trunks/${ID}`, ({ state, params }) => {
  const t = byId(trunkInstances(state), params[0]);
  return t ? ok(t) : notFound('trunk', params[0]!);
});
route('GET', `${EDGES}/trunks/${ID}/metrics`, ({ state, params, now }) => {
  const t = byId(trunkInstances(state), params[0]);
  if (!t) return notFound('trunk', params[0]!);
  return ok(metricsOf(t, state.trunkMetrics.get(t.id!) ?? { inboundCallCount: 0, outboundCallCount: 0 }, now));
});

function filterTrunks(state: GenesysFakeState, url: URL, edgeId = url.searchParams.get('edge.id')) {
  const trunkBaseId = url.searchParams.get('trunkBase.id');
  const trunkType = url.searchParams.get('trunkType');
  return trunkInstances(state).filter(
    (t) =>
      (!trunkBaseId || t.trunkBase?.id === trunkBaseId) &&
      (!edgeId || t.edge?.id === edgeId) &&
      (!trunkType || t.trunkType === trunkType),
  );
}

function metricsOf(
  trunk: platformClient.Models.Trunk,
  counts: { inboundCallCount: number; outboundCallCount: number },
  now: number,
): platformClient.Models.TrunkMetrics {
  return {
    eventTime: new Date(now).toISOString(),
    trunk: { id: trunk.id, name: trunk.name, selfUri: trunk.selfUri },
    calls: { inboundCallCount: counts.inboundCallCount, outboundCallCount: counts.outboundCallCount },
    qos: { mismatchCount: 0 },
  };
}

// ------------------------------------------------------------------ DID pools and DIDs

route('GET', `${EDGES}/didpools`, ({ state, url }) => {
  const ids = listParam(url, 'id');
  return ok(page(ids.length ? state.didPools.filter((p) => ids.includes(p.id!)) : state.didPools, url));
});
route('POST', `${EDGES}/didpools`, (ctx) => {
  const { state, body, now } = ctx;
  if (!isObject(body)) return fail(400, 'bad.request', 'A DID pool body is required');
  const start = body['startPhoneNumber'];
  const end = body['endPhoneNumber'];
  if (typeof start !== 'string' || !isE164(start)) {
    return fail(400, 'invalid.value', 'startPhoneNumber must be an E.164 number such as +33123456789');
  }
  if (typeof end !== 'string' || !isE164(end)) {
    return fail(400, 'invalid.value', 'endPhoneNumber must be an E.164 number such as +33123456799');
  }
  if (BigInt(end.slice(1)) < BigInt(start.slice(1))) {
    return fail(400, 'invalid.value', 'endPhoneNumber must not come before startPhoneNumber');
  }
  const overlaps = state.didPools.find(
    (p) =>
      p.state !== 'deleted' &&
      BigInt(start.slice(1)) <= BigInt(p.endPhoneNumber.slice(1)) &&
      BigInt(p.startPhoneNumber.slice(1)) <= BigInt(end.slice(1)),
  );
  if (overlaps) {
    return fail(
      400,
      'duplicate.value',
      `The range overlaps the DID pool ${overlaps.startPhoneNumber} - ${overlaps.endPhoneNumber}`,
    );
  }
  countWrite(ctx);
  const id = crypto.randomUUID();
  const provider = body['provider'] === 'PURE_CLOUD_VOICE' ? 'PURE_CLOUD_VOICE' : 'PURE_CLOUD';
  const pool: platformClient.Models.DIDPool = {
    id,
    name: typeof body['name'] === 'string' ? body['name'] : `${start} - ${end}`,
    state: 'active',
    version: 1,
    startPhoneNumber: start,
    endPhoneNumber: end,
    description: typeof body['description'] === 'string' ? body['description'] : undefined,
    comments: typeof body['comments'] === 'string' ? body['comments'] : undefined,
    provider,
    dateCreated: new Date(now).toISOString(),
    selfUri: selfUri.didPool(id),
  };
  state.didPools.push(pool);
  return ok(pool);
});
// Before didpools/{id}: "dids" is not a pool id.
route('GET', `${EDGES}/didpools/dids`, ({ state, url }) => {
  const type = url.searchParams.get('type');
  if (type !== 'ASSIGNED_AND_UNASSIGNED' && type !== 'UNASSIGNED') {
    return fail(400, 'invalid.value', 'type must be ASSIGNED_AND_UNASSIGNED or UNASSIGNED');
  }
  const match = url.searchParams.get('numberMatch');
  const numbers = didNumbers(state, listParam(url, 'id')).filter(
    (n) => (type === 'ASSIGNED_AND_UNASSIGNED' || !n.assigned) && (!match || n.number?.includes(match)),
  );
  return ok(page(numbers, url));
});
route('GET', `${EDGES}/didpools/${ID}`, ({ state, params }) => {
  const p = byId(state.didPools, params[0]);
  return p ? ok(p) : notFound('DID pool', params[0]!);
});
route('GET', `${EDGES}/dids`, ({ state, url }) => {
  const phoneNumber = url.searchParams.get('phoneNumber');
  const ownerId = url.searchParams.get('owner.id');
  const didPoolId = url.searchParams.get('didPool.id');
  const ids = listParam(url, 'id');
  const list = dids(state).filter(
    (d) =>
      (!phoneNumber || d.phoneNumber === phoneNumber) &&
      (!ownerId || d.owner?.id === ownerId) &&
      (!didPoolId || d.didPool?.id === didPoolId) &&
      (!ids.length || ids.includes(d.id!)),
  );
  return ok(page(list, url));
});
route('GET', `${EDGES}/dids/${ID}`, ({ state, params }) => {
  const d = byId(dids(state), params[0]);
  return d ? ok(d) : notFound('DID', params[0]!);
});

// ------------------------------------------------------------------ edges (after every fixed edges/... path)

route('GET', EDGES, ({ state, url }) => {
  const siteId = url.searchParams.get('site.id');
  const edgeGroupId = url.searchParams.get('edgeGroup.id');
  const edges = managedFilter(nameFilter(state.edges, url), url).filter(
    (e) => (!siteId || e.site?.id === siteId) && (!edgeGroupId || e.edgeGroup?.id === edgeGroupId),
  );
  return ok(page(edges, url));
});
route('GET', `${EDGES}/${ID}`, ({ state, params }) => {
  const e = byId(state.edges, params[0]);
  return e ? ok(e) : notFound('edge', params[0]!);
});
route('GET', `${EDGES}/${ID}/trunks`, ({ state, url, params }) => {
  if (!byId(state.edges, params[0])) return notFound('edge', params[0]!);
  return ok(page(filterTrunks(state, url, params[0]), url));
});

// ------------------------------------------------------------------ users

route('GET', '/api/v2/users', ({ state, url }) => {
  const ids = listParam(url, 'id');
  return ok(page(ids.length ? state.users.filter((u) => ids.includes(u.id!)) : state.users, url));
});
route('GET', `/api/v2/users/${ID}`, ({ state, params }) => {
  const u = byId(state.users, params[0]);
  return u ? ok(u) : notFound('user', params[0]!);
});
route('PATCH', `/api/v2/users/${ID}`, (ctx) => {
  const { state, params, body } = ctx;
  const user = byId(state.users, params[0]);
  if (!user) return notFound('user', params[0]!);
  if (!isObject(body)) return fail(400, 'bad.request', 'A user body is required');
  countWrite(ctx);
  const conflict = versionConflict(state, user.version, body, 'user');
  if (conflict) return conflict;
  let addresses: platformClient.Models.Contact[] | undefined;
  if (body['addresses'] !== undefined) {
    if (!Array.isArray(body['addresses'])) return fail(400, 'invalid.value', 'addresses must be a list');
    addresses = [];
    for (const a of body['addresses']) {
      if (!isObject(a) || !['PHONE', 'EMAIL', 'SMS'].includes(String(a['mediaType']))) {
        return fail(400, 'invalid.value', 'Each address needs a mediaType of PHONE, EMAIL or SMS');
      }
      addresses.push({
        address: typeof a['address'] === 'string' ? a['address'] : undefined,
        extension: typeof a['extension'] === 'string' ? a['extension'] : undefined,
        mediaType: String(a['mediaType']),
        type: typeof a['type'] === 'string' ? a['type'] : 'WORK',
      });
    }
    const phones = addresses.filter((a) => a.mediaType === 'PHONE' && a.address).map((a) => a.address!);
    const taken = takenNumbers(state, phones, user.id!);
    if (taken.length) return fail(400, 'invalid.value', `${taken.join(', ')} is already assigned to another owner`);
  }
  if (addresses) user.addresses = addresses;
  for (const key of ['name', 'email', 'title', 'department'] as const) {
    if (typeof body[key] === 'string') user[key] = body[key];
  }
  user.version += 1;
  return ok(user);
});

// ------------------------------------------------------------------ Architect IVRs

route('GET', '/api/v2/architect/ivrs', ({ state, url }) => {
  const dnis = url.searchParams.get('dnis');
  return ok(
    page(
      nameFilter(state.ivrs, url).filter((i) => !dnis || i.dnis?.includes(dnis)),
      url,
    ),
  );
});
route('GET', `/api/v2/architect/ivrs/${ID}`, ({ state, params }) => {
  const i = byId(state.ivrs, params[0]);
  return i ? ok(i) : notFound('IVR', params[0]!);
});
route('PUT', `/api/v2/architect/ivrs/${ID}`, (ctx) => {
  const { state, params, body } = ctx;
  const ivr = byId(state.ivrs, params[0]);
  if (!ivr) return notFound('IVR', params[0]!);
  if (!isObject(body)) return fail(400, 'bad.request', 'An IVR body is required');
  countWrite(ctx);
  const conflict = versionConflict(state, ivr.version, body, 'IVR');
  if (conflict) return conflict;
  if (typeof body['name'] !== 'string' || body['name'] === '') return fail(400, 'invalid.value', 'name is required');
  const dnis = body['dnis'] ?? [];
  if (!Array.isArray(dnis) || dnis.some((d) => typeof d !== 'string')) {
    return fail(400, 'invalid.value', 'dnis must be a list of phone numbers');
  }
  const taken = takenNumbers(state, dnis as string[], ivr.id!);
  if (taken.length) return fail(400, 'invalid.value', `${taken.join(', ')} is already assigned to another owner`);
  ivr.name = body['name'];
  ivr.dnis = [...(dnis as string[])];
  for (const key of ['openHoursFlow', 'closedHoursFlow', 'holidayHoursFlow', 'scheduleGroup'] as const) {
    const v = body[key];
    if (isObject(v) && typeof v['id'] === 'string') ivr[key] = { id: v['id'] };
  }
  ivr.version = (ivr.version ?? 1) + 1;
  return ok(ivr);
});

route('POST', '/api/v2/analytics/conversations/details/query', conversationDetailsQuery);
