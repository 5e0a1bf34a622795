/**
 * Teams' per-thread send rate (see `limits.ts`: 7 a second, 60 in 30 seconds), shared by every replica through
 * Redis: each send to a conversation waits for a slot in both windows first. The windows live under their own
 * scope (`<prefix>:teams-rate:<conversation>:1s|30s`), apart from the Genesys request limit's.
 *
 * When Redis does not answer (frozen, or gone), a send goes ahead ungated rather than waiting for it: the note that
 * tells a person the bot cannot take commands right now must not wait for the Redis it is about. One message over
 * Teams' rate costs a 429 at worst.
 */
import type { Redis } from 'ioredis';
import { RedisRateLimiter } from '../../genesys/rate-limiter.js';
import { withRedisTimeout } from '../../redis-trouble.js';
import { TEAMS_LIMITS } from './limits.js';

export const TEAMS_RATE_SCOPE = 'teams-rate';
/** How long the gate waits for Redis to answer at all before letting a send through ungated. */
export const GATE_REDIS_CHECK_MS = 500;

export class TeamsSendGate {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private limiter(conversationId: string, window: '1s' | '30s'): RedisRateLimiter {
    return new RedisRateLimiter({
      redis: this.redis,
      scope: TEAMS_RATE_SCOPE,
      prefix: this.prefix,
      key: `${conversationId}:${window}`,
      limit: window === '1s' ? TEAMS_LIMITS.sendsPerSecond : TEAMS_LIMITS.sendsPer30Seconds,
      windowMs: window === '1s' ? 1000 : 30_000,
    });
  }

  /** Waits for a slot in both windows; resolves false, at once, when Redis does not answer (the send is ungated). */
  async acquire(conversationId: string): Promise<boolean> {
    try {
      await withRedisTimeout(this.redis.ping(), GATE_REDIS_CHECK_MS);
    } catch {
      return false;
    }
    // The longer window first: a send that must wait there does not hold a slot of the short one meanwhile.
    await this.limiter(conversationId, '30s').acquire();
    await this.limiter(conversationId, '1s').acquire();
    return true;
  }
}
