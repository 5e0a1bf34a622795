import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenesysClient } from '../../src/genesys/client.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { bundledScenarios } from '../../src/sandbox/scenario.js';
import { snapshotFromScenario } from '../../src/sandbox/scenario-snapshot.js';
import { gatherSnapshot, type SnapshotVendors } from '../../src/snapshot/gather-snapshot.js';
import { gatherGenesysPart } from '../../src/snapshot/genesys-part.js';
import { TwilioClient } from '../../src/twilio/twilio-client.js';

let sandbox: Sandbox;
let vendors: SnapshotVendors;

function vendorsFor(env: Record<string, string>): SnapshotVendors {
  return {
    region: env.GENESYS_REGION,
    genesys: {
      client: new GenesysClient({
        region: env.GENESYS_REGION,
        clientId: env.GENESYS_CLIENT_ID!,
        clientSecret: env.GENESYS_CLIENT_SECRET!,
        apiUrl: env.GENESYS_API_URL,
      }),
    },
    twilio: {
      client: new TwilioClient({
        accountSid: env.TWILIO_ACCOUNT_SID!,
        authToken: env.TWILIO_AUTH_TOKEN,
        apiUrl: env.TWILIO_API_URL,
      }),
    },
  };
}

beforeAll(async () => {
  sandbox = await startSandbox();
  vendors = vendorsFor(sandbox.env);
});

afterAll(async () => {
  await sandbox?.close();
});

/** Arrays whose order the vendors do not promise, sorted so the comparison is about content. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return items.every((x) => typeof x === 'object' && x !== null && 'id' in x)
      ? [...items].sort((a, b) => String((a as { id: string }).id).localeCompare(String((b as { id: string }).id)))
      : items;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        // State times are when the fake started; the scenario has no clock.
        .filter(([k, v]) => v !== undefined && k !== 'connectedStateTime' && k !== 'optionStateTime')
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

async function expectGatheredAsDescribed(scenario: string, from: SnapshotVendors, sb: Sandbox) {
  const gathered = await gatherSnapshot(from, 'sandbox-client-id');
  const expected = snapshotFromScenario(sb.scenario);
  expect(gathered.genesys.available, scenario).toBe(true);
  expect(gathered.twilio.available, scenario).toBe(true);
  const strip = (s: typeof gathered) => {
    const { takenAt: _t, vendorCalls: _v, ...rest } = s;
    return canonical(rest);
  };
  const got = strip(gathered) as Record<string, Record<string, unknown>>;
  const want = strip(expected) as Record<string, Record<string, unknown>>;
  for (const key of Object.keys(want.genesys!))
    expect(got.genesys![key], `${scenario}: genesys.${key}`).toEqual(want.genesys![key]);
  for (const key of Object.keys(want.twilio!))
    expect(got.twilio![key], `${scenario}: twilio.${key}`).toEqual(want.twilio![key]);
}

describe('gathering a snapshot through the official SDKs from the sandbox', () => {
  // Every bundled scenario: `default`, the others at the top, each of `broken/` and `calls/`.
  it.each(bundledScenarios().map((s) => s.name))(
    'gives the snapshot scenario %s describes, on both halves',
    async (name) => {
      const sb = await startSandbox({ scenario: name });
      try {
        await expectGatheredAsDescribed(name, vendorsFor(sb.env), sb);
      } finally {
        await sb.close();
      }
    },
  );

  it('counts the vendor calls one snapshot costs', async () => {
    sandbox.genesys.resetRequests();
    sandbox.twilio.resetRequests();
    const snapshot = await gatherSnapshot(vendors, 'sandbox-client-id');
    expect(snapshot.vendorCalls.genesys).toBe(sandbox.genesys.requests.length);
    expect(snapshot.vendorCalls.twilio).toBe(sandbox.twilio.requests.length);
    expect(snapshot.vendorCalls.genesys).toBeGreaterThan(5);
  });

  it('leaves out trunk instances and DIDs that Genesys still lists with state "deleted"', async () => {
    const client = (vendors.genesys as { client: GenesysClient }).client;
    const [instance] = await client.trunks({ trunkType: 'EXTERNAL' });
    const [did] = await client.dids();
    expect(instance && did).toBeTruthy();
    // The same org, answering as Genesys may after a delete: a leftover of each, listed with state deleted.
    const withLeftovers = Object.create(client, {
      trunks: {
        value: async (filter: Parameters<GenesysClient['trunks']>[0]) => [
          ...(await client.trunks(filter)),
          { ...instance, id: 'deleted-trunk-instance', state: 'deleted' },
        ],
      },
      dids: {
        value: async () => [
          ...(await client.dids()),
          { ...did, id: 'deleted-did', phoneNumber: '+33123456799', state: 'deleted' },
        ],
      },
    }) as GenesysClient;
    const [clean, leftovers] = await Promise.all([gatherGenesysPart(client), gatherGenesysPart(withLeftovers)]);
    expect(leftovers.partialErrors).toEqual([]);
    expect(leftovers.trunks).toEqual(clean.trunks);
    expect(leftovers.trunkMetrics).toEqual(clean.trunkMetrics);
    expect(leftovers.dids).toEqual(clean.dids);
  });

  it('a vendor that is not configured leaves its half unavailable with the variables to set', async () => {
    const snapshot = await gatherSnapshot(
      { ...vendors, twilio: { notConfigured: 'set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN' } },
      'org',
    );
    expect(snapshot.genesys.available).toBe(true);
    expect(snapshot.twilio).toEqual({
      available: false,
      reason: 'Twilio is not configured: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN',
    });
  });
});
