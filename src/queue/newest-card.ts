/**
 * "An older card never replaces a newer one at the same message": each writer of a message records the time its card
 * was made, atomically, and one that finds a newer time there does not write. The outbox's deliveries use it, and
 * so does the "working on it" note a button shows after its job is already queued (that job's card may be first).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type ReplyTarget, replyMessage } from '../chat/invocation.js';

/** Sets the target's newest card time to ARGV[1] unless a newer one is there; 1 when this card may be shown. */
const NEWEST_WINS = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) < current then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;
const NEWEST_TTL_MS = 24 * 3600_000;

/**
 * True when a card made at `madeAt` may be put at `target` (and records it as the newest there). Only a card that
 * replaces a message can be out of date; a new post or a private reply always goes out.
 */
export async function mayShowCard(redis: Redis, prefix: string, target: ReplyTarget, madeAt: number): Promise<boolean> {
  const message = replyMessage(target);
  if (!message) return true;
  const id = createHash('sha256')
    .update(`${target.platform}\n${message.channelId}\n${message.messageTs}`)
    .digest('hex')
    .slice(0, 32);
  const key = `${prefix}:deliveries:newest:${id}`;
  return (await redis.eval(NEWEST_WINS, 1, key, madeAt, NEWEST_TTL_MS)) === 1;
}
