/**
 * The snapshot's gathering lock lives as long as its holder does, and no longer: a replica killed while gathering
 * (SIGKILL, a real child process) lets another replica gather within the lock's short expiry, while a replica that
 * is alive but slow keeps the lock however long it takes. A waiter also stops waiting when its job's time is up.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/coded-error.js';
import { PROJECT_ROOT } from '../../src/router/discover.js';
import { SharedSnapshot } from '../../src/snapshot/shared-snapshot.js';
import { withCallBudget } from '../../src/vendors/call-budget.js';
import { REDIS_URL } from '../redis-url.js';
import { fakeSnapshot } from './fake-snapshot.js';

const redis = new Redis(REDIS_URL, { lazyConnect: false });
const prefix = `test-lock-${randomUUID()}`;
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

/** A replica in a process of its own, gathering forever, once its lock is in Redis. */
async function holderProcess(orgKey: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/snapshot/hold-snapshot-lock.ts'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', REDIS_URL, PREFIX: prefix, ORG_KEY: orgKey },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('holding')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the holder exited (${code}) before taking the lock`)));
  });
  return child;
}

describe('the snapshot gathering lock', () => {
  it('a replica SIGKILLed while gathering blocks the others for at most the lock expiry (5 s), not a minute', async () => {
    const holder = await holderProcess('org-killed');
    // It stays held while the holder lives: longer than one expiry.
    await new Promise((r) => setTimeout(r, 5_500));
    expect(await redis.exists(`${prefix}:snapshot-lock:org-killed`)).toBe(1);
    holder.kill('SIGKILL');
    const killedAt = Date.now();
    const other = new SharedSnapshot({ redis, prefix, ttlSeconds: 10 });
    let gatherings = 0;
    const snapshot = await other.get('org-killed', async () => {
      gatherings += 1;
      return fakeSnapshot('org-killed');
    });
    const waited = Date.now() - killedAt;
    expect(snapshot.orgKey).toBe('org-killed');
    expect(gatherings).toBe(1);
    expect(waited).toBeLessThan(5_000 + 1_000);
  }, 20_000);

  it('a live replica that gathers for several lock expiries keeps the lock: the others wait and share its snapshot', async () => {
    const slow = new SharedSnapshot({ redis, prefix, ttlSeconds: 10, lockMs: 300 });
    const waiter = new SharedSnapshot({ redis, prefix, ttlSeconds: 10, lockMs: 300 });
    let gatherings = 0;
    const gather = async () => {
      gatherings += 1;
      await new Promise((r) => setTimeout(r, 1_500));
      return fakeSnapshot('org-slow');
    };
    const first = slow.get('org-slow', gather);
    await new Promise((r) => setTimeout(r, 50));
    const second = waiter.get('org-slow', gather);
    const [a, b] = await Promise.all([first, second]);
    expect(gatherings).toBe(1);
    expect(b.takenAt).toBe(a.takenAt);
  });

  it("a waiter stops when its job's time is up, with a retryable error, while the gathering goes on", async () => {
    const slow = new SharedSnapshot({ redis, prefix, ttlSeconds: 10, lockMs: 300 });
    const waiter = new SharedSnapshot({ redis, prefix, ttlSeconds: 10, lockMs: 300 });
    const gathering = slow.get('org-budget', async () => {
      await new Promise((r) => setTimeout(r, 1_500));
      return fakeSnapshot('org-budget');
    });
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    const signal = AbortSignal.timeout(200);
    const err = await withCallBudget({ signal, deadline: started + 200 }, () =>
      waiter.get('org-budget', async () => fakeSnapshot('org-budget')),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ERROR_CODES.snapshotWait, retryable: true });
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(gathering).resolves.toMatchObject({ orgKey: 'org-budget' });
  });
});
