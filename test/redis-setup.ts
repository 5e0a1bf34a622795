/**
 * The test run's Redis (vitest globalSetup): REDIS_URL when set, else the one at the default address, else a private
 * `redis-server` for this run (stopped at the end). Test files read the result from REDIS_URL (`test/redis-url.ts`).
 */
import { ensureRedis, type RedisLocation, redisAnswers } from '../src/redis-bootstrap.js';

let redis: RedisLocation | undefined;

export async function setup(): Promise<void> {
  redis = await ensureRedis({ allowPrivate: true });
  if (redis.origin === 'configured' && !(await redisAnswers(redis.url, 2000))) {
    throw new Error(
      `REDIS_URL=${redis.url.replace(/\/\/[^/@]*@/, '//[REDACTED]@')} does not answer; unset it to let the tests find or start a Redis.`,
    );
  }
  if (redis.origin === 'private') process.stdout.write(`tests use a private redis-server at ${redis.url}\n`);
  process.env.REDIS_URL = redis.url;
}

export async function teardown(): Promise<void> {
  await redis?.stop();
}
