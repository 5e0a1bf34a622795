/**
 * The bot through Redis Sentinel across a failover: a private master, its replica and a Sentinel, all started by the
 * test; the bot knows only the Sentinel. Twice: the Sentinel is told to fail over (SENTINEL FAILOVER, a planned
 * switch: the old master lives on and is turned into a replica some seconds later), and the master is killed (the
 * Sentinel sees it down and promotes the replica). A retry queued before the switch runs once after it, commands sent
 * after it are answered once, and every job's record is on the new master.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CHANNEL_ID } from '../../src/sandbox/slack/fake-slack.js';
import { PrivateRedis, PrivateSentinel } from '../support/private-redis.js';
import { testCommands, testJobs } from './fixtures.js';
import { type Harness, readable, type SlashResult, startHarness } from './harness.js';

async function waitFor(what: string, ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // A Redis being reconfigured drops the connections it has (a question asked then fails): ask again.
  while (!(await ok().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

interface FailoverRig {
  master: PrivateRedis;
  replica: PrivateRedis;
  sentinel: PrivateSentinel;
  h: Harness;
}

/** A master, its replica, a Sentinel and the bot through it, for the describe block it is declared in. */
function useFailoverRig(masterName: string): FailoverRig {
  const rig = {} as FailoverRig;
  beforeAll(async () => {
    rig.master = await PrivateRedis.start();
    rig.replica = await PrivateRedis.startReplicaOf(rig.master);
    rig.sentinel = await PrivateSentinel.start(rig.master, masterName);
    rig.h = await startHarness({
      env: { REDIS_SENTINELS: `127.0.0.1:${rig.sentinel.port}`, REDIS_SENTINEL_MASTER: masterName },
      // A failed attempt is retried 2 s later: long enough to be waiting in Redis while the master changes.
      bot: { commands: testCommands(), jobs: testJobs(), backoffBaseMs: 2000 },
    });
  }, 60_000);
  afterAll(async () => {
    await rig.h?.close();
    await rig.sentinel?.stop();
    await rig.replica?.stop();
    await rig.master?.stop();
  }, 60_000);
  return rig;
}

/** Sends `echo <word>` and waits for its card (one at a time: the harness finds a card by when it was sent). */
async function echo(h: Harness, word: string): Promise<SlashResult> {
  const res = await h.slash(`echo ${word}`);
  expect(res.status).toBe(200);
  expect(readable(await h.cardFor(res))).toContain(word);
  return res;
}

/** Three commands answered, then a command that fails once: its retry waits in Redis (a delayed job). */
async function beforeTheSwitch(h: Harness): Promise<{ before: SlashResult[]; retried: SlashResult }> {
  const before = [];
  for (let i = 0; i < 3; i += 1) before.push(await echo(h, `before${i}x`));
  const retried = await h.slash('vendor call 503 --times 1');
  expect(retried.status).toBe(200);
  await h.cardSaying(retried, 'retrying');
  return { before, retried };
}

/** Every card came once (the retry: its "retrying" note, then its card), and every job's record is on `port`. */
async function answeredOnceOn(h: Harness, port: number, commands: SlashResult[], retried: SlashResult): Promise<void> {
  const updatesOf = (ts: string) => h.slack.message(TEST_CHANNEL_ID, ts)?.updates ?? 0;
  for (const res of commands) expect(updatesOf((await h.cardFor(res)).ts)).toBe(1);
  expect(updatesOf((await h.cardFor(retried)).ts)).toBe(2);
  const direct = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
  try {
    expect(await direct.zcard(`${h.config.queuePrefix}:commands:completed`)).toBe(commands.length + 1);
  } finally {
    direct.disconnect();
  }
}

describe('Redis through Sentinel, a planned failover', () => {
  const rig = useFailoverRig('byoc-switch');

  it('a retry queued before the switch runs after it, commands after it are answered, none twice', async () => {
    const { h, master, replica, sentinel } = rig;
    const { before, retried } = await beforeTheSwitch(h);

    const newMaster = await sentinel.failover();
    expect(newMaster).toBe(replica.port);
    expect(await replica.role()).toBe('master');
    // The old master still answers and still calls itself master: a client that stayed on it would write where
    // the next few seconds erase. The bot's connections move when the Sentinel announces the switch.
    await sleep(300);

    const after = [];
    for (let i = 0; i < 5; i += 1) after.push(await echo(h, `after${i}x`));
    expect(readable(await h.cardSaying(retried, 'answered on attempt 2'))).toContain('answered on attempt 2');

    // The Sentinel turns the old master into a replica of the new one, which replaces all it held: whatever was
    // written there after the switch is gone from now on.
    await waitFor('the old master to become a replica', async () => (await master.role()) === 'slave', 30_000);
    for (let i = 0; i < 2; i += 1) after.push(await echo(h, `later${i}x`));

    // Those that ran between the switch and the old master's demotion too: the bot wrote them on the new master.
    await answeredOnceOn(h, newMaster, [...before, ...after], retried);
  }, 60_000);
});

describe('Redis through Sentinel, the master killed', () => {
  const rig = useFailoverRig('byoc-killed');

  it('a retry queued before the master died runs on the promoted replica; once ready again, commands are answered', async () => {
    const { h, master, replica, sentinel } = rig;
    const { before, retried } = await beforeTheSwitch(h);

    await master.kill();
    // The Sentinel calls it down after 2 s without an answer, then promotes the replica.
    const newMaster = await sentinel.newMasterThan(master.port, 30_000);
    expect(newMaster).toBe(replica.port);
    await waitFor('the bot to be ready again', async () => (await fetch(`${h.bot.url}/readyz`)).status === 200, 30_000);

    const after = [];
    for (let i = 0; i < 5; i += 1) after.push(await echo(h, `after${i}x`));
    expect(readable(await h.cardSaying(retried, 'answered on attempt 2'))).toContain('answered on attempt 2');
    await answeredOnceOn(h, newMaster, [...before, ...after], retried);
  }, 60_000);
});
