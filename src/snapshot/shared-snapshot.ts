/**
 * One gathering serves everyone: snapshots are cached briefly in Redis, and concurrent requests for the same org,
 * on any replica, wait for the one gathering in flight instead of starting their own. Twenty people typing
 * `/byoc status` during an incident cost the vendors one snapshot.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ByocSnapshot } from '../byoc/snapshot.js';

export interface SharedSnapshotOptions {
  redis: Redis;
  /** Key prefix, e.g. the queue prefix, so tests and deployments do not share caches. */
  prefix: string;
  /** How long a snapshot answers new requests (default 10 s). */
  ttlSeconds: number;
  /** The longest one gathering may hold the lock before another replica takes over. */
  lockMs?: number;
  /** How often waiters look for the result. */
  pollMs?: number;
  now?: () => number;
}

export interface GetOptions {
  /** Ignore a cached snapshot taken before this request (the refresh button); still coalesces. */
  fresh?: boolean;
}

export type Gather = () => Promise<ByocSnapshot>;

const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class SharedSnapshot {
  private readonly inFlight = new Map<string, Promise<ByocSnapshot>>();
  private readonly lockMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: SharedSnapshotOptions) {
    this.lockMs = opts.lockMs ?? 60_000;
    this.pollMs = opts.pollMs ?? 25;
    this.now = opts.now ?? Date.now;
  }

  private cacheKey(orgKey: string) {
    return `${this.opts.prefix}:snapshot:${orgKey}`;
  }

  private lockKey(orgKey: string) {
    return `${this.opts.prefix}:snapshot-lock:${orgKey}`;
  }

  /** The cached snapshot if there is one young enough, else one gathering shared by every caller. */
  async get(orgKey: string, gather: Gather, options: GetOptions = {}): Promise<ByocSnapshot> {
    // SNAPSHOT_CACHE_SECONDS=0 means never reuse a snapshot: every request is fresh (concurrent ones still share).
    const fresh = options.fresh === true || this.opts.ttlSeconds <= 0;
    const notBefore = fresh ? this.now() : 0;
    const cached = await this.readCache(orgKey, notBefore);
    if (cached) return cached;
    // Same replica: join the promise already running rather than polling Redis for it.
    const key = `${orgKey}|${fresh ? 'fresh' : ''}`;
    // A plain request is happy with any gathering in flight; a fresh one only with another fresh one.
    const running = this.inFlight.get(`${orgKey}|fresh`) ?? (fresh ? undefined : this.inFlight.get(key));
    if (running) return running;
    const p = this.gatherOnce(orgKey, gather, notBefore).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  /** Drops the cached snapshot, e.g. after a change was applied. */
  async invalidate(orgKey: string): Promise<void> {
    await this.opts.redis.del(this.cacheKey(orgKey));
  }

  private async gatherOnce(orgKey: string, gather: Gather, notBefore: number): Promise<ByocSnapshot> {
    const { redis } = this.opts;
    const deadline = this.now() + this.lockMs * 2;
    for (;;) {
      const token = randomUUID();
      const got = await redis.set(this.lockKey(orgKey), token, 'PX', this.lockMs, 'NX');
      if (got === 'OK') {
        try {
          // Another replica may have finished between our cache read and taking the lock.
          const cached = await this.readCache(orgKey, notBefore);
          if (cached) return cached;
          const snapshot = await gather();
          await redis.set(this.cacheKey(orgKey), JSON.stringify(snapshot), 'EX', Math.max(1, this.opts.ttlSeconds));
          return snapshot;
        } finally {
          await redis.eval(RELEASE_LOCK, 1, this.lockKey(orgKey), token);
        }
      }
      // Someone else is gathering: wait for their result, or for their lock to vanish (they failed or died).
      while (this.now() < deadline) {
        await sleep(this.pollMs);
        const cached = await this.readCache(orgKey, notBefore);
        if (cached) return cached;
        if ((await redis.exists(this.lockKey(orgKey))) === 0) break;
      }
      if (this.now() >= deadline) {
        throw new Error(`timed out waiting for another replica to gather the snapshot of ${orgKey}`);
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
