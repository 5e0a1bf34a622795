/**
 * A fresh clone with nothing set up but Node: the run finds the Redis it can use, starts a private one when allowed,
 * or says in a few lines how to get one. The machine's own Redis is never touched: "nothing answers at the default
 * address" is played by pointing the default at a port where nothing listens.
 */
import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/coded-error.js';
import { freePort } from '../../src/listen.js';
import { ensureRedis, redisAnswers } from '../../src/redis-bootstrap.js';
import { REDIS_URL } from '../redis-url.js';

/** A loopback port with nothing listening on it. */
async function unusedUrl(): Promise<string> {
  return `redis://127.0.0.1:${await freePort()}`;
}

describe('finding the Redis a run uses', () => {
  it('REDIS_URL set: uses it as given, without looking anywhere else', async () => {
    const found = await ensureRedis({ env: { REDIS_URL: 'redis://redis.internal:6380' }, allowPrivate: true });
    expect(found).toMatchObject({ url: 'redis://redis.internal:6380', origin: 'configured' });
  });

  it('REDIS_URL not set and a Redis answers at the default address: uses that one', async () => {
    const found = await ensureRedis({ env: {}, defaultUrl: REDIS_URL, allowPrivate: true });
    expect(found).toMatchObject({ url: REDIS_URL, origin: 'default' });
  });

  it('nothing answers: starts a private redis-server on a free port, which stop() ends and cleans up', async () => {
    const defaultUrl = await unusedUrl();
    const found = await ensureRedis({ env: {}, defaultUrl, allowPrivate: true });
    try {
      expect(found.origin).toBe('private');
      expect(found.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(found.url).not.toBe(defaultUrl);
      const client = new Redis(found.url, { maxRetriesPerRequest: 1 });
      await client.set('bootstrap-check', 'yes');
      expect(await client.get('bootstrap-check')).toBe('yes');
      const dir = await client.config('GET', 'dir');
      await client.quit();
      expect(existsSync((dir as string[])[1] as string)).toBe(true);

      await found.stop();
      expect(await redisAnswers(found.url, 500)).toBe(false);
      expect(existsSync((dir as string[])[1] as string)).toBe(false);
    } finally {
      await found.stop();
    }
  });

  it('nothing answers and no redis-server is installed: stops within 5 s saying how to get Redis', async () => {
    const defaultUrl = await unusedUrl();
    const started = Date.now();
    const error = await ensureRedis({
      env: {},
      defaultUrl,
      allowPrivate: true,
      redisServer: 'redis-server-that-is-not-installed',
    }).catch((err: unknown) => err);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toMatchObject({ code: ERROR_CODES.redisUnavailable, retryable: false });
    const message = (error as Error).message;
    expect(message).toContain(`No Redis answers at ${defaultUrl}`);
    expect(message).toContain('redis-server is not installed');
    expect(message).toMatch(/Debian\/Ubuntu: sudo apt-get install redis-server/);
    expect(message).toMatch(/macOS: +brew install redis/);
    expect(message).toMatch(/Docker: +docker run -d -p 6379:6379 redis:7/);
    expect(message.split('\n').length).toBeLessThanOrEqual(6);
  });

  it('nothing answers where a private Redis is not allowed (a real deployment): says how to get Redis', async () => {
    const defaultUrl = await unusedUrl();
    const error = await ensureRedis({ env: {}, defaultUrl, allowPrivate: false }).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: ERROR_CODES.redisUnavailable, retryable: false });
    expect((error as Error).message).toContain('REDIS_URL is not set');
    expect((error as Error).message).toContain('or set REDIS_URL');
  });
});
