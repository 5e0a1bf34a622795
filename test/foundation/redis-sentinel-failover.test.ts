/**
 * The bot through Redis Sentinel across a failover: a private master, its replica and a Sentinel, all started by the
 * test; the bot knows only the Sentinel. The Sentinel is told to fail over (SENTINEL FAILOVER, a planned switch: the
 * old master lives on and is turned into a replica some seconds later). A retry queued before the switch runs after
 * it, commands sent once the Sentinel names the new master are answered, and none is answered twice.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CHANNEL_ID } from '../../src/sandbox/slack/fake-slack.js';
import { PrivateRedis, PrivateSentinel } from '../support/private-redis.js';
import { testCommands, testJobs } from './fixtures.js';
import { type Harness, readable, type SlashResult, startHarness } from './harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // A Redis being reconfigured drops the connections it has (a question asked then fails): ask again.
  while (!(await ok().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('Redis through Sentinel, across a failover', () => {
  let master: PrivateRedis;
  let replica: PrivateRedis;
  let sentinel: PrivateSentinel;
  let h: Harness;
  beforeAll(async () => {
    master = await PrivateRedis.start();
    replica = await PrivateRedis.startReplicaOf(master);
    sentinel = await PrivateSentinel.start(master, 'byoc-failover');
    h = await startHarness({
      env: { REDIS_SENTINELS: `127.0.0.1:${sentinel.port}`, REDIS_SENTINEL_MASTER: 'byoc-failover' },
      // A failed attempt is retried 2 s later: long enough to be waiting in Redis while the master changes.
      bot: { commands: testCommands(), jobs: testJobs(), backoffBaseMs: 2000 },
    });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await sentinel?.stop();
    await replica?.stop();
    await master?.stop();
  }, 60_000);

  /** Sends `echo <word>` and waits for its card (one at a time: the harness finds a card by when it was sent). */
  async function echo(word: string): Promise<SlashResult> {
    const res = await h.slash(`echo ${word}`);
    expect(res.status).toBe(200);
    expect(readable(await h.cardFor(res))).toContain(word);
    return res;
  }

  /** How many times the working message of a command was replaced. */
  function updatesOf(ts: string): number {
    return h.slack.message(TEST_CHANNEL_ID, ts)?.updates ?? 0;
  }

  it('a retry queued before the switch runs after it, commands after it are answered, none twice', async () => {
    const before = [];
    for (let i = 0; i < 3; i += 1) before.push(await echo(`before${i}x`));

    // Fails once now; its retry waits in Redis (a delayed job) while the master changes.
    const retried = await h.slash('vendor call 503 --times 1');
    expect(retried.status).toBe(200);
    await h.cardSaying(retried, 'retrying');

    const newMaster = await sentinel.failover();
    expect(newMaster).toBe(replica.port);
    expect(await replica.role()).toBe('master');
    // The old master still answers and still calls itself master: a client that stayed on it would write where
    // the next few seconds erase. The bot's connections move when the Sentinel announces the switch.
    await sleep(300);

    const after = [];
    for (let i = 0; i < 5; i += 1) after.push(await echo(`after${i}x`));
    expect(readable(await h.cardSaying(retried, 'answered on attempt 2'))).toContain('answered on attempt 2');

    // The Sentinel turns the old master into a replica of the new one, which replaces all it held: whatever was
    // written there after the switch is gone from now on.
    await waitFor('the old master to become a replica', async () => (await master.role()) === 'slave', 30_000);
    for (let i = 0; i < 2; i += 1) after.push(await echo(`later${i}x`));

    // Every card came once (the retry: its "retrying" note, then its card).
    for (const res of [...before, ...after]) {
      const { ts } = await h.cardFor(res);
      expect(updatesOf(ts)).toBe(1);
    }
    expect(updatesOf((await h.cardFor(retried)).ts)).toBe(2);

    // Every job's record is on the new master, those that ran between the switch and the old master's demotion too:
    // the bot wrote them there, not on the old master.
    const direct = new Redis({ port: newMaster, host: '127.0.0.1', lazyConnect: true });
    try {
      const completed = await direct.zcard(`${h.config.queuePrefix}:commands:completed`);
      expect(completed).toBe(before.length + after.length + 1);
    } finally {
      direct.disconnect();
    }
  }, 60_000);
});
