/**
 * The Genesys half of a snapshot, read through the client in parallel: every list at once, and what hangs off an id
 * (number plans and routes per site, metrics per trunk instance) as soon as that list arrives.
 * A read refused for good (403, 404) is recorded in `partialErrors` under the snapshot field it was for, so the
 * doctor can skip exactly the rules that needed it; a retryable failure propagates and the caller marks the whole
 * half unavailable.
 *
 * Two things the real API does that the snapshot evens out (docs/vendor-facts.md):
 * - Deleted telephony objects can still be listed, with `state: deleted`; they are left out here, so no rule,
 *   card or name lookup ever counts a leftover (the CX-as-Code provider filters them the same way).
 * - `dids` lists only numbers that someone owns; the pool numbers nobody owns come from
 *   `didpools/dids?type=UNASSIGNED`. The snapshot's `dids` is both: every number in a pool, with its owner if any.
 */
import type {
  Did,
  DidPool,
  Edge,
  EdgeGroup,
  GenesysLocation,
  GenesysPart,
  GenesysSite,
  NumberPlan,
  NumberPlanMatchType,
  OutboundRoute,
  Ref,
  TrunkBase,
  TrunkErrorInfo,
  TrunkInstance,
  TrunkMetrics,
} from '../byoc/snapshot.js';
import { decodeTrunkBaseSettings } from '../byoc/trunk-settings.js';
import type * as G from '../genesys/client.js';
import type { GenesysClient } from '../genesys/client.js';
import { VendorError } from '../vendors/vendor-error.js';

type SoftRead = <T>(what: string, fallback: T, read: () => Promise<T>) => Promise<T>;

function softReader(partialErrors: GenesysPart['partialErrors']): SoftRead {
  return async (what, fallback, read) => {
    try {
      return await read();
    } catch (err) {
      if (err instanceof VendorError && !err.retryable) {
        partialErrors.push({ what, reason: `${err.message} (${err.status} ${err.code})` });
        return fallback;
      }
      throw err;
    }
  };
}

export async function gatherGenesysPart(client: GenesysClient, region?: string): Promise<GenesysPart> {
  const partialErrors: GenesysPart['partialErrors'] = [];
  const soft = softReader(partialErrors);

  // What hangs off an id (number plans and routes per site, metrics per trunk) starts as soon as its list arrives.
  const sitesWithPlans = soft('sites', [], () => client.sites()).then(async (sites) => {
    // Managed sites ("PureCloud Voice - AWS") carry no number plans of the org's own.
    const ownSites = sites.filter((s) => !s.managed && s.id);
    const [plansPerSite, routesPerSite] = await Promise.all([
      Promise.all(ownSites.map((s) => soft(`numberPlans of ${s.name}`, [], () => client.numberPlans(s.id!)))),
      Promise.all(ownSites.map((s) => soft(`outboundRoutes of ${s.name}`, [], () => client.outboundRoutes(s.id!)))),
    ]);
    return { sites, ownSites, plansPerSite, routesPerSite };
  });
  const trunksWithMetrics = soft('trunks', [], async () =>
    (await client.trunks({ trunkType: 'EXTERNAL' })).filter(live),
  ).then(async (trunks) => {
    const trunkIds = trunks.map((t) => t.id).filter((id): id is string => !!id);
    const metrics = trunkIds.length ? await soft('trunkMetrics', [], () => client.trunkMetrics(trunkIds)) : [];
    return { trunks, metrics };
  });
  const [products, locations, edges, edgeGroups, trunkBases, didPools, dids, siteData, trunkData] = await Promise.all([
    soft('products', [], () => client.products()),
    soft('locations', [], () => client.locations()),
    soft('edges', [], () => client.edges()),
    soft('edgeGroups', [], () => client.edgeGroups()),
    soft('trunkBases', [], () => client.trunkBases()),
    soft('didPools', [], () => client.didPools()),
    soft('dids', [], () =>
      Promise.all([client.dids(), client.didPoolNumbers({ type: 'UNASSIGNED' })]).then(([owned, unowned]) =>
        mergeDids(owned.filter(live).map(toDid), unowned.map(unassignedToDid)),
      ),
    ),
    sitesWithPlans,
    trunksWithMetrics,
  ]);
  const { sites, ownSites, plansPerSite, routesPerSite } = siteData;
  const { trunks, metrics } = trunkData;

  return {
    region,
    products: products.map((p) => p.id).filter((id): id is string => !!id),
    locations: locations.map(toLocation).filter(live),
    sites: sites.map(toSite).filter(live),
    numberPlans: ownSites.flatMap((s, i) => (plansPerSite[i] ?? []).map((p) => toNumberPlan(p, s.id!))).filter(live),
    outboundRoutes: ownSites
      .flatMap((s, i) => (routesPerSite[i] ?? []).map((r) => toOutboundRoute(r, s.id!)))
      .filter(live),
    edges: edges.map(toEdge).filter(live),
    edgeGroups: edgeGroups.map(toEdgeGroup).filter(live),
    trunkBases: trunkBases.map(toTrunkBase).filter(live),
    trunks: trunks.map(toTrunkInstance),
    trunkMetrics: metrics.map(toTrunkMetrics).filter((m): m is TrunkMetrics => !!m),
    didPools: didPools.map(toDidPool).filter(live),
    dids,
    partialErrors,
  };
}

/** Not a leftover of a delete (Genesys lists some deleted objects with `state: deleted`). */
export const live = (x: { state?: string }): boolean => x.state !== 'deleted';

/** Every number in a pool once: the owned DIDs, then the numbers nobody owns, in number order. */
export function mergeDids(owned: Did[], unowned: Did[]): Did[] {
  const byNumber = new Map<string, Did>();
  for (const d of [...owned, ...unowned]) if (!byNumber.has(d.phoneNumber)) byNumber.set(d.phoneNumber, d);
  return [...byNumber.values()].sort((a, b) => compareNumbers(a.phoneNumber, b.phoneNumber));
}

function compareNumbers(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

const ref = (r: { id?: string; name?: string } | undefined): Ref | undefined =>
  r?.id ? { id: r.id, name: r.name ?? r.id } : undefined;
const refs = (rs: { id?: string; name?: string }[] | undefined): Ref[] =>
  (rs ?? []).map(ref).filter((r): r is Ref => !!r);

function toLocation(l: G.Location): GenesysLocation {
  return {
    id: l.id ?? '',
    name: l.name ?? '',
    country: l.address?.country,
    countryName: l.address?.countryName,
    city: l.address?.city,
    addressVerified: l.addressVerified === true,
    emergencyNumber: l.emergencyNumber
      ? { e164: l.emergencyNumber.e164, number: l.emergencyNumber.number, type: l.emergencyNumber.type }
      : undefined,
    state: l.state ?? 'active',
  };
}

function toSite(s: G.Site): GenesysSite {
  return {
    id: s.id ?? '',
    name: s.name,
    managed: s.managed === true,
    mediaModel: s.mediaModel,
    location: ref(s.location),
    primarySites: refs(s.primarySites),
    secondarySites: refs(s.secondarySites),
    state: s.state ?? 'active',
  };
}

function toNumberPlan(p: G.NumberPlan, siteId: string): NumberPlan {
  const digits = p.digitLength;
  return {
    id: p.id ?? '',
    name: p.name,
    siteId,
    matchType: (p.matchType ?? 'regex') as NumberPlanMatchType,
    match: p.match,
    normalizedFormat: p.normalizedFormat,
    priority: p.priority ?? Number.MAX_SAFE_INTEGER,
    numbers: (p.numbers ?? []).map((n) => ({ start: n.start ?? '', end: n.end })),
    // The SDK types digit lengths as strings.
    digitLength:
      digits?.start !== undefined && digits.end !== undefined
        ? { start: Number(digits.start), end: Number(digits.end) }
        : undefined,
    classification: p.classification ?? p.name,
    state: p.state ?? 'active',
  };
}

function toOutboundRoute(r: G.OutboundRoute, siteId: string): OutboundRoute {
  return {
    id: r.id ?? '',
    name: r.name,
    siteId,
    classificationTypes: [...r.classificationTypes],
    enabled: r.enabled === true,
    distribution: r.distribution === 'RANDOM' ? 'RANDOM' : 'SEQUENTIAL',
    externalTrunkBases: refs(r.externalTrunkBases),
    state: r.state ?? 'active',
  };
}

function toEdge(e: G.Edge): Edge {
  return {
    id: e.id ?? '',
    name: e.name,
    managed: e.managed === true,
    onlineStatus: e.onlineStatus ?? 'OFFLINE',
    statusCode: e.statusCode ?? '',
    edgeGroup: ref(e.edgeGroup),
    site: ref(e.site),
    state: e.state ?? 'active',
  };
}

function toEdgeGroup(g: G.EdgeGroup): EdgeGroup {
  return { id: g.id ?? '', name: g.name, managed: g.managed === true, state: g.state ?? 'active' };
}

function toTrunkBase(t: G.TrunkBase): TrunkBase {
  return {
    id: t.id ?? '',
    name: t.name,
    trunkType: t.trunkType,
    metabaseId: t.trunkMetabase?.id ?? '',
    managed: t.managed === true,
    inboundSite: ref(t.inboundSite),
    site: ref(t.site),
    state: t.state ?? 'active',
    version: t.version ?? 0,
    settings: decodeTrunkBaseSettings(t.properties as Record<string, unknown> | undefined),
  };
}

const errorOf = (e: { text?: string; code?: string } | undefined): TrunkErrorInfo | undefined =>
  e && (e.text || e.code) ? { text: e.text, code: e.code } : undefined;

function toTrunkInstance(t: G.Trunk): TrunkInstance {
  const options = (t.optionsStatus ?? []).map((o) => ({
    proxyAddress: o.proxyAddress ?? '',
    optionState: o.optionState === true,
    optionStateTime: o.optionStateTime,
    error: errorOf(o.errorInfo),
  }));
  return {
    id: t.id ?? '',
    name: t.name,
    trunkBaseId: t.trunkBase?.id ?? '',
    edge: ref(t.edge) ?? { id: '', name: 'unknown edge' },
    inService: t.inService === true,
    enabled: t.enabled === true,
    connected: t.connectedStatus?.connected === true,
    connectedStateTime: t.connectedStatus?.connectedStateTime,
    options,
    // The edge's own error for the trunk, else the first proxy's OPTIONS error: the text an engineer needs.
    error: errorOf(t.ipStatus?.errorInfo) ?? options.find((o) => o.error)?.error,
  };
}

function toTrunkMetrics(m: G.TrunkMetrics): TrunkMetrics | undefined {
  if (!m.trunk?.id) return undefined;
  return {
    trunkId: m.trunk.id,
    inboundCallCount: m.calls?.inboundCallCount ?? 0,
    outboundCallCount: m.calls?.outboundCallCount ?? 0,
  };
}

function toDidPool(p: G.DidPool): DidPool {
  return {
    id: p.id ?? '',
    startPhoneNumber: p.startPhoneNumber,
    endPhoneNumber: p.endPhoneNumber,
    description: p.description,
    provider: p.provider,
    state: p.state ?? 'active',
  };
}

/** A pool number nobody owns: no DID exists for it yet, so no owner either. */
function unassignedToDid(n: G.DidNumber): Did {
  return { id: n.id ?? '', phoneNumber: n.number ?? n.name ?? '', didPoolId: n.didPool?.id };
}

function toDid(d: G.Did): Did {
  return {
    id: d.id ?? '',
    phoneNumber: d.phoneNumber ?? d.name,
    didPoolId: d.didPool?.id,
    owner: ref(d.owner),
    ownerType: d.ownerType,
  };
}
