/**
 * `trunkStatus`: the runtime state of the BYOC trunks an on-call engineer needs first, from one snapshot.
 * A verdict (healthy / degraded / down) and why, then per trunk (worst first) its state on each edge, the edges,
 * the BYOC product and the Twilio trunk it sends to. Pure: a function of the snapshot.
 */

import { commandLine } from './command-line.js';
import { simulateTrunk } from './genesys-routing.js';
import type { SimulatedEdge } from './simulation-result.js';
import { type ByocSnapshot, byocTrunkBases, type GenesysPart, type TrunkBase, type TwilioPart } from './snapshot.js';
import { sendsTo } from './topology.js';

export type Verdict = 'healthy' | 'degraded' | 'down';

export interface StatusProblem {
  verdict: Exclude<Verdict, 'healthy'>;
  message: string;
  fix?: string;
}

export interface TwilioTrunkStatus {
  sid: string;
  name: string;
  /**
   * How it was matched to a BYOC trunk (`sendsTo` in src/byoc/topology.ts): its termination URI is among the trunk's
   * proxies, or it is the account's only trunk; `unmatched` when Genesys could not be read and the Twilio trunk is
   * shown as Twilio alone sees it.
   */
  matchedBy: 'domain' | 'only-trunk' | 'unmatched';
  terminationUri: string | null;
  originationUrls: { sipUrl: string; enabled: boolean; priority: number; weight: number }[];
  authentication: { ipAccessControlLists: string[]; credentialLists: string[] };
  numbers: number;
}

export interface TrunkStatus {
  id: string;
  name: string;
  verdict: Verdict;
  inService: boolean;
  edges: SimulatedEdge[];
  /** Summed over the trunk's instances; null when Genesys returned no metrics for it. */
  calls: { inbound: number; outbound: number } | null;
  /** null with `twilioNote` when Twilio is unavailable or no trunk there matches. */
  twilioTrunk: TwilioTrunkStatus | null;
  twilioNote?: string;
}

export interface StatusReport {
  kind: 'status';
  verdict: Verdict;
  /** Problems, worst first; empty when healthy. */
  why: StatusProblem[];
  /** Set when `opts.trunk` narrowed the report to one trunk. */
  trunkFilter?: string;
  genesys: { available: true; region?: string } | { available: false; reason: string };
  twilio: { available: true } | { available: false; reason: string };
  /** null: Genesys unavailable. */
  byocProduct: boolean | null;
  edges: { id: string; name: string; online: boolean; onlineStatus: string; statusCode: string }[];
  trunks: TrunkStatus[];
  /** When Genesys could not be read but Twilio could: the Twilio trunks, so half an answer is not thrown away. */
  twilioTrunks?: TwilioTrunkStatus[];
  takenAt: string;
}

export interface UnknownTrunkResult {
  kind: 'unknown-trunk';
  requested: string;
  trunkNames: string[];
  takenAt: string;
}

export type StatusResult = StatusReport | UnknownTrunkResult;

const RANK: Record<Verdict, number> = { down: 2, degraded: 1, healthy: 0 };
const worst = (vs: Verdict[]): Verdict => vs.reduce<Verdict>((a, b) => (RANK[b] > RANK[a] ? b : a), 'healthy');

export function trunkStatus(snapshot: ByocSnapshot, opts: { trunk?: string } = {}): StatusResult {
  const g = snapshot.genesys;
  const tw = snapshot.twilio;
  const twilio: StatusReport['twilio'] = tw.available ? { available: true } : { available: false, reason: tw.reason };
  if (!g.available) {
    return {
      kind: 'status',
      verdict: 'down',
      why: [
        {
          verdict: 'down',
          message: `Genesys Cloud could not be reached: ${g.reason}`,
          fix: 'Check the Genesys client credentials, region and the Genesys status page.',
        },
      ],
      ...(opts.trunk ? { trunkFilter: opts.trunk } : {}),
      genesys: { available: false, reason: g.reason },
      twilio,
      byocProduct: null,
      edges: [],
      trunks: [],
      ...(tw.available ? { twilioTrunks: tw.trunks.map((t) => describeTwilioTrunk(tw, t, 'unmatched')) } : {}),
      takenAt: snapshot.takenAt,
    };
  }

  const all = byocTrunkBases(g);
  let bases = all;
  if (opts.trunk !== undefined) {
    const wanted = opts.trunk.trim().toLowerCase();
    bases = all.filter((t) => t.name.toLowerCase() === wanted || t.id === opts.trunk);
    if (bases.length === 0) {
      return {
        kind: 'unknown-trunk',
        requested: opts.trunk,
        trunkNames: all.map((t) => t.name).sort((a, b) => a.localeCompare(b)),
        takenAt: snapshot.takenAt,
      };
    }
  }

  const why: StatusProblem[] = [];
  const byocProduct = g.products.includes('byoc');
  if (!byocProduct) {
    why.push({
      verdict: 'down',
      message: 'The BYOC Cloud product is not enabled for this org.',
      fix: 'Ask Genesys to enable BYOC Cloud for the org (checklist GC-PRODUCT-BYOC).',
    });
  }
  if (bases.length === 0) {
    why.push({
      verdict: 'down',
      message: 'The org has no BYOC Cloud trunk.',
      fix: 'Create an external trunk of type "BYOC Carrier" (guide: "Create the external trunk").',
    });
  }

  const reports = bases.map((b) => trunkReport(g, tw, b));
  const trunks = reports
    .map((r) => r.trunk)
    .sort((a, b) => RANK[b.verdict] - RANK[a.verdict] || a.name.localeCompare(b.name));
  // Down when no BYOC trunk can carry a call anywhere; one working trunk on one edge keeps calls flowing, so a
  // dead trunk beside a working one only degrades the whole.
  const anyWorking = trunks.some((t) => t.verdict !== 'down');
  for (const p of reports.flatMap((r) => r.problems)) {
    why.push(anyWorking && p.verdict === 'down' ? { ...p, verdict: 'degraded' } : p);
  }
  if (trunks.length > 0 && !anyWorking) {
    why.unshift({
      verdict: 'down',
      message: `No BYOC trunk is in service and connected on any edge (${trunks.map((t) => t.name).join(', ')}).`,
      fix: `See each trunk below for the edge errors; ${commandLine('doctor')} checks the configuration behind them.`,
    });
  }

  const edges = g.edges
    .filter((e) => e.managed)
    .map((e) => ({
      id: e.id,
      name: e.name,
      online: e.onlineStatus === 'ONLINE',
      onlineStatus: e.onlineStatus,
      statusCode: e.statusCode,
    }));
  for (const e of edges.filter((x) => !x.online)) {
    why.push({ verdict: 'degraded', message: `The edge ${e.name} is ${e.onlineStatus} (${e.statusCode}).` });
  }
  if (!tw.available) {
    why.push({
      verdict: 'degraded',
      message: `Twilio could not be reached: ${tw.reason}; the Twilio side is not shown.`,
      fix: 'Check the Twilio account SID and auth token (or API key), and status.twilio.com.',
    });
  }

  why.sort((a, b) => RANK[b.verdict] - RANK[a.verdict]);
  return {
    kind: 'status',
    verdict: worst(why.map((w) => w.verdict)),
    why,
    // The trunk's own spelling, so the refresh button asks for exactly this trunk.
    ...(opts.trunk ? { trunkFilter: bases[0]?.name ?? opts.trunk } : {}),
    genesys: { available: true, ...(g.region ? { region: g.region } : {}) },
    twilio,
    byocProduct,
    edges,
    trunks,
    takenAt: snapshot.takenAt,
  };
}

function trunkReport(
  g: GenesysPart,
  tw: ByocSnapshot['twilio'],
  base: TrunkBase,
): { trunk: TrunkStatus; problems: StatusProblem[] } {
  const sim = simulateTrunk(g, { id: base.id, name: base.name });
  const problems: StatusProblem[] = [];
  if (!base.settings.inService) {
    problems.push({
      verdict: 'down',
      message: `"${base.name}" is out of service.`,
      fix: `Put it in service: ${commandLine(`trunk enable ${base.name}`)}.`,
    });
  } else if (sim.edges.length === 0) {
    problems.push({
      verdict: 'down',
      message: `"${base.name}" runs on no edge.`,
      fix: 'Check that the trunk is attached to the site (guide: "Create a site").',
    });
  } else {
    const usable = sim.edges.filter((e) => e.connected && e.inService);
    for (const e of sim.edges.filter((x) => !x.connected || !x.inService)) {
      problems.push({
        verdict: usable.length === 0 ? 'down' : 'degraded',
        message: `"${base.name}" is ${e.connected ? 'not in service' : 'disconnected'} on ${e.name}${e.error ? `: ${e.error}` : ''}.`,
        fix: 'Check the SIP servers/proxies and that Twilio answers OPTIONS from this edge (checklist GC-TRUNK-CONNECTED).',
      });
    }
    // OPTIONS failing while connected: the proxy does not answer keep-alives; calls may still fail over.
    for (const e of sim.edges.filter((x) => x.connected)) {
      for (const o of e.options.filter((x) => !x.ok)) {
        problems.push({
          verdict: 'degraded',
          message: `OPTIONS from ${e.name} to ${o.proxy} fail${o.error ? `: ${o.error}` : ''}.`,
        });
      }
    }
  }

  const metrics = g.trunkMetrics.filter((m) => g.trunks.some((i) => i.id === m.trunkId && i.trunkBaseId === base.id));
  const calls =
    metrics.length > 0
      ? {
          inbound: metrics.reduce((n, m) => n + m.inboundCallCount, 0),
          outbound: metrics.reduce((n, m) => n + m.outboundCallCount, 0),
        }
      : null;

  const twilioSide = twilioTrunkStatus(tw, base, g);
  if (twilioSide.problem) problems.push(twilioSide.problem);
  return {
    problems,
    trunk: {
      id: base.id,
      name: base.name,
      verdict: worst(problems.map((p) => p.verdict)),
      inService: base.settings.inService,
      edges: sim.edges,
      calls,
      twilioTrunk: twilioSide.trunk,
      ...(twilioSide.note ? { twilioNote: twilioSide.note } : {}),
    },
  };
}

function twilioTrunkStatus(
  tw: ByocSnapshot['twilio'],
  base: TrunkBase,
  g: GenesysPart,
): { trunk: TwilioTrunkStatus | null; note?: string; problem?: StatusProblem } {
  if (!tw.available) return { trunk: null, note: `Twilio could not be reached: ${tw.reason}` };
  const match = sendsTo(base, tw, { genesys: g });
  if (!match) {
    const proxies = base.settings.proxies.join(', ') || '(none)';
    return {
      trunk: null,
      note: `No Twilio trunk has ${proxies} as its termination URI.`,
      problem: {
        verdict: 'degraded',
        message: `"${base.name}" sends to ${proxies}, which is no Twilio trunk's termination URI.`,
        fix: "Set the trunk's SIP servers/proxies to the Twilio trunk's termination URI (checklist GC-TRUNK-PROXY).",
      },
    };
  }
  const t = match.trunk;
  const status = describeTwilioTrunk(tw, t, match.how === 'termination' ? 'domain' : 'only-trunk');
  if (match.how !== 'termination') {
    // Shown anyway (it is the only candidate), but outbound calls go to a host that is not this trunk.
    const note = `"${t.friendlyName}" is the account's only trunk, but its termination URI ${t.domainName ?? '(none)'} is not among the proxies of "${base.name}".`;
    return {
      trunk: status,
      note,
      problem: {
        verdict: 'degraded',
        message: note,
        fix: `Set the SIP servers/proxies of "${base.name}" to ${t.domainName ?? 'the Twilio termination URI'} (checklist GC-TRUNK-PROXY).`,
      },
    };
  }
  if (!t.originationUrls.some((o) => o.enabled)) {
    return {
      trunk: status,
      problem: {
        verdict: 'degraded',
        message: `The Twilio trunk "${t.friendlyName}" has no enabled origination URL: inbound calls cannot reach Genesys.`,
        fix: 'Add or enable an origination URL sip:<identifier>.<BYOC SIP domain> (checklist TW-ORIGINATION).',
      },
    };
  }
  return { trunk: status };
}

function describeTwilioTrunk(
  tw: TwilioPart,
  t: TwilioPart['trunks'][number],
  matchedBy: TwilioTrunkStatus['matchedBy'],
): TwilioTrunkStatus {
  const nameOf = (sid: string, lists: { sid: string; friendlyName: string }[]) =>
    lists.find((l) => l.sid === sid)?.friendlyName ?? sid;
  return {
    sid: t.sid,
    name: t.friendlyName,
    matchedBy,
    terminationUri: t.domainName,
    originationUrls: [...t.originationUrls]
      .sort((a, b) => a.priority - b.priority || b.weight - a.weight)
      .map((o) => ({ sipUrl: o.sipUrl, enabled: o.enabled, priority: o.priority, weight: o.weight })),
    authentication: {
      ipAccessControlLists: t.ipAccessControlListSids.map((s) => nameOf(s, tw.ipAccessControlLists)),
      credentialLists: t.credentialListSids.map((s) => nameOf(s, tw.credentialLists)),
    },
    numbers: t.phoneNumbers.length,
  };
}
