/**
 * Slack redelivers a request it thinks failed (`X-Slack-Retry-Num`), Teams resends an activity, people double-click
 * and replicas race: the first delivery claims a Redis key with SET NX and a TTL longer than the platforms'
 * redelivery windows (Slack's is about 5 minutes); every later one finds the key taken and is acknowledged without
 * running again. The claim waits for Redis at most REDIS_CLAIM_TIMEOUT_MS: Slack waits 3 s for its ack, Teams 15 s
 * for its answer, whatever Redis does.
 */
import type { Redis } from 'ioredis';
import { withRedisTimeout } from '../redis-trouble.js';

export const DEDUP_TTL_SECONDS = 600;
export const REDIS_CLAIM_TIMEOUT_MS = 1000;

/** 'first' for the first claim of `key` within the TTL, 'duplicate' after it, 'unavailable' when Redis is silent. */
export async function claimFirstDelivery(redis: Redis, key: string): Promise<'first' | 'duplicate' | 'unavailable'> {
  try {
    const claimed = redis.set(key, '1', 'EX', DEDUP_TTL_SECONDS, 'NX');
    return (await withRedisTimeout(claimed, REDIS_CLAIM_TIMEOUT_MS)) === 'OK' ? 'first' : 'duplicate';
  } catch {
    return 'unavailable';
  }
}
