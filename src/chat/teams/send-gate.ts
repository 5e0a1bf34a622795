/**
 * Teams' per-thread send rate (see `limits.ts`: 7 a second, 60 in 30 seconds), shared by every replica through
 * Redis: each send to a conversation waits for a slot in both windows first.
 */
import type { Redis } from 'ioredis';
import { RedisRateLimiter } from '../../genesys/rate-limiter.js';
import { TEAMS_LIMITS } from './limits.js';

export class TeamsSendGate {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async acquire(conversationId: string): Promise<void> {
    const key = `teams:${conversationId}`;
    const perSecond = new RedisRateLimiter({
      redis: this.redis,
      prefix: this.prefix,
      key: `${key}:1s`,
      limit: TEAMS_LIMITS.sendsPerSecond,
      windowMs: 1000,
    });
    const per30 = new RedisRateLimiter({
      redis: this.redis,
      prefix: this.prefix,
      key: `${key}:30s`,
      limit: TEAMS_LIMITS.sendsPer30Seconds,
      windowMs: 30_000,
    });
    // The longer window first: a send that must wait there does not hold a slot of the short one meanwhile.
    await per30.acquire();
    await perSecond.acquire();
  }
}
