/**
 * One gathering serves everyone: snapshots are cached briefly in Redis, and concurrent requests for the same org,
 * on any replica, wait for the one gathering in flight instead of starting their own. Twenty people typing
 * `/byoc status` during an incident cost the vendors one snapshot.
 *
 * The gathering lock is short and renewed while its holder lives (src/redis-lock.ts): a worker killed in the middle
 * of a gathering blocks the others for at most the lock's expiry, not for as long as a gathering may take.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { ByocSnapshot } from '../byoc/snapshot.js';
import { CodedError, ERROR_CODES } from '../coded-error.js';
import { tryLock } from '../redis-lock.js';
import { currentBudget, unlessAborted } from '../vendors/call-budget.js';

export interface SharedSnapshotOptions {
  redis: Redis;
  /** Key prefix, e.g. the queue prefix, so tests and deployments do not share caches. */
  prefix: string;
  /** How long a snapshot answers new requests (default 10 s). */
  ttlSeconds: number;
  /**
   * The gathering lock's expiry (default 5 s). Its holder renews it while it lives, however long the gathering
   * takes; a holder that dies lets go within this long, and a waiting replica gathers instead.
   */
  lockMs?: number;
  /** The longest a request waits for another's gathering when no job deadline ends the wait sooner (120 s). */
  maxWaitMs?: number;
  /** How often waiters look for the result. */
  pollMs?: number;
  now?: () => number;
}

export interface GetOptions {
  /** Ignore a cached snapshot taken before this request (the refresh button); still coalesces. */
  fresh?: boolean;
  /** Stop waiting when it aborts; default: the running job's (src/vendors/call-budget.ts). */
  signal?: AbortSignal;
}

export type Gather = () => Promise<ByocSnapshot>;

/** The gathering lock's default expiry: a dead holder blocks the other replicas for at most this long. */
export const SNAPSHOT_LOCK_MS = 5_000;

/**
 * The gathering lock's expiry where a dead worker's jobs are taken over within `stalledMs` (WORKER_STALLED_SECONDS):
 * no longer than that, so a job taken over from a worker killed in the middle of a gathering does not then wait
 * longer for the dead worker's lock than it waited to be taken over. Its holder renews it every third of it.
 */
export function gatheringLockMs(stalledMs: number): number {
  return Math.min(SNAPSHOT_LOCK_MS, stalledMs);
}

/** The key of the lock its holder keeps while gathering the snapshot of `orgKey`. */
export function snapshotLockKey(prefix: string, orgKey: string): string {
  return `${prefix}:snapshot-lock:${orgKey}`;
}

/** No snapshot came in time: the vendors are slow for whoever is gathering it. Worth another attempt later. */
export function snapshotWaitError(orgKey: string): CodedError {
  return new CodedError({
    code: ERROR_CODES.snapshotWait,
    message: `The vendors took too long to answer while the snapshot of ${orgKey} was being gathered`,
    retryable: true,
  });
}

export class SharedSnapshot {
  private readonly inFlight = new Map<string, Promise<ByocSnapshot>>();
  private readonly lockMs: number;
  private readonly maxWaitMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: SharedSnapshotOptions) {
    this.lockMs = opts.lockMs ?? SNAPSHOT_LOCK_MS;
    this.maxWaitMs = opts.maxWaitMs ?? 120_000;
    this.pollMs = opts.pollMs ?? 25;
    this.now = opts.now ?? Date.now;
  }

  private cacheKey(orgKey: string) {
    return `${this.opts.prefix}:snapshot:${orgKey}`;
  }

  private lockKey(orgKey: string) {
    return snapshotLockKey(this.opts.prefix, orgKey);
  }

  /** The cached snapshot if there is one young enough, else one gathering shared by every caller. */
  async get(orgKey: string, gather: Gather, options: GetOptions = {}): Promise<ByocSnapshot> {
    const signal = options.signal ?? currentBudget()?.signal;
    // SNAPSHOT_CACHE_SECONDS=0 means never reuse a snapshot: every request is fresh (concurrent ones still share).
    const fresh = options.fresh === true || this.opts.ttlSeconds <= 0;
    const notBefore = fresh ? this.now() : 0;
    const cached = await this.readCache(orgKey, notBefore);
    if (cached) return cached;
    // Same replica: join the promise already running rather than polling Redis for it.
    const key = `${orgKey}|${fresh ? 'fresh' : ''}`;
    // A plain request is happy with any gathering in flight; a fresh one only with another fresh one.
    const running = this.inFlight.get(`${orgKey}|fresh`) ?? (fresh ? undefined : this.inFlight.get(key));
    if (running) return unlessAborted(running, signal, () => snapshotWaitError(orgKey));
    const p = this.gatherOnce(orgKey, gather, notBefore, signal).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  /** Drops the cached snapshot, e.g. after a change was applied. */
  async invalidate(orgKey: string): Promise<void> {
    await this.opts.redis.del(this.cacheKey(orgKey));
  }

  private async gatherOnce(
    orgKey: string,
    gather: Gather,
    notBefore: number,
    signal: AbortSignal | undefined,
  ): Promise<ByocSnapshot> {
    const { redis } = this.opts;
    const giveUpAt = this.now() + this.maxWaitMs;
    const outOfTime = () => snapshotWaitError(orgKey);
    for (;;) {
      const lock = await tryLock(redis, this.lockKey(orgKey), this.lockMs);
      if (lock) {
        try {
          // Another replica may have finished between our cache read and taking the lock.
          const cached = await this.readCache(orgKey, notBefore);
          if (cached) return cached;
          const snapshot = await gather();
          await redis.set(this.cacheKey(orgKey), JSON.stringify(snapshot), 'EX', Math.max(1, this.opts.ttlSeconds));
          return snapshot;
        } finally {
          await lock.release();
        }
      }
      // Someone else is gathering: wait for their result, or for their lock to lapse (they failed, or died and
      // stopped renewing it), or until this request's own time is up.
      for (;;) {
        if (this.now() >= giveUpAt) throw outOfTime();
        await unlessAborted(sleep(this.pollMs), signal, outOfTime);
        const cached = await this.readCache(orgKey, notBefore);
        if (cached) return cached;
        if ((await redis.exists(this.lockKey(orgKey))) === 0) break;
      }
    }
  }
  private async readCache(orgKey: string, notBefore: number): Promise<ByocSnapshot | undefined> {
    const raw = await this.opts.redis.get(this.cacheKey(orgKey));
    if (!raw) return undefined;
    const snapshot = JSON.parse(raw) as ByocSnapshot;
    return Date.parse(snapshot.takenAt) >= notBefore ? snapshot : undefined;
  }
}
