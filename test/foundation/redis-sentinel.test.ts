/**
 * The bot through Redis Sentinel: a private master and a Sentinel watching it, both started by the test; the bot is
 * given only the Sentinel's address and the master's name, and a command goes through end to end, its keys landing
 * on that master.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateRedis, PrivateSentinel } from '../support/private-redis.js';
import { testCommands, testJobs } from './fixtures.js';
import { type Harness, startHarness } from './harness.js';

describe('Redis through Sentinel', () => {
  let master: PrivateRedis;
  let sentinel: PrivateSentinel;
  let h: Harness;
  beforeAll(async () => {
    master = await PrivateRedis.start();
    sentinel = await PrivateSentinel.start(master, 'byoc-master');
    h = await startHarness({
      env: { REDIS_SENTINELS: `127.0.0.1:${sentinel.port}`, REDIS_SENTINEL_MASTER: 'byoc-master' },
      bot: { commands: testCommands(), jobs: testJobs() },
    });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await sentinel?.stop();
    await master?.stop();
  }, 60_000);

  it('finds the master through the Sentinel, and a command is answered', async () => {
    expect(h.config.redis.kind).toBe('sentinel');
    const res = await h.slash('echo through-sentinel');
    expect(res.status).toBe(200);
    const card = await h.cardFor(res);
    expect(JSON.stringify(card)).toContain('through-sentinel');

    const direct = new Redis(master.url, { lazyConnect: true });
    try {
      const keys = await direct.keys(`${h.config.queuePrefix}:*`);
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      direct.disconnect();
    }
  }, 60_000);
});
