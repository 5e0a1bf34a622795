/**
 * A replica that starts gathering a snapshot and never finishes (a vendor that hangs), for the test that kills it:
 * prints `holding` once its gathering lock is in Redis, then waits to be SIGKILLed.
 * Environment: REDIS_URL, PREFIX, ORG_KEY.
 */
import { Redis } from 'ioredis';
import { SharedSnapshot } from '../../src/snapshot/shared-snapshot.js';

const redis = new Redis(process.env.REDIS_URL ?? '');
const prefix = process.env.PREFIX ?? '';
const orgKey = process.env.ORG_KEY ?? '';
const shared = new SharedSnapshot({ redis, prefix, ttlSeconds: 10 });
void shared.get(orgKey, () => new Promise(() => undefined));
const timer = setInterval(async () => {
  if ((await redis.exists(`${prefix}:snapshot-lock:${orgKey}`)) === 1) {
    clearInterval(timer);
    process.stdout.write('holding\n');
  }
}, 20);
