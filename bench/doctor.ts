/**
 * The doctor on one snapshot: the default scenario, and a generated org with 50 BYOC trunks (each to its own Twilio
 * trunk), 200 number plans and 5,000 DIDs. Each org is served by the sandbox's fake Genesys Cloud and Twilio; the
 * snapshot is gathered through the official SDKs exactly as the bot does, and the vendor calls are MEASURED: the
 * requests the fakes received (they also match the snapshot's own `vendorCalls`). Then the doctor's time on it.
 *
 *   npx tsx bench/doctor.ts
 */
import { performance } from 'node:perf_hooks';
import { runDoctor } from '../src/byoc/doctor/index.js';
import type { ByocSnapshot } from '../src/byoc/snapshot.js';
import { loadConfig } from '../src/config.js';
import { startSandbox } from '../src/sandbox/sandbox.js';
import { loadScenario, type Scenario } from '../src/sandbox/scenario.js';
import { gatherSnapshot } from '../src/snapshot/gather-snapshot.js';
import { createVendorClients } from '../src/vendors/vendor-clients.js';

export interface MeasuredGathering {
  snapshot: ByocSnapshot;
  /** Requests the fakes received while the snapshot was gathered (the OAuth login included). */
  requests: { genesys: number; twilio: number };
  gatherMs: number;
}

/**
 * Serves `scenario` from the fake vendors and gathers one snapshot of it through the vendor clients, counting the
 * requests each fake received.
 */
export async function measureSnapshot(scenario: Scenario): Promise<MeasuredGathering> {
  const sandbox = await startSandbox({ scenario });
  try {
    const config = loadConfig({ LOG_LEVEL: 'silent', ...sandbox.env }, { requireSlack: false });
    const vendors = createVendorClients(config);
    sandbox.genesys.resetRequests();
    sandbox.twilio.resetRequests();
    const t0 = performance.now();
    const snapshot = await gatherSnapshot(vendors, 'bench');
    const gatherMs = performance.now() - t0;
    if (!snapshot.genesys.available) throw new Error(`Genesys half unavailable: ${snapshot.genesys.reason}`);
    if (!snapshot.twilio.available) throw new Error(`Twilio half unavailable: ${snapshot.twilio.reason}`);
    return {
      snapshot,
      requests: { genesys: sandbox.genesys.requests.length, twilio: sandbox.twilio.requests.length },
      gatherMs,
    };
  } finally {
    await sandbox.close();
  }
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

async function main(): Promise<void> {
  const cases: [string, Scenario, number][] = [
    ['default scenario', loadScenario('default'), 50],
    ['large org (50 trunks, 200 plans, 5,000 DIDs)', largeOrgScenario(), 10],
  ];
  for (const [name, scenario, runs] of cases) {
    const { snapshot, requests, gatherMs } = await measureSnapshot(scenario);
    const g = snapshot.genesys.available ? snapshot.genesys : undefined;
    const report = runDoctor(snapshot);
    const { medianMs, minMs } = time(snapshot, runs);
    console.log(`\n${name}`);
    console.log(
      `  shape: ${g?.trunkBases.length} trunk bases, ${g?.trunks.length} trunk instances, ${g?.numberPlans.length} number plans, ${g?.dids.length} DIDs`,
    );
    console.log(
      `  doctor: median ${medianMs.toFixed(2)} ms, min ${minMs.toFixed(2)} ms over ${runs} runs; ${report.findings.length} findings (${JSON.stringify(report.counts)})`,
    );
    console.log(
      `  vendor calls for its one snapshot (measured on the fakes): genesys ${requests.genesys}, twilio ${requests.twilio}, total ${requests.genesys + requests.twilio} (the clients counted ${snapshot.vendorCalls.genesys} + ${snapshot.vendorCalls.twilio}); gathered in ${gatherMs.toFixed(0)} ms`,
    );
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/bench\//, '/bench/'))) await main();
