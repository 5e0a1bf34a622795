/**
 * A job taken over from a worker killed in the middle of a gathering waits first to be taken over
 * (WORKER_STALLED_SECONDS), then for the dead worker's gathering lock to lapse. The bot keeps that lock's expiry
 * within WORKER_STALLED_SECONDS, so the second wait is never the longer one: the takeover costs the stalled time plus
 * one snapshot, as promised, whatever WORKER_STALLED_SECONDS is set to.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_LOCK_MS, snapshotLockKey } from '../../src/snapshot/shared-snapshot.js';
import { useBench } from '../changes/helpers.js';
import { REDIS_URL } from '../redis-url.js';

const redis = new Redis(REDIS_URL, { lazyConnect: false });
afterAll(() => redis.disconnect());

/** Starts a fresh gathering against a Genesys that answers slowly; resolves with the lock's time to live. */
async function lockTtlWhileGathering(bench: ReturnType<typeof useBench>): Promise<number> {
  const { h, sandbox } = bench;
  sandbox.genesys.setFaults({ latencyMs: 1500 });
  try {
    const gathering = h.bot.services.snapshots.get({ fresh: true });
    const key = snapshotLockKey(h.config.queuePrefix, h.bot.services.snapshots.orgKey);
    const deadline = Date.now() + 5_000;
    let ttl = -2;
    while (ttl < 0 && Date.now() < deadline) {
      ttl = await redis.pttl(key);
      if (ttl < 0) await new Promise((r) => setTimeout(r, 10));
    }
    await gathering;
    return ttl;
  } finally {
    sandbox.genesys.setFaults({ latencyMs: 0 });
  }
}

describe('the gathering lock of a worker that may die', () => {
  describe('with WORKER_STALLED_SECONDS=2', () => {
    const bench = useBench({ env: { WORKER_STALLED_SECONDS: '2' } });
    it('expires within 2 s of its last renewal, not the default 5 s', async () => {
      const ttl = await lockTtlWhileGathering(bench);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(2_000);
    }, 30_000);
  });

  describe('with the default WORKER_STALLED_SECONDS (30)', () => {
    const bench = useBench();
    it(`keeps its short ${SNAPSHOT_LOCK_MS / 1000} s expiry`, async () => {
      const ttl = await lockTtlWhileGathering(bench);
      expect(ttl).toBeGreaterThan(2_000);
      expect(ttl).toBeLessThanOrEqual(SNAPSHOT_LOCK_MS);
    }, 30_000);
  });
});
