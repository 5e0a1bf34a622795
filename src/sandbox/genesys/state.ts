/**
 * The fake org's mutable state, built from a scenario and typed with the SDK's own models so a misspelled field
 * fails the type check. Ids are the ones `scenario-snapshot.ts` computes, so gathering a scenario through the SDK
 * gives the same snapshot as `snapshotFromScenario`.
 */
import type * as Genesys from '../../genesys/models.js';

import type { Faults, Scenario } from '../scenario.js';
import { trunkInstanceId, uuidFor } from '../scenario-snapshot.js';
import type { AuditQueryExecution } from './audit-records.js';
import { withTemplateDefaults, wrapProperty } from './template.js';

/** The counts a trunk instance's metrics report (kept per trunk instance id). */
export interface CallCounts {
  inboundCallCount: number;
  outboundCallCount: number;
}

/** A voice conversation on a BYOC trunk's edge, as the analytics conversation details query reports it. */
export interface FakeConversation {
  id: string;
  startMs: number;
  endMs: number;
  direction: 'inbound' | 'outbound';
  ani: string;
  dnis: string;
  edgeId: string;
  sipResponseCodes: number[];
  errorCode?: string;
  disconnectType: string;
  protocolCallId: string;
}

export interface GenesysFakeState {
  orgName: string;
  products: Genesys.Product[];
  locations: Genesys.Location[];
  sites: Genesys.Site[];
  /** Site id -> its number plans, in priority order. */
  numberPlans: Map<string, Genesys.NumberPlan[]>;
  /** Site id -> its outbound routes. */
  outboundRoutes: Map<string, Genesys.OutboundRoute[]>;
  edges: Genesys.Edge[];
  edgeGroups: Genesys.EdgeGroup[];
  trunkBases: Genesys.TrunkBase[];
  /** Keyed by trunk instance id; the scenario's counts sit on the first instance of their trunk base. */
  trunkMetrics: Map<string, CallCounts>;
  didPools: Genesys.DidPool[];
  users: Genesys.User[];
  ivrs: Genesys.Ivr[];
  conversations: FakeConversation[];
  faults: Faults;
  /** `PUT /api/v2/...` path -> how many PUTs/PATCHes/POSTs it received that changed something or were refused. */
  writes: Map<string, number>;
  /** The audit trail: one message per write made through the API, oldest first (tests may add console changes). */
  audits: Genesys.AuditLogMessage[];
  /** Asynchronous audit queries by transaction id. */
  auditQueries: Map<string, AuditQueryExecution>;
  /** While set, writes are audited as this person working in the admin UI instead of as the OAuth client alone. */
  actingUser?: { id: string; name: string };
}

export const CREATED = '2024-01-01T00:00:00.000Z';

const API = '/api/v2';
export const selfUri = {
  location: (id: string) => `${API}/locations/${id}`,
  site: (id: string) => `${API}/telephony/providers/edges/sites/${id}`,
  edge: (id: string) => `${API}/telephony/providers/edges/${id}`,
  edgeGroup: (id: string) => `${API}/telephony/providers/edges/edgegroups/${id}`,
  trunkBase: (id: string) => `${API}/telephony/providers/edges/trunkbasesettings/${id}`,
  trunk: (id: string) => `${API}/telephony/providers/edges/trunks/${id}`,
  didPool: (id: string) => `${API}/telephony/providers/edges/didpools/${id}`,
  did: (id: string) => `${API}/telephony/providers/edges/dids/${id}`,
  user: (id: string) => `${API}/users/${id}`,
  ivr: (id: string) => `${API}/architect/ivrs/${id}`,
};

export function ref(id: string, name: string, uri?: string): Genesys.EntityRef {
  return uri ? { id, name, selfUri: uri } : { id, name };
}

export function buildState(scenario: Scenario, nowMs: number = Date.now()): GenesysFakeState {
  const g = scenario.genesys;
  // A deleted object may share its name with the live one that replaced it: names find the live one first.
  const byName = <T extends { name: string; state?: string }>(items: T[], name: string | undefined) =>
    items.find((x) => x.name === name && x.state !== 'deleted') ?? items.find((x) => x.name === name);
  const siteByName = (name: string | undefined) => byName(g.sites, name);
  const siteRef = (name: string | undefined): Genesys.EntityRef | undefined => {
    const s = siteByName(name);
    return s ? ref(s.id, s.name, selfUri.site(s.id)) : undefined;
  };
  const trunkBaseByName = (name: string) => byName(g.trunkBases, name);

  const locations: Genesys.Location[] = g.locations.map((l) => ({
    id: l.id,
    name: l.name,
    address: { ...l.address },
    addressVerified: l.addressVerified,
    addressStored: true,
    emergencyNumber: l.emergencyNumber ? { ...l.emergencyNumber } : undefined,
    state: 'active',
    version: 1,
    path: [l.id],
    selfUri: selfUri.location(l.id),
  }));

  const sites: Genesys.Site[] = g.sites.map((s) => {
    const loc = g.locations.find((l) => l.name === s.location);
    return {
      id: s.id,
      name: s.name,
      state: s.state ?? 'active',
      version: 1,
      managed: s.managed,
      mediaModel: s.mediaModel,
      location: loc ? { id: loc.id, name: loc.name, selfUri: selfUri.location(loc.id) } : { name: s.location },
      primarySites: s.primarySites.map(siteRef).filter((x): x is Genesys.EntityRef => !!x),
      secondarySites: s.secondarySites.map(siteRef).filter((x): x is Genesys.EntityRef => !!x),
      dateCreated: CREATED,
      selfUri: selfUri.site(s.id),
    };
  });

  const numberPlans = new Map<string, Genesys.NumberPlan[]>();
  const outboundRoutes = new Map<string, Genesys.OutboundRoute[]>();
  for (const s of g.sites) {
    numberPlans.set(
      s.id,
      s.numberPlans.map((p) => {
        const id = p.id ?? uuidFor(`numberplan:${s.id}:${p.name}`);
        return {
          id,
          name: p.name,
          state: 'active',
          version: 1,
          classification: p.classification,
          matchType: p.matchType,
          match: p.match,
          normalizedFormat: p.normalizedFormat,
          priority: p.priority,
          numbers: p.numbers.map((n) =>
            typeof n === 'string' ? { start: n, end: n } : { start: n.start, end: n.end },
          ),
          // The SDK models digit lengths as strings.
          digitLength: p.digitLength
            ? { start: String(p.digitLength.start), end: String(p.digitLength.end) }
            : undefined,
          selfUri: `${selfUri.site(s.id)}/numberplans/${id}`,
        };
      }),
    );
    outboundRoutes.set(
      s.id,
      s.outboundRoutes.map((r) => {
        const id = r.id ?? uuidFor(`outboundroute:${s.id}:${r.name}`);
        return {
          id,
          name: r.name,
          state: 'active',
          version: 1,
          classificationTypes: [...r.classificationTypes],
          enabled: r.enabled,
          distribution: r.distribution,
          externalTrunkBases: r.externalTrunkBases.map((name) => {
            const id = trunkBaseByName(name)?.id ?? uuidFor(`trunkbase:${name}`);
            return ref(id, name, selfUri.trunkBase(id));
          }),
          selfUri: `${selfUri.site(s.id)}/outboundroutes/${id}`,
        };
      }),
    );
  }

  const edgeGroups: Genesys.EdgeGroup[] = g.edgeGroups.map((x) => ({
    id: x.id,
    name: x.name,
    state: 'active',
    version: 1,
    managed: x.managed,
    hybrid: false,
    edgeTrunkBaseAssignment: {},
    phoneTrunkBases: [],
    selfUri: selfUri.edgeGroup(x.id),
  }));

  const edges: Genesys.Edge[] = g.edges.map((e) => {
    const group = g.edgeGroups.find((x) => x.name === e.edgeGroup);
    const site = siteByName(e.site);
    return {
      id: e.id,
      name: e.name,
      state: e.state ?? 'active',
      version: 1,
      managed: e.managed,
      onlineStatus: e.onlineStatus,
      statusCode: e.statusCode,
      physicalEdge: false,
      edgeDeploymentType: 'INVALID',
      make: 'Genesys',
      model: 'Virtual Edge',
      // Edges carry references, not whole objects; the SDK types them as the full models.
      edgeGroup: group
        ? ({ id: group.id, name: group.name, selfUri: selfUri.edgeGroup(group.id) } as Genesys.EdgeGroup)
        : undefined,
      site: site ? ({ id: site.id, name: site.name, selfUri: selfUri.site(site.id) } as Genesys.Site) : undefined,
      selfUri: selfUri.edge(e.id),
    };
  });

  const trunkBases: Genesys.TrunkBase[] = g.trunkBases.map((t) => {
    const properties: Record<string, object> = {};
    for (const [key, instance] of Object.entries(withTemplateDefaults(t.metabase, t.properties))) {
      properties[key] = wrapProperty(key, instance);
    }
    return {
      id: t.id,
      name: t.name,
      state: t.state ?? 'active',
      version: 1,
      dateCreated: CREATED,
      trunkMetabase: { id: t.metabase },
      trunkType: t.trunkType,
      managed: t.managed,
      site: siteRef(t.site),
      inboundSite: siteRef(t.inboundSite),
      properties,
      selfUri: selfUri.trunkBase(t.id),
    };
  });

  const trunkMetrics = new Map<string, CallCounts>();
  const managedEdges = g.edges.filter((e) => e.managed && e.state !== 'deleted');
  for (const m of g.trunkMetrics) {
    const tb = trunkBaseByName(m.trunkBase);
    const edge = managedEdges[0];
    if (tb && edge) {
      trunkMetrics.set(trunkInstanceId(tb.id, edge.id), {
        inboundCallCount: m.inboundCallCount,
        outboundCallCount: m.outboundCallCount,
      });
    }
  }

  const didPools: Genesys.DidPool[] = g.didPools.map((p) => ({
    id: p.id,
    name: p.description ?? `${p.startPhoneNumber} - ${p.endPhoneNumber}`,
    state: p.state ?? 'active',
    version: 1,
    startPhoneNumber: p.startPhoneNumber,
    endPhoneNumber: p.endPhoneNumber,
    description: p.description,
    provider: p.provider,
    selfUri: selfUri.didPool(p.id),
  }));

  const users: Genesys.User[] = g.users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    username: u.email,
    state: 'active',
    version: 1,
    addresses: u.addresses.map((address) => ({ address, mediaType: 'PHONE', type: 'WORK' })),
    selfUri: selfUri.user(u.id),
  }));

  const ivrs: Genesys.Ivr[] = g.ivrs.map((i) => ({
    id: i.id,
    name: i.name,
    state: 'active',
    version: 1,
    dnis: [...i.dnis],
    selfUri: selfUri.ivr(i.id),
  }));

  return {
    orgName: g.orgName,
    products: g.products.map((id) => ({ id })),
    locations,
    sites,
    numberPlans,
    outboundRoutes,
    edges,
    edgeGroups,
    trunkBases,
    trunkMetrics,
    didPools,
    users,
    ivrs,
    conversations: g.conversations.map((c) => {
      const edge = (c.edge ? g.edges.find((e) => e.name === c.edge) : undefined) ?? managedEdges[0];
      const startMs = Math.floor((nowMs - c.startMinutesAgo * 60_000) / 1000) * 1000;
      return {
        id: c.id,
        startMs,
        endMs: startMs + c.durationSeconds * 1000,
        direction: c.direction,
        ani: c.ani,
        dnis: c.dnis,
        edgeId: edge?.id ?? '',
        sipResponseCodes: [...c.sipResponseCodes],
        ...(c.errorCode ? { errorCode: c.errorCode } : {}),
        disconnectType: c.disconnectType,
        protocolCallId: c.protocolCallId ?? `${uuidFor(`call-id:${c.id}`)}@genesys`,
      };
    }),
    faults: structuredClone(scenario.faults),
    writes: new Map(),
    audits: [],
    auditQueries: new Map(),
  };
}
