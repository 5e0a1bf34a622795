import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GENESYS_RATE_SCOPE, RedisRateLimiter } from '../../src/genesys/index.js';
import { loadScenario } from '../../src/sandbox/scenario.js';
import { REDIS_URL } from '../redis-url.js';
import { FakeClock } from './fake-clock.js';
import { fakeOrgPerTest } from './fake-org.js';

// Requests run through real HTTP on a shared 2-core machine: give them time, polling, rather than a fixed second.
const LOADED_MACHINE = { timeout: 15_000, interval: 20 };
const prefix = `test-${randomUUID()}`;
let redis: Redis;
const DEFAULT = loadScenario('default');
const onFakeOrg = fakeOrgPerTest();

beforeAll(() => {
  redis = new Redis(REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

function limiter(key: string, clock: FakeClock, limit = 20) {
  // No margin: the test moves the clock to the exact millisecond a slot frees.
  return new RedisRateLimiter({
    redis,
    scope: GENESYS_RATE_SCOPE,
    prefix,
    key,
    limit,
    windowMs: 60_000,
    marginMs: 0,
    clock,
  });
}

describe('the Redis rate limiter shared by replicas', () => {
  it('lets a burst of 50 through 20 a minute: the rest wait for the window to move', async () => {
    const clock = new FakeClock();
    const l = limiter(`burst-${randomUUID()}`, clock);
    let done = 0;
    const all = Array.from({ length: 50 }, () => l.acquire().then(() => done++));
    await vi.waitFor(() => expect(clock.waiting).toBe(30), LOADED_MACHINE);
    expect(done).toBe(20);

    clock.advance(59_999);
    await vi.waitFor(() => expect(clock.waiting).toBe(30), LOADED_MACHINE);
    expect(done).toBe(20);

    clock.advance(1);
    await vi.waitFor(() => expect(done).toBe(40), LOADED_MACHINE);
    await vi.waitFor(() => expect(clock.waiting).toBe(10), LOADED_MACHINE);

    clock.advance(60_000);
    await Promise.all(all);
    expect(done).toBe(50);
  });

  it('without a clock of its own it uses Redis time, one clock for every replica', async () => {
    const l = new RedisRateLimiter({
      redis,
      scope: GENESYS_RATE_SCOPE,
      prefix,
      key: `redis-time-${randomUUID()}`,
      limit: 3,
    });
    const granted = await Promise.all([l.acquire(), l.acquire(), l.acquire()]);
    for (const at of granted) expect(Math.abs(at - Date.now())).toBeLessThan(5_000);
    expect(await l.inWindow()).toBe(3);
  });

  it('two replicas with the same client id share one limit', async () => {
    const clock = new FakeClock();
    const key = `shared-${randomUUID()}`;
    const a = limiter(key, clock);
    const b = limiter(key, clock);
    let done = 0;
    const all = [
      ...Array.from({ length: 15 }, () => a.acquire().then(() => done++)),
      ...Array.from({ length: 15 }, () => b.acquire().then(() => done++)),
    ];
    await vi.waitFor(() => expect(clock.waiting).toBe(10), LOADED_MACHINE);
    expect(done).toBe(20);
    expect(await a.inWindow()).toBe(20);
    clock.advance(60_000);
    await Promise.all(all);
    expect(done).toBe(30);
  });

  it('keeps the client under the fake org limit: a burst of 30 calls at 20/min gets no 429', async () => {
    const clock = new FakeClock();
    const s = structuredClone(DEFAULT);
    s.genesys.rateLimitPerMinute = 20;
    const { fake, client } = await onFakeOrg(s, clock, { limiter: limiter(`client-${randomUUID()}`, clock) });
    await client.login();
    let done = 0;
    const all = Array.from({ length: 30 }, () => client.edgeGroups().then(() => done++));
    await vi.waitFor(() => expect(clock.waiting).toBe(10), LOADED_MACHINE);
    await vi.waitFor(() => expect(done).toBe(20), LOADED_MACHINE);
    clock.advance(60_000);
    await Promise.all(all);
    expect(done).toBe(30);
    const sent = fake.requests.filter((r) => r.path.startsWith('/api/v2/'));
    expect(sent).toHaveLength(30);
    expect(client.rateLimit).toMatchObject({ allowed: 20 });
    expect(client.rateLimit!.count).toBeLessThanOrEqual(20);
  });

  it('without the limiter the same burst runs into the org limit, answered 429 with Retry-After', async () => {
    const clock = new FakeClock();
    const s = structuredClone(DEFAULT);
    s.genesys.rateLimitPerMinute = 20;
    // Waits a minute-long Retry-After out here (by default it is the job queue's), so the refused calls are seen.
    const { fake, client } = await onFakeOrg(s, clock, { maxRetryAfterSeconds: 120 });
    await client.login();
    const all = Promise.all(Array.from({ length: 25 }, () => client.edgeGroups()));
    // Five calls are refused and wait out their Retry-After: the rest of the fake's minute.
    await vi.waitFor(() => expect(clock.waiting).toBe(5), LOADED_MACHINE);
    expect(clock.slept).toEqual([60_000, 60_000, 60_000, 60_000, 60_000]);
    clock.advance(60_000);
    await all;
    expect(fake.requests.filter((r) => r.path.startsWith('/api/v2/'))).toHaveLength(30);
  });
});
