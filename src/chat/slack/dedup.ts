/**
 * Slack redelivers a request it thinks failed (`X-Slack-Retry-Num`), people double-click and replicas race: the
 * first delivery claims a Redis key with SET NX and a TTL longer than Slack's redelivery window (about 5 minutes);
 * every later one finds the key taken and is acknowledged without running again.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export const DEDUP_TTL_SECONDS = 600;

/** True for the first claim of `key` within the TTL. */
export async function claimOnce(redis: Redis, key: string, ttlSeconds = DEDUP_TTL_SECONDS): Promise<boolean> {
  return (await redis.set(key, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
}

/** Slack's own id for a request when it has one (trigger_id), else a hash of the whole body. */
export function deliveryId(body: Record<string, unknown>): string {
  const trigger = body.trigger_id;
  if (typeof trigger === 'string' && trigger.length > 0) return `t-${trigger}`;
  return `h-${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32)}`;
}

export function dedupKey(prefix: string, kind: 'command' | 'action', id: string): string {
  return `${prefix}:dedupe:slack:${kind}:${id}`;
}
