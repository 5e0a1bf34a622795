import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { SharedSnapshot } from '../../src/snapshot/shared-snapshot.js';
import { REDIS_URL } from '../redis-url.js';
import { fakeSnapshot } from './fake-snapshot.js';

const redisA = new Redis(REDIS_URL, { lazyConnect: false });
const redisB = new Redis(REDIS_URL, { lazyConnect: false });
const prefix = `test-${randomUUID()}`;

afterAll(async () => {
  const keys = await redisA.keys(`${prefix}:*`);
  if (keys.length) await redisA.del(...keys);
  redisA.disconnect();
  redisB.disconnect();
});

describe('a snapshot shared by everyone who asks at once', () => {
  it('twenty concurrent requests on two replicas cost one gathering', async () => {
    const replicaA = new SharedSnapshot({ redis: redisA, prefix, ttlSeconds: 10 });
    const replicaB = new SharedSnapshot({ redis: redisB, prefix, ttlSeconds: 10 });
    let gatherings = 0;
    const gather = async () => {
      gatherings++;
      await new Promise((r) => setTimeout(r, 150));
      return fakeSnapshot('org-1');
    };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? replicaA : replicaB).get('org-1', gather)),
    );
    expect(gatherings).toBe(1);
    expect(new Set(results.map((r) => r.takenAt)).size).toBe(1);
  });

  it('a cached snapshot answers later requests until it expires, and refresh gathers anew', async () => {
    const source = new SharedSnapshot({ redis: redisA, prefix, ttlSeconds: 10 });
    let gatherings = 0;
    const gather = async () => {
      gatherings++;
      return fakeSnapshot('org-2');
    };
    await source.get('org-2', gather);
    await source.get('org-2', gather);
    expect(gatherings).toBe(1);
    await new Promise((r) => setTimeout(r, 5));
    await source.get('org-2', gather, { fresh: true });
    expect(gatherings).toBe(2);
    await source.invalidate('org-2');
    await source.get('org-2', gather);
    expect(gatherings).toBe(3);
  });

  it('SNAPSHOT_CACHE_SECONDS=0: a later request never reuses the snapshot, concurrent ones still share one', async () => {
    const source = new SharedSnapshot({ redis: redisA, prefix, ttlSeconds: 0 });
    let gatherings = 0;
    const gather = async () => {
      gatherings++;
      await new Promise((r) => setTimeout(r, 20));
      return fakeSnapshot('org-4');
    };
    await Promise.all([source.get('org-4', gather), source.get('org-4', gather)]);
    expect(gatherings).toBe(1);
    await new Promise((r) => setTimeout(r, 5));
    await source.get('org-4', gather);
    expect(gatherings).toBe(2);
  });

  it('when the replica gathering fails, a waiting replica takes over instead of hanging', async () => {
    const replicaA = new SharedSnapshot({ redis: redisA, prefix, ttlSeconds: 10 });
    const replicaB = new SharedSnapshot({ redis: redisB, prefix, ttlSeconds: 10 });
    const failing = replicaA.get('org-3', async () => {
      await new Promise((r) => setTimeout(r, 100));
      throw new Error('genesys unreachable');
    });
    await new Promise((r) => setTimeout(r, 20));
    const waiting = replicaB.get('org-3', async () => fakeSnapshot('org-3'));
    await expect(failing).rejects.toThrow('genesys unreachable');
    await expect(waiting).resolves.toMatchObject({ orgKey: 'org-3' });
  });
});
