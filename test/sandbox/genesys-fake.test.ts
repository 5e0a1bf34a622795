import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeTrunkBaseSettings } from '../../src/byoc/trunk-settings.js';
import { GenesysClient } from '../../src/genesys/index.js';
import { didId, type GenesysFake, startGenesysFake } from '../../src/sandbox/genesys/index.js';
import { loadScenario, type Scenario } from '../../src/sandbox/scenario.js';
import { genesysPartFromScenario } from '../../src/sandbox/scenario-snapshot.js';
import { clientCredentialsToken } from '../support/genesys-token.js';

const TRUNK_BASE_ID = '9d4b7c1e-3a2f-4e8d-b6c5-twilio000001';
const PARIS_OFFICE = '5a8d2e41-9c3b-4f7a-b2d6-paris0000001';
const ALICE = '2a3b4c5d-6e7f-4a8b-9c0d-user00000001';
const IVR = '6b7c8d9e-0f1a-4b2c-8d3e-ivr000000001';

// Loading parses YAML and validates it; once per file is enough.
const DEFAULT = loadScenario('default');
let scenario: Scenario;
let fake: GenesysFake;
let client: GenesysClient;

beforeEach(async () => {
  scenario = structuredClone(DEFAULT);
  fake = await startGenesysFake(scenario);
  client = new GenesysClient({
    region: scenario.genesys.region,
    clientId: scenario.genesys.credentials.clientId,
    clientSecret: scenario.genesys.credentials.clientSecret,
    apiUrl: fake.url,
  });
});
afterEach(async () => {
  await fake.close();
});

function token(): Promise<string> {
  return clientCredentialsToken(fake.url, scenario.genesys.credentials);
}

describe('the fake Genesys org, read through the SDK', () => {
  it('has the ids, instances, metrics and DIDs the scenario snapshot computes', async () => {
    const expected = genesysPartFromScenario(scenario);
    expect((await client.products()).map((p) => p.id)).toEqual(expected.products);
    expect((await client.locations()).map((l) => l.id)).toEqual(expected.locations.map((l) => l.id));
    expect((await client.sites()).map((s) => s.id)).toEqual(expected.sites.map((s) => s.id));
    expect((await client.edges()).map((e) => [e.id, e.edgeGroup?.id, e.site?.id])).toEqual(
      expected.edges.map((e) => [e.id, e.edgeGroup?.id, e.site?.id]),
    );
    const plans = await client.numberPlans(PARIS_OFFICE);
    expect(plans.map((p) => [p.id, p.name, p.priority])).toEqual(
      expected.numberPlans.filter((p) => p.siteId === PARIS_OFFICE).map((p) => [p.id, p.name, p.priority]),
    );
    const routes = await client.outboundRoutes(PARIS_OFFICE);
    expect(routes.map((r) => [r.id, r.externalTrunkBases?.map((t) => t.id)])).toEqual(
      expected.outboundRoutes.map((r) => [r.id, r.externalTrunkBases.map((t) => t.id)]),
    );

    const bases = await client.trunkBases();
    expect(bases.map((b) => decodeTrunkBaseSettings(b.properties))).toEqual(expected.trunkBases.map((b) => b.settings));

    const trunks = await client.trunks({ trunkBaseId: TRUNK_BASE_ID });
    expect(trunks.map((t) => [t.id, t.name, t.edge?.id, t.inService, t.enabled, t.connectedStatus?.connected])).toEqual(
      expected.trunks.map((t) => [t.id, t.name, t.edge.id, t.inService, t.enabled, t.connected]),
    );
    const metrics = await client.trunkMetrics(trunks.map((t) => t.id!));
    expect(metrics.map((m) => [m.trunk?.id, m.calls?.inboundCallCount, m.calls?.outboundCallCount])).toEqual(
      expected.trunkMetrics.map((m) => [m.trunkId, m.inboundCallCount, m.outboundCallCount]),
    );

    const dids = await client.dids();
    expect(dids.map((d) => [d.id, d.phoneNumber, d.didPool?.id, d.owner?.id, d.ownerType])).toEqual(
      expected.dids.filter((d) => d.owner).map((d) => [d.id, d.phoneNumber, d.didPoolId, d.owner?.id, d.ownerType]),
    );
  });

  it('turning trunk_enabled off takes every instance of the trunk out of service', async () => {
    const base = await client.trunkBase(TRUNK_BASE_ID);
    await client.putTrunkBase(TRUNK_BASE_ID, {
      ...base,
      properties: { ...base.properties, trunk_enabled: { value: { instance: false } } },
    });
    const trunks = await client.trunks({ trunkBaseId: TRUNK_BASE_ID });
    expect(trunks).toHaveLength(2);
    for (const t of trunks) {
      expect(t.inService).toBe(false);
      expect(t.connectedStatus?.connected).toBe(false);
    }
    expect(fake.state.writes.get(`/api/v2/telephony/providers/edges/trunkbasesettings/${TRUNK_BASE_ID}`)).toBe(1);
  });

  it('a property written as {value:{instance}} comes back wrapped with its schema', async () => {
    const base = await client.trunkBase(TRUNK_BASE_ID);
    const updated = await client.putTrunkBase(TRUNK_BASE_ID, {
      ...base,
      properties: { ...base.properties, trunk_transport_protocolVariant: { value: { instance: 'tls' } } },
    });
    expect(updated.properties?.['trunk_transport_protocolVariant']).toMatchObject({
      type: 'string',
      enum: ['udp', 'tcp', 'tls'],
      value: { default: 'udp', instance: 'tls' },
    });
  });

  it('a new DID pool shows its numbers in didpools/dids, and none in dids until someone owns one', async () => {
    const pool = await client.createDidPool({
      name: 'Paris extra',
      startPhoneNumber: '+33123456800',
      endPhoneNumber: '+33123456804',
      provider: 'PURE_CLOUD',
    });
    const numbers = await client.didPoolNumbers({ poolIds: [pool.id!] });
    expect(numbers.map((n) => [n.number, n.assigned])).toEqual([
      ['+33123456800', false],
      ['+33123456801', false],
      ['+33123456802', false],
      ['+33123456803', false],
      ['+33123456804', false],
    ]);
    // Genesys has no DID for a number nobody owns (the CX-as-Code DID data source test assigns one first).
    expect(await client.dids({ didPoolId: pool.id })).toEqual([]);
    expect(
      (await client.didPoolNumbers({ type: 'UNASSIGNED', numberMatch: '+33123456802' })).map((n) => n.number),
    ).toEqual(['+33123456802']);
    expect((await client.didPools()).map((p) => p.id)).toContain(pool.id);
  });

  it('an overlapping DID pool is refused', async () => {
    await expect(
      client.createDidPool({ name: 'dup', startPhoneNumber: '+33123456780', endPhoneNumber: '+33123456790' }),
    ).rejects.toMatchObject({ status: 400, code: 'duplicate.value' });
  });

  it("assigning a DID to a user's WORK phone makes the user own it", async () => {
    const pool = await client.createDidPool({
      name: 'Alice',
      startPhoneNumber: '+33123456900',
      endPhoneNumber: '+33123456900',
    });
    const alice = await client.user(ALICE);
    const patched = await client.patchUser(ALICE, {
      version: alice.version,
      addresses: [{ address: '+33123456900', mediaType: 'PHONE', type: 'WORK' }],
    });
    expect(patched.version).toBe(alice.version + 1);
    const [did] = await client.dids({ phoneNumber: '+33123456900' });
    expect(did).toMatchObject({ id: didId('+33123456900'), ownerType: 'USER', owner: { id: ALICE } });
    const [number] = await client.didPoolNumbers({ poolIds: [pool.id!] });
    expect(number?.assigned).toBe(true);
    // A stale version changes nothing.
    await expect(client.patchUser(ALICE, { version: alice.version, addresses: [] })).rejects.toMatchObject({
      status: 409,
    });
    expect((await client.user(ALICE)).addresses).toHaveLength(1);
  });

  it('a number the IVR holds cannot also go to a user; moving it off the IVR frees it', async () => {
    const alice = await client.user(ALICE);
    await expect(
      client.patchUser(ALICE, {
        version: alice.version,
        addresses: [{ address: '+33123456789', mediaType: 'PHONE', type: 'WORK' }],
      }),
    ).rejects.toMatchObject({ status: 400 });
    const [ivr] = await client.ivrs({ dnis: '+33123456789' });
    expect(ivr?.id).toBe(IVR);
    await client.putIvr(IVR, { ...ivr!, dnis: [] });
    expect(await client.ivrs({ dnis: '+33123456789' })).toEqual([]);
    const [did] = await client.dids({ phoneNumber: '+33123456789' });
    expect(did?.owner).toBeUndefined();
  });

  it('the BYOC carrier template lists every property with its default', async () => {
    const template = await client.trunkBaseTemplate();
    expect(template.trunkMetabase.id).toBe('external_sip_pcv_byoc_carrier.json');
    expect(template.properties?.['trunk_enabled']).toMatchObject({ type: 'boolean', value: { default: true } });
    await expect(client.trunkBaseTemplate('no_such_metabase.json')).rejects.toMatchObject({ status: 404 });
  });

  it('a trunk disconnected on one edge by a fault shows it, with its errorInfo', async () => {
    const res = await fetch(`${fake.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        disconnected: [
          {
            trunkBase: 'Twilio',
            edge: 'virtual-edge-i-0a1b2c3d4e5f60002',
            errorInfo: { text: 'SIP 503', code: '503' },
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const trunks = await client.trunks({ trunkBaseId: TRUNK_BASE_ID });
    const down = trunks.filter((t) => !t.connectedStatus?.connected);
    expect(down.map((t) => t.edge?.name)).toEqual(['virtual-edge-i-0a1b2c3d4e5f60002']);
    expect(down[0]?.optionsStatus?.[0]?.errorInfo).toEqual({ text: 'SIP 503', code: '503' });
    expect(down[0]?.inService).toBe(true);
  });

  it('a fault with a typo is refused by the admin endpoint', async () => {
    const res = await fetch(`${fake.url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ genesys5xxRat: 1 }),
    });
    expect(res.status).toBe(400);
  });
});

describe('the fake Genesys wire format', () => {
  it('every answer carries the rate-limit and correlation headers', async () => {
    const res = await fetch(`${fake.url}/api/v2/telephony/providers/edges/sites`, {
      headers: { Authorization: `Bearer ${await token()}` },
    });
    expect(res.headers.get('inin-ratelimit-count')).toBe('1');
    expect(res.headers.get('inin-ratelimit-allowed')).toBe('300');
    expect(Number(res.headers.get('inin-ratelimit-reset'))).toBeGreaterThan(0);
    expect(res.headers.get('inin-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a listing page has the envelope with next and previous URIs', async () => {
    const res = await fetch(`${fake.url}/api/v2/telephony/providers/edges?pageSize=1&pageNumber=2`, {
      headers: { Authorization: `Bearer ${await token()}` },
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ pageSize: 1, pageNumber: 2, total: 2, pageCount: 2 });
    expect(body['previousUri']).toBe('/api/v2/telephony/providers/edges?pageSize=1&pageNumber=1');
    expect(body['nextUri']).toBeUndefined();
    expect((body['entities'] as unknown[]).length).toBe(1);
  });

  it('no token is 401 in the ErrorBody shape; wrong credentials get the OAuth error shape', async () => {
    const noToken = await fetch(`${fake.url}/api/v2/locations`);
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ status: 401, code: 'authentication.required' });
    const wrong = await fetch(`${fake.url}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('an expired token is refused with 401', async () => {
    let now = Date.UTC(2025, 0, 1);
    const s = structuredClone(scenario);
    s.genesys.tokenExpiresIn = 300;
    const short = await startGenesysFake(s, { now: () => now });
    try {
      const basic = Buffer.from(`${s.genesys.credentials.clientId}:${s.genesys.credentials.clientSecret}`);
      const login = await fetch(`${short.url}/oauth/token`, {
        method: 'POST',
        headers: { Authorization: `Basic ${basic.toString('base64')}` },
        body: 'grant_type=client_credentials',
      });
      const { access_token, expires_in } = (await login.json()) as { access_token: string; expires_in: number };
      expect(expires_in).toBe(300);
      const auth = { Authorization: `Bearer ${access_token}` };
      expect((await fetch(`${short.url}/api/v2/locations`, { headers: auth })).status).toBe(200);
      now += 300_000;
      const expired = await fetch(`${short.url}/api/v2/locations`, { headers: auth });
      expect(expired.status).toBe(401);
      expect(await expired.json()).toMatchObject({ code: 'bad.credentials' });
    } finally {
      await short.close();
    }
  });

  it('number plans and trunk metrics are bare arrays', async () => {
    const auth = { Authorization: `Bearer ${await token()}` };
    const plans = await fetch(`${fake.url}/api/v2/telephony/providers/edges/sites/${PARIS_OFFICE}/numberplans`, {
      headers: auth,
    });
    expect(Array.isArray(await plans.json())).toBe(true);
    const trunkId = genesysPartFromScenario(scenario).trunks[0]!.id;
    const metrics = await fetch(`${fake.url}/api/v2/telephony/providers/edges/trunks/metrics?trunkIds=${trunkId}`, {
      headers: auth,
    });
    expect(await metrics.json()).toEqual([
      expect.objectContaining({ trunk: expect.objectContaining({ id: trunkId }) }),
    ]);
  });
});
