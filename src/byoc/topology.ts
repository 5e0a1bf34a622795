/**
 * How the two vendors' objects link up, computed in one place for status, simulate, the doctor, `did list` and the
 * change planners: a Genesys BYOC trunk base, its instances on the edges, the Twilio trunk it is linked with, and
 * the numbers (on the Twilio account and trunk, in Genesys DID pools).
 *
 * A BYOC trunk base is linked with a Twilio trunk, in this order of evidence:
 * 1. `termination`: one of its SIP servers/proxies is the Twilio trunk's termination URI, in any of the forms
 *    Twilio publishes (global `<name>.pstn.twilio.com`, localized `<name>.pstn.<edge>.twilio.com`, legacy and
 *    interconnect; docs/vendor-facts.md "Termination URIs"), with or without `sip:`, port or URI parameters;
 * 2. `origination`: the Twilio trunk originates to the trunk's own address `<termination identifier>.<BYOC SIP
 *    domain of the org's region>` (any BYOC SIP domain when the region is not known);
 * 3. `only-trunk`: the account has exactly one trunk.
 * Two questions use these links. "Which Twilio trunk does it send to?" (`sendsTo`: status, simulate, `did list`, the
 * change planners) takes termination, else the only trunk: an origination URL says where Twilio sends, not where
 * Genesys sends, and several trunks may originate to one Genesys trunk. "Which Twilio trunk is it paired with?"
 * (`twilioLinkOf`: the doctor) takes all three, so the Twilio rules check the trunk meant for Genesys even when
 * the proxy is wrong (the proxy rule reports that).
 */
import {
  DEFAULT_REGION_DATA,
  type GenesysRegion,
  parseTwilioTerminationHost,
  type RegionData,
  resolveGenesysRegion,
} from './regions.js';
import { sipHost } from './sip-uri.js';
import {
  type ByocSnapshot,
  byocTrunkBases,
  type DidPool,
  type GenesysPart,
  type TrunkBase,
  type TrunkInstance,
  type TwilioPart,
  type TwilioTrunk,
} from './snapshot.js';

export type TwilioLinkHow = 'termination' | 'origination' | 'only-trunk';

export interface TwilioLink {
  trunk: TwilioTrunk;
  how: TwilioLinkHow;
}

/** The region facts the links depend on: where Twilio originates to. */
export interface TopologyOptions {
  regions?: RegionData;
  /** The org's Genesys region; by default the snapshot's, looked up in `regions`. */
  region?: GenesysRegion;
}

interface Resolved {
  regions: RegionData;
  region: GenesysRegion | undefined;
}

function resolve(genesys: GenesysPart | undefined, options: TopologyOptions): Resolved {
  const regions = options.regions ?? DEFAULT_REGION_DATA;
  return { regions, region: options.region ?? resolveGenesysRegion(regions, genesys?.region) };
}

/**
 * Whether a proxy value is a Twilio trunk's termination URI: its `domain_name` itself, or another published form
 * of the same trunk (a localized, legacy or interconnect host of `<name>.pstn.twilio.com`).
 */
export function proxyIsTerminationUri(
  proxy: string,
  domainName: string | null,
  regions: RegionData = DEFAULT_REGION_DATA,
): boolean {
  if (!domainName) return false;
  const domain = domainName.toLowerCase();
  if (sipHost(proxy) === domain) return true;
  return parseTwilioTerminationHost(regions, proxy)?.trunkDomain === domain;
}

/** Whether a Twilio origination URL points at the BYOC trunk whose termination identifier is `identifier`. */
function originatesTo(sipUrl: string, identifier: string, region: GenesysRegion | undefined): boolean {
  const host = sipHost(sipUrl);
  return region?.byocSipDomain
    ? host === `${identifier}.${region.byocSipDomain.toLowerCase()}`
    : host.startsWith(`${identifier}.`);
}

function findLink(base: TrunkBase, twilio: TwilioPart, r: Resolved): TwilioLink | undefined {
  for (const proxy of base.settings.proxies) {
    const t = twilio.trunks.find((x) => proxyIsTerminationUri(proxy, x.domainName, r.regions));
    if (t) return { trunk: t, how: 'termination' };
  }
  const id = base.settings.terminationIdentifier?.trim().toLowerCase();
  if (id) {
    const t = twilio.trunks.find((x) => x.originationUrls.some((o) => originatesTo(o.sipUrl, id, r.region)));
    if (t) return { trunk: t, how: 'origination' };
  }
  if (twilio.trunks.length === 1) return { trunk: twilio.trunks[0]!, how: 'only-trunk' };
  return undefined;
}

// Links are asked for by many doctor rules for every trunk; they are a function of immutable inputs, so they are
// remembered per (Twilio part, region data, region, trunk base).
const memo = new WeakMap<TwilioPart, WeakMap<RegionData, Map<string, Map<TrunkBase, TwilioLink | undefined>>>>();

function remembered(twilio: TwilioPart, r: Resolved): Map<TrunkBase, TwilioLink | undefined> {
  const byRegions = memo.get(twilio) ?? new WeakMap();
  memo.set(twilio, byRegions);
  const byRegion = byRegions.get(r.regions) ?? new Map();
  byRegions.set(r.regions, byRegion);
  const key = `${r.region?.key ?? ''}|${r.region?.byocSipDomain ?? ''}`;
  const byBase = byRegion.get(key) ?? new Map();
  byRegion.set(key, byBase);
  return byBase;
}

/** The Twilio trunk a trunk base is linked with, and by what evidence; undefined when none can be told. */
export function twilioLinkOf(
  base: TrunkBase,
  twilio: TwilioPart,
  options: TopologyOptions & { genesys?: GenesysPart } = {},
): TwilioLink | undefined {
  const r = resolve(options.genesys, options);
  const known = remembered(twilio, r);
  if (known.has(base)) return known.get(base);
  const link = findLink(base, twilio, r);
  known.set(base, link);
  return link;
}

/**
 * The Twilio trunk a trunk base sends its calls to: linked by termination URI, else the account's only trunk;
 * undefined when neither.
 */
export function sendsTo(
  base: TrunkBase,
  twilio: TwilioPart,
  options: TopologyOptions & { genesys?: GenesysPart } = {},
): TwilioLink | undefined {
  const link = twilioLinkOf(base, twilio, options);
  if (link?.how !== 'origination') return link;
  return twilio.trunks.length === 1 ? { trunk: link.trunk, how: 'only-trunk' } : undefined;
}

/** One BYOC trunk base with everything linked to it. */
export interface TrunkLinks {
  base: TrunkBase;
  /** Its instances, one per edge that carries it. */
  instances: TrunkInstance[];
  /** Paired Twilio trunk (`twilioLinkOf`); undefined when Twilio was not read or no Twilio trunk can be told. */
  twilio: TwilioLink | undefined;
  /** The Twilio trunk it sends to (`sendsTo`). */
  sendsTo: TwilioLink | undefined;
}

export interface Topology {
  /** The BYOC trunk bases, in the snapshot's order; empty when Genesys was not read. */
  trunks: TrunkLinks[];
  /** The Twilio trunk a trunk base (BYOC or named by a route) is linked with. */
  twilioLinkOf(base: TrunkBase): TwilioLink | undefined;
  /** The BYOC trunk bases linked with a Twilio trunk. */
  genesysTrunksOf(twilioTrunk: TwilioTrunk): TrunkBase[];
  /** The Twilio trunks linked with some BYOC trunk base, in the account's order, each once. */
  linkedTwilioTrunks(): TwilioTrunk[];
  /**
   * The Twilio trunk that carries the BYOC setup, for changes that put a number on it: the first (in the account's
   * order) that a BYOC trunk base sends to by termination URI, else the account's only trunk.
   */
  carrierTrunk(): TwilioLink | undefined;
}

export function topologyOf(snapshot: ByocSnapshot, options: TopologyOptions = {}): Topology {
  const g = snapshot.genesys.available ? snapshot.genesys : undefined;
  const tw = snapshot.twilio.available ? snapshot.twilio : undefined;
  return linkParts(g, tw, options);
}

/** `topologyOf` for parts already in hand (either may be missing). */
export function linkParts(
  g: GenesysPart | undefined,
  tw: TwilioPart | undefined,
  options: TopologyOptions = {},
): Topology {
  const linkOf = (base: TrunkBase) => (tw ? twilioLinkOf(base, tw, { ...options, genesys: g }) : undefined);
  const trunks: TrunkLinks[] = (g ? byocTrunkBases(g) : []).map((base) => ({
    base,
    instances: g!.trunks.filter((i) => i.trunkBaseId === base.id),
    twilio: linkOf(base),
    sendsTo: tw ? sendsTo(base, tw, { ...options, genesys: g }) : undefined,
  }));
  return {
    trunks,
    twilioLinkOf: linkOf,
    genesysTrunksOf: (twilioTrunk) => trunks.filter((t) => t.twilio?.trunk.sid === twilioTrunk.sid).map((t) => t.base),
    linkedTwilioTrunks: () => {
      const sids = new Set(trunks.flatMap((t) => (t.twilio ? [t.twilio.trunk.sid] : [])));
      return (tw?.trunks ?? []).filter((t) => sids.has(t.sid));
    },
    carrierTrunk: () => {
      const sids = new Set(trunks.flatMap((t) => (t.sendsTo?.how === 'termination' ? [t.sendsTo.trunk.sid] : [])));
      const byTermination = tw?.trunks.find((t) => sids.has(t.sid));
      if (byTermination) return { trunk: byTermination, how: 'termination' };
      return tw?.trunks.length === 1 ? { trunk: tw.trunks[0]!, how: 'only-trunk' } : undefined;
    },
  };
}

// ------------------------------------------------------------------ numbers and DID pools

function digits(e164: string): string {
  return e164.replace(/\D/g, '');
}

/**
 * Whether a DID pool's range holds the number: same number of digits as both ends (E.164 numbers of different
 * lengths are different numbering, not a range), and start <= n <= end.
 */
export function poolContains(pool: DidPool, e164: string): boolean {
  const [n, a, b] = [digits(e164), digits(pool.startPhoneNumber), digits(pool.endPhoneNumber)];
  if (!n || a.length !== n.length || b.length !== n.length) return false;
  return BigInt(a) <= BigInt(n) && BigInt(n) <= BigInt(b);
}

/** The pool whose range holds the number. */
export function poolCovering(pools: DidPool[], e164: string): DidPool | undefined {
  return pools.find((p) => poolContains(p, e164));
}

/** A pool that overlaps [start, end] without covering all of it: Genesys refuses overlapping pools. */
export function poolOverlapping(pools: DidPool[], start: string, end: string): DidPool | undefined {
  const [s, e] = [BigInt(digits(start)), BigInt(digits(end))];
  return pools.find((p) => {
    const a = BigInt(digits(p.startPhoneNumber));
    const b = BigInt(digits(p.endPhoneNumber));
    return a <= e && s <= b;
  });
}
