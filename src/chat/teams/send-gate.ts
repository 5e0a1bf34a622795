/**
 * Teams' per-thread send rate (see `limits.ts`: 7 a second, 60 in 30 seconds), shared by every replica through
 * Redis: each send to a conversation waits for a slot in both windows first. The windows live under their own
 * scope (`<prefix>:teams-rate:<conversation>:1s|30s`), apart from the Genesys request limit's.
 */
import type { Redis } from 'ioredis';
import { RedisRateLimiter } from '../../genesys/rate-limiter.js';
import { TEAMS_LIMITS } from './limits.js';

export const TEAMS_RATE_SCOPE = 'teams-rate';

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

  async acquire(conversationId: string): Promise<void> {
    // The longer window first: a send that must wait there does not hold a slot of the short one meanwhile.
    await this.limiter(conversationId, '30s').acquire();
    await this.limiter(conversationId, '1s').acquire();
  }
}
