import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { GenesysFake } from '../../src/sandbox/genesys/index.js';
import { loadScenario, type Scenario } from '../../src/sandbox/scenario.js';
import { OUT_OF_TIME_CODE, withCallBudget } from '../../src/vendors/call-budget.js';
import { VendorError } from '../../src/vendors/vendor-error.js';
import { FakeClock } from './fake-clock.js';
import { fakeOrgPerTest } from './fake-org.js';

const TRUNK_BASE_ID = '9d4b7c1e-3a2f-4e8d-b6c5-twilio000001';
const DEFAULT = loadScenario('default');

function scenario(edit: (s: Scenario) => void = () => {}): Scenario {
  const s = structuredClone(DEFAULT);
  edit(s);
  return s;
}

const setup = fakeOrgPerTest();

const apiCalls = (f: GenesysFake, path: string) => f.requests.filter((r) => r.path.startsWith(path));

describe('Genesys client against the fake org', () => {
  it('logs in with client credentials and reads the BYOC trunk "Twilio"', async () => {
    const { fake, client } = await setup(scenario(), new FakeClock(true));
    const bases = await client.trunkBases();
    expect(bases.map((b) => b.name)).toContain('Twilio');
    const twilio = await client.trunkBase(TRUNK_BASE_ID);
    expect(twilio.trunkMetabase.id).toBe('external_sip_pcv_byoc_carrier.json');
    expect(fake.logins).toBe(1);
    expect(client.rateLimit).toMatchObject({ allowed: 300 });
  });

  it('logs in again before the token expires, and not before it is close to expiring', async () => {
    const clock = new FakeClock(true);
    const { fake, client } = await setup(
      scenario((s) => {
        s.genesys.tokenExpiresIn = 600;
      }),
      clock,
      { refreshMarginMs: 60_000 },
    );
    await client.edges();
    clock.advance(500_000); // 100 s left: more than the 60 s margin
    await client.edges();
    expect(fake.logins).toBe(1);
    clock.advance(50_000); // 50 s left: inside the margin
    await client.edges();
    expect(fake.logins).toBe(2);
  });

  it('logs in once more when a call answers 401, then carries on', async () => {
    const { fake, client } = await setup(scenario(), new FakeClock(true));
    await client.sites();
    fake.revokeTokens();
    const sites = await client.sites();
    expect(sites.map((s) => s.name)).toContain('Paris Office');
    expect(fake.logins).toBe(2);
  });

  it('follows pagination across more than one page', async () => {
    const { fake, client } = await setup(
      scenario((s) => {
        s.genesys.didPools.push({
          id: 'pool-big',
          startPhoneNumber: '+33140000000',
          endPhoneNumber: '+33140000249',
          provider: 'PURE_CLOUD',
        });
      }),
      new FakeClock(true),
      { pageSize: 100 },
    );
    const numbers = await client.didPoolNumbers({ poolIds: ['pool-big'], type: 'UNASSIGNED' });
    expect(numbers).toHaveLength(250);
    expect(new Set(numbers.map((d) => d.number)).size).toBe(250);
    const pages = apiCalls(fake, '/api/v2/telephony/providers/edges/didpools/dids?');
    expect(pages.map((r) => new URL(r.path, 'http://x').searchParams.get('pageNumber'))).toEqual(['1', '2', '3']);
  });

  it('a 429 with Retry-After 1 is waited out and the call succeeds', async () => {
    const clock = new FakeClock(true);
    const { fake, client } = await setup(scenario(), clock);
    fake.setFaults({ genesys429Burst: 1, retryAfterSeconds: 1 });
    const edges = await client.edges();
    expect(edges).toHaveLength(2);
    expect(clock.slept).toEqual([1000]);
    expect(apiCalls(fake, '/api/v2/telephony/providers/edges?')).toHaveLength(2);
  });

  it('a 429 asking for a longer wait than allowed is thrown, retryable, with its Retry-After', async () => {
    const { fake, client } = await setup(scenario(), new FakeClock(true), { maxRetryAfterSeconds: 5 });
    fake.setFaults({ genesys429Burst: 1, retryAfterSeconds: 30 });
    const err = await client.edges().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect(err).toMatchObject({ status: 429, code: 'too.many.requests.retry.after', retryAfterSeconds: 30 });
    expect((err as VendorError).retryable).toBe(true);
  });

  it('with default settings a 429 asking for 30 s is not waited out: thrown at once for the job queue to retry', async () => {
    const clock = new FakeClock(true);
    const { fake, client } = await setup(scenario(), clock);
    fake.setFaults({ genesys429Burst: 5, retryAfterSeconds: 30 });
    const err = await client.edges().catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 429, retryAfterSeconds: 30 });
    expect(clock.slept).toEqual([]);
    expect(apiCalls(fake, '/api/v2/telephony/providers/edges?')).toHaveLength(1);
  });

  it("inside a job, a short Retry-After that ends after the job's deadline is not waited out either", async () => {
    const clock = new FakeClock(true);
    const { fake, client } = await setup(scenario(), clock);
    fake.setFaults({ genesys429Burst: 1, retryAfterSeconds: 3 });
    const signal = new AbortController().signal;
    const err = await withCallBudget({ signal, deadline: Date.now() + 2_000 }, () => client.edges()).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ status: 429, retryAfterSeconds: 3 });
    expect(clock.slept).toEqual([]);
  });

  it("inside a job, a Genesys that never answers is given up at the job's deadline, not after 4 x 16 s", async () => {
    const { fake, client } = await setup(scenario(), new FakeClock(true));
    await client.login();
    fake.setFaults({ genesysDown: true });
    const started = Date.now();
    const err = await withCallBudget({ signal: AbortSignal.timeout(300), deadline: started + 300 }, () =>
      client.locations(),
    ).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(err).toBeInstanceOf(VendorError);
    expect(err).toMatchObject({ vendor: 'genesys', status: 0, code: OUT_OF_TIME_CODE });
    expect((err as VendorError).retryable).toBe(true);
  });

  it('retries a read answered 5xx with backoff, then gives up with a typed error', async () => {
    const clock = new FakeClock(true);
    const { fake, client } = await setup(scenario(), clock, { maxRetries: 2, backoffMs: 100 });
    fake.setFaults({ genesys5xxRate: 1 });
    const err = await client.trunk('any').catch((e: unknown) => e);
    expect(err).toMatchObject({ vendor: 'genesys', status: 503, code: 'service.unavailable' });
    expect(clock.slept).toEqual([100, 200]);
    expect(apiCalls(fake, '/api/v2/telephony/providers/edges/trunks/any')).toHaveLength(3);
  });

  it('does not retry a write answered 5xx (it may have been applied)', async () => {
    const { fake, client } = await setup(scenario(), new FakeClock(true));
    const base = await client.trunkBase(TRUNK_BASE_ID);
    fake.setFaults({ genesys5xxRate: 1 });
    await expect(client.putTrunkBase(TRUNK_BASE_ID, base)).rejects.toMatchObject({ status: 503 });
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('a vendor that never answers becomes an unreachable, retryable VendorError', async () => {
    const { fake, client } = await setup(scenario(), new FakeClock(true), { timeoutMs: 200, maxRetries: 1 });
    await client.login();
    fake.setFaults({ genesysDown: true });
    const err = await client.locations().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VendorError);
    expect((err as VendorError).unreachable).toBe(true);
    expect((err as VendorError).retryable).toBe(true);
    expect(apiCalls(fake, '/api/v2/locations')).toHaveLength(2);
  });

  it('a stale-version PUT is refused with 409 and nothing changes', async () => {
    const { fake, client } = await setup(scenario(), new FakeClock(true));
    const base = await client.trunkBase(TRUNK_BASE_ID);
    const renamed = await client.putTrunkBase(TRUNK_BASE_ID, { ...base, name: 'Twilio EU' });
    expect(renamed.version).toBe(2);
    const err = await client.putTrunkBase(TRUNK_BASE_ID, { ...base, name: 'Stale write' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 409, code: 'general.conflict' });
    expect((err as VendorError).retryable).toBe(false);
    expect((await client.trunkBase(TRUNK_BASE_ID)).name).toBe('Twilio EU');
    expect(fake.state.trunkBases.find((t) => t.id === TRUNK_BASE_ID)?.version).toBe(2);
  });

  it('errors carry status, code, message and correlation id, and never a secret', async () => {
    const s = scenario();
    const { fake, client } = await setup(s, new FakeClock(true));
    const err = (await client.trunk('no-such-trunk').catch((e: unknown) => e)) as VendorError;
    expect(err).toMatchObject({ vendor: 'genesys', status: 404, code: 'not.found' });
    expect(err.message).toContain('no-such-trunk');
    expect(err.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const login = fake.requests.find((r) => r.path === '/oauth/token');
    expect(login).toBeDefined();
    const everything = `${inspect(err, { depth: 10 })} ${JSON.stringify(err)} ${err.stack}`;
    expect(everything).not.toContain(s.genesys.credentials.clientSecret);
    expect(everything).not.toContain('Bearer');
  });

  it('wrong credentials fail the login with a typed 401 that does not repeat the secret', async () => {
    const s = scenario();
    const secret = 'wrong-secret-value-123';
    const { client } = await setup(s, new FakeClock(true), {
      region: 'mypurecloud.ie',
      clientId: 'x',
      clientSecret: secret,
    });
    const err = (await client.edges().catch((e: unknown) => e)) as VendorError;
    expect(err).toBeInstanceOf(VendorError);
    expect(err).toMatchObject({ status: 401, code: 'invalid_client' });
    const everything = `${inspect(err, { depth: 10 })} ${err.message}`;
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(Buffer.from(`x:${secret}`).toString('base64'));
  });

  it('counts every HTTP call and tells the onCall hook', async () => {
    const seen: string[] = [];
    const { fake, client } = await setup(scenario(), new FakeClock(true), { onCall: (v) => seen.push(v) });
    await client.products();
    await client.edgeGroups();
    expect(client.callCount).toBe(3); // login + two reads
    expect(seen).toEqual(['genesys', 'genesys', 'genesys']);
    expect(fake.requests).toHaveLength(3);
  });
});
