/**
 * The doctor's time on one snapshot: the default scenario, and a generated org with 50 BYOC trunks (each to its own
 * Twilio trunk), 200 number plans and 5,000 DIDs. Also prints how many vendor calls gathering a snapshot of each
 * would take, estimated from its shape (list calls + pages): `estimateSnapshotVendorCalls` is an estimate until
 * the snapshot gatherer measures its real calls.
 *
 *   npx tsx bench/doctor.ts
 */
import { performance } from 'node:perf_hooks';
import { runDoctor } from '../src/byoc/doctor/index.js';
import type { ByocSnapshot } from '../src/byoc/snapshot.js';
import { loadScenario, type Scenario } from '../src/sandbox/scenario.js';
import { snapshotFromScenario } from '../src/sandbox/scenario-snapshot.js';

export interface PageSizes {
  /** Genesys list endpoints (pageSize; most accept up to 100 or more). */
  genesys: number;
  /** twilio-node `.list()` default page size. */
  twilio: number;
  /** Trunk ids per `GET /trunks/metrics?trunkIds=` call (URL length). */
  genesysMetricsIdsPerCall: number;
}

export const DEFAULT_PAGE_SIZES: PageSizes = { genesys: 100, twilio: 50, genesysMetricsIdsPerCall: 100 };

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

/**
 * Vendor HTTP calls a snapshot of this shape needs, one call per page of each list (vendor/genesys-cloud.md,
 * vendor/twilio.md). An ESTIMATE from the shape, not a measurement: replace with the gatherer's counted calls.
 */
export function estimateSnapshotVendorCalls(
  snapshot: ByocSnapshot,
  size: PageSizes = DEFAULT_PAGE_SIZES,
): { genesys: number; twilio: number; detail: Record<string, number> } {
  const detail: Record<string, number> = {};
  const add = (k: string, n: number) => {
    detail[k] = n;
  };
  const g = snapshot.genesys;
  if (g.available) {
    const ownSites = g.sites.filter((s) => !s.managed).length;
    add('genesys token', 1);
    add('genesys products', 1);
    add('genesys locations', pages(g.locations.length, size.genesys));
    add('genesys sites', pages(g.sites.length, size.genesys));
    // One GET per site: number plans come back as a plain array (at most 200 per site).
    add('genesys number plans (per site)', ownSites);
    add('genesys outbound routes', pages(g.outboundRoutes.length, size.genesys));
    add('genesys edges', pages(g.edges.length, size.genesys));
    add('genesys edge groups', pages(g.edgeGroups.length, size.genesys));
    add('genesys trunk base settings', pages(g.trunkBases.length, size.genesys));
    add('genesys trunks', pages(g.trunks.length, size.genesys));
    add('genesys trunk metrics', pages(g.trunks.length, size.genesysMetricsIdsPerCall));
    add('genesys DID pools', pages(g.didPools.length, size.genesys));
    add('genesys DIDs', pages(g.dids.length, size.genesys));
  }
  const t = snapshot.twilio;
  if (t.available) {
    add('twilio trunks', pages(t.trunks.length, size.twilio));
    // Per trunk: origination URLs, IP ACL and credential-list associations, numbers.
    add(
      'twilio origination URLs (per trunk)',
      t.trunks.reduce((n, tr) => n + pages(tr.originationUrls.length, size.twilio), 0),
    );
    add('twilio trunk IP ACLs (per trunk)', t.trunks.length);
    add('twilio trunk credential lists (per trunk)', t.trunks.length);
    add(
      'twilio trunk numbers (per trunk)',
      t.trunks.reduce((n, tr) => n + pages(tr.phoneNumbers.length, size.twilio), 0),
    );
    add('twilio IP ACLs', pages(t.ipAccessControlLists.length, size.twilio));
    add(
      'twilio IP addresses (per ACL)',
      t.ipAccessControlLists.reduce((n, a) => n + pages(a.ipAddresses.length, size.twilio), 0),
    );
    add('twilio credential lists', pages(t.credentialLists.length, size.twilio));
    add(
      'twilio credentials (per list)',
      t.credentialLists.reduce((n, c) => n + pages(c.usernames.length, size.twilio), 0),
    );
    add('twilio incoming numbers', pages(t.incomingPhoneNumbers.length, size.twilio));
  }
  const sum = (prefix: string) =>
    Object.entries(detail)
      .filter(([k]) => k.startsWith(prefix))
      .reduce((n, [, v]) => n + v, 0);
  return { genesys: sum('genesys'), twilio: sum('twilio'), detail };
}

/** The default scenario grown to a large org: 50 BYOC trunks and Twilio trunks, 200 number plans, 5,000 DIDs. */
export function largeOrgScenario(trunks = 50, plans = 200, dids = 5000): Scenario {
  const s = structuredClone(loadScenario('default'));
  const g = s.genesys;
  const tw = s.twilio;
  const baseTrunk = g.trunkBases[0]!;
  const baseTwilio = tw.trunks[0]!;
  const site = g.sites.find((x) => x.name === 'Paris Office')!;
  const route = site.outboundRoutes[0]!;
  for (let i = 1; i < trunks; i++) {
    const n = String(i).padStart(3, '0');
    const tb = structuredClone(baseTrunk);
    tb.id = `9d4b7c1e-3a2f-4e8d-b6c5-twilio000${n}`;
    tb.name = `Twilio ${n}`;
    tb.properties.trunk_sip_termination_uri = `twilioABC${n}`;
    tb.properties.trunk_transport_serverProxyList = [`purecloudABC${n}.pstn.twilio.com`];
    const number = `+3312340${n.padStart(4, '0')}`;
    tb.properties.trunk_outboundIdentity_callingAddress = number;
    g.trunkBases.push(tb);
    route.externalTrunkBases.push(tb.name);
    tw.incomingPhoneNumbers.push({ sid: undefined, phoneNumber: number, friendlyName: `line ${n}` });
    const tt = structuredClone(baseTwilio);
    tt.sid = undefined;
    tt.friendlyName = `PureCloudDev ${n}`;
    tt.domainName = `purecloudABC${n}.pstn.twilio.com`;
    tt.phoneNumbers = [number];
    tt.originationUrls = [{ ...baseTwilio.originationUrls[0]!, sipUrl: `sip:twilioABC${n}.byoc.mypurecloud.ie` }];
    tw.trunks.push(tt);
  }
  const existing = site.numberPlans.length;
  for (let i = 0; i < plans - existing; i++) {
    site.numberPlans.push({
      name: `Short code ${i}`,
      classification: 'Short code',
      matchType: 'regex',
      match: `^9${String(i).padStart(3, '0')}$`,
      normalizedFormat: `+3319${String(i).padStart(3, '0')}`,
      numbers: [],
      priority: 10 + i,
    });
  }
  // The main number's pool, and one of `dids - 1` numbers holding the other trunks' numbers (mostly unowned).
  g.didPools = [
    g.didPools[0]!,
    {
      id: '1f0e2d3c-4b5a-4978-8695-didpool00002',
      startPhoneNumber: '+33123400000',
      endPhoneNumber: `+${33123400000 + dids - 2}`,
      description: 'Generated',
      provider: 'PURE_CLOUD',
    },
  ];
  g.ivrs[0]!.dnis = Array.from({ length: trunks }, (_, i) =>
    i === 0 ? '+33123456789' : `+3312340${String(i).padStart(3, '0').padStart(4, '0')}`,
  );
  return s;
}

function time(snapshot: ByocSnapshot, runs: number): { medianMs: number; minMs: number } {
  runDoctor(snapshot); // warm up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    runDoctor(snapshot);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { medianMs: ms[Math.floor(ms.length / 2)]!, minMs: ms[0]! };
}

function main(): void {
  const cases: [string, ByocSnapshot, number][] = [
    ['default scenario', snapshotFromScenario(loadScenario('default')), 50],
    ['large org (50 trunks, 200 plans, 5,000 DIDs)', snapshotFromScenario(largeOrgScenario()), 10],
  ];
  for (const [name, snapshot, runs] of cases) {
    const g = snapshot.genesys.available ? snapshot.genesys : undefined;
    const report = runDoctor(snapshot);
    const { medianMs, minMs } = time(snapshot, runs);
    const calls = estimateSnapshotVendorCalls(snapshot);
    console.log(`\n${name}`);
    console.log(
      `  shape: ${g?.trunkBases.length} trunk bases, ${g?.trunks.length} trunk instances, ${g?.numberPlans.length} number plans, ${g?.dids.length} DIDs`,
    );
    console.log(
      `  doctor: median ${medianMs.toFixed(2)} ms, min ${minMs.toFixed(2)} ms over ${runs} runs; ${report.findings.length} findings (${JSON.stringify(report.counts)})`,
    );
    console.log(
      `  vendor calls for one snapshot (estimated from the shape): genesys ${calls.genesys}, twilio ${calls.twilio}, total ${calls.genesys + calls.twilio}`,
    );
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/bench\//, '/bench/'))) main();
