/**
 * The Genesys half of a simulated call: which site places it, which outbound route covers its classification, and
 * whether the route's trunks are usable on their edges. This is what the admin UI's "Simulate Call" evaluates
 * (Genesys has no public API for it; docs/vendor-facts.md, "Simulate Call"). Pure.
 */
import { plansInOrder } from './dialplan.js';
import type { SimulatedEdge, SimulatedTrunk, SimulationReason } from './simulation-result.js';
import type { GenesysPart, GenesysSite, OutboundRoute, Ref, TrunkInstance } from './snapshot.js';

/** The plans the dial plan tried, in its order: deleted and inactive plans were not tried. */
export function plansInPriority(plans: GenesysPart['numberPlans']): string {
  return plansInOrder(plans)
    .map((p) => `${p.name} (${p.matchType})`)
    .join(', ');
}

/** The sites a call can come from: the org's own, not the Genesys-managed cloud site. */
export function pickSite(
  g: GenesysPart,
  wanted: string | undefined,
): { site?: GenesysSite; chosenBecause?: string; siteNames: string[] } {
  const own = g.sites.filter((s) => !s.managed && s.state !== 'deleted');
  const candidates = own.length > 0 ? own : g.sites;
  const siteNames = candidates.map((s) => s.name).sort((a, b) => a.localeCompare(b));
  if (wanted !== undefined) {
    const w = wanted.trim().toLowerCase();
    const site = candidates.find((s) => s.name.toLowerCase() === w || s.id === wanted.trim());
    return { site, siteNames };
  }
  if (candidates.length <= 1) return { site: candidates[0], siteNames };
  // Several sites: prefer one whose number plans and enabled routes exist, i.e. one set up for outbound calls.
  const withRoutes = candidates.filter((s) => g.outboundRoutes.some((r) => r.siteId === s.id && r.enabled));
  const pool = withRoutes.length > 0 ? withRoutes : candidates;
  const site = [...pool].sort((a, b) => a.name.localeCompare(b.name))[0]!;
  const others = siteNames.filter((n) => n !== site.name);
  const because =
    withRoutes.length === 1
      ? 'it is the only site with an enabled outbound route'
      : withRoutes.length > 1
        ? 'it comes first by name among the sites with an enabled outbound route'
        : 'it comes first by name';
  return {
    site,
    siteNames,
    chosenBecause: `${candidates.length} sites; used "${site.name}" because ${because}. Pick another with --site (${others.map((n) => `"${n}"`).join(', ')}).`,
  };
}

/**
 * The enabled route of the site whose classificationTypes contain the classification (the third step of the
 * evaluation order in docs/vendor-facts.md, "Simulate Call").
 */
export function findRoute(
  g: GenesysPart,
  site: GenesysSite,
  classification: string,
  reasons: SimulationReason[],
): OutboundRoute | undefined {
  const covering = g.outboundRoutes.filter(
    (r) => r.siteId === site.id && r.state !== 'deleted' && r.classificationTypes.includes(classification),
  );
  const route = covering.find((r) => r.enabled);
  if (route) return route;
  const disabled = covering.filter((r) => !r.enabled);
  reasons.push({
    code: 'NO_ROUTE',
    message:
      disabled.length > 0
        ? `No enabled outbound route of "${site.name}" covers ${classification}: ${disabled.map((r) => `"${r.name}"`).join(', ')} would, but is disabled.`
        : `No outbound route of "${site.name}" covers the classification ${classification}.`,
    fix:
      disabled.length > 0
        ? `Enable the outbound route ${disabled.map((r) => `"${r.name}"`).join(', ')}.`
        : `Add ${classification} to the classifications of an enabled outbound route that uses the BYOC trunk (guide: "Create an outbound route").`,
    blocking: true,
  });
  return undefined;
}

export function simulateTrunk(g: GenesysPart, ref: Ref): SimulatedTrunk {
  const base = g.trunkBases.find((t) => t.id === ref.id) ?? g.trunkBases.find((t) => t.name === ref.name);
  if (!base) {
    return {
      id: ref.id,
      name: ref.name,
      inService: false,
      edges: [],
      operational: false,
      problem: 'the trunk base does not exist',
    };
  }
  const edges = g.trunks.filter((i) => i.trunkBaseId === base.id).map((i) => simulateEdge(g, i));
  const operational = base.settings.inService && edges.some((e) => e.connected && e.inService);
  return {
    id: base.id,
    name: base.name,
    inService: base.settings.inService,
    edges,
    operational,
    ...(edges.length === 0 ? { problem: 'no edge carries it' } : {}),
  };
}

function simulateEdge(g: GenesysPart, i: TrunkInstance): SimulatedEdge {
  const edge = g.edges.find((e) => e.id === i.edge.id);
  // An instance is usable when its trunk is in service, its edge is enabled for it and the edge itself is online.
  const inService = i.inService && i.enabled && (edge ? edge.onlineStatus === 'ONLINE' : true);
  const options = i.options.map((o) => ({
    proxy: o.proxyAddress,
    ok: o.optionState,
    ...(o.error?.text ? { error: o.error.text } : {}),
  }));
  const error =
    i.error?.text ??
    options.find((o) => !o.ok && o.error)?.error ??
    (edge && edge.onlineStatus !== 'ONLINE' ? `edge is ${edge.onlineStatus}` : undefined);
  return {
    id: i.edge.id,
    name: i.edge.name,
    connected: i.connected,
    inService,
    options,
    ...(error ? { error } : {}),
  };
}
