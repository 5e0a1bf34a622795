/**
 * Redis locks that only their owner may extend or delete, and that live only while the owner does.
 *
 * A lock is a key holding a random token with a short expiry. Its holder renews it every third of that expiry; a
 * holder that dies (SIGKILL, a lost host) stops renewing and the key lapses within one expiry, so nobody waits on a
 * dead holder for longer than that. Renewal and release compare the token first, in one Lua script, so a holder
 * that lost the lock (a long pause) can never extend or delete its successor's. The watch's lease
 * (src/watch/lease.ts) uses the same two scripts.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** KEYS[1] the lock, ARGV[1] the owner's token, ARGV[2] the new expiry in ms: 1 when renewed, 0 when not ours. */
export const RENEW_IF_OWNER = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** KEYS[1] the lock, ARGV[1] the owner's token: 1 when deleted, 0 when not ours. */
export const RELEASE_IF_OWNER = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface HeldLock {
  /** True once a renewal found the key gone or someone else's: the holder was paused for longer than the expiry. */
  readonly lost: boolean;
  /** Stops renewing and deletes the key if it is still ours. */
  release(): Promise<void>;
}

/** Takes the lock if nobody holds it, and keeps it renewed until `release()`; undefined when it is held. */
export async function tryLock(redis: Redis, key: string, ttlMs: number): Promise<HeldLock | undefined> {
  const token = randomUUID();
  if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return undefined;
  let lost = false;
  const renew = () => {
    redis.eval(RENEW_IF_OWNER, 1, key, token, String(ttlMs)).then(
      (renewed) => {
        if (renewed === 1) return;
        lost = true;
        clearInterval(timer);
      },
      // Redis did not answer this time: the next tick tries again; if it never does, the lock lapses as it should.
      () => undefined,
    );
  };
  const timer = setInterval(renew, Math.max(20, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    get lost() {
      return lost;
    },
    async release() {
      clearInterval(timer);
      await redis.eval(RELEASE_IF_OWNER, 1, key, token);
    },
  };
}
