/**
 * A Redis lease: at most one replica holds it. The holder renews it every third of its lifetime; a holder that
 * dies stops renewing and the lease lapses, so another replica trying every `retryMs` takes it within
 * `ttlMs + retryMs`. Renewal and release compare the owner first (a Lua script), so a replica that lost the lease
 * (a long pause) can never extend or delete its successor's.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { RELEASE_IF_OWNER as RELEASE, RENEW_IF_OWNER as RENEW } from '../redis-lock.js';

export interface LeaseOptions {
  redis: Redis;
  key: string;
  owner: string;
  ttlMs: number;
  /** How often a replica without the lease tries to take it. */
  retryMs: number;
  log: Logger;
  onAcquired(): void;
  onLost(): void;
}

export class Lease {
  private timer: NodeJS.Timeout | undefined;
  private held = false;
  private stopped = true;

  constructor(private readonly options: LeaseOptions) {}

  get isHeld(): boolean {
    return this.held;
  }

  start(): void {
    this.stopped = false;
    void this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.held) {
      this.held = false;
      await this.options.redis.eval(RELEASE, 1, this.options.key, this.options.owner).catch(() => {});
      this.options.onLost();
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    const { redis, key, owner, ttlMs, retryMs, log } = this.options;
    try {
      if (this.held) {
        const renewed = await redis.eval(RENEW, 1, key, owner, String(ttlMs));
        if (renewed !== 1) {
          this.held = false;
          log.warn({ owner }, 'watch lease lost');
          this.options.onLost();
        }
      } else if ((await redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK') {
        this.held = true;
        log.info({ owner }, 'watch lease taken');
        this.options.onAcquired();
      }
    } catch (err) {
      log.warn({ err }, 'watch lease: Redis did not answer');
    }
    if (this.stopped) return;
    this.schedule(this.held ? Math.max(50, Math.floor(ttlMs / 3)) : retryMs);
  }
}
