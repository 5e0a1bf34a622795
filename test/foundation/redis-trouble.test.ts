/**
 * The bot's Redis goes away (killed, or frozen with SIGSTOP) and comes back. Whatever Redis does, Slack gets its
 * ack within 3 seconds and the person is told the bot cannot take commands right now; /readyz says 503 within a
 * second; once Redis is back, commands work again without restarting the bot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from '../support/private-redis.js';
import { testCommands, testJobs } from './fixtures.js';
import { type Harness, startHarness } from './harness.js';

describe('Redis trouble', () => {
  let redis: PrivateRedis;
  let h: Harness;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
    h = await startHarness({ env: { REDIS_URL: redis.url }, bot: { commands: testCommands(), jobs: testJobs() } });
  }, 60_000);
  afterAll(async () => {
    redis.thaw();
    await redis.restart();
    await h.close();
    await redis.stop();
  }, 60_000);

  async function readyz(): Promise<{ status: number; ms: number }> {
    const started = performance.now();
    const res = await fetch(`${h.bot.url}/readyz`);
    await res.text();
    return { status: res.status, ms: performance.now() - started };
  }

  async function answeredAgain(word: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await h.slash(`echo ${word}`);
      if (!res.body.includes('cannot take commands')) {
        const card = await h.cardFor(res);
        expect(JSON.stringify(card)).toContain(word);
        return;
      }
      if (Date.now() > deadline) throw new Error('the bot did not take commands again after Redis came back');
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  it('Redis killed: the ack comes within 3 s and says so, /readyz is 503 within 1 s; back again after restart', async () => {
    await redis.kill();
    const res = await h.slash('echo lost?');
    expect(res.status).toBe(200);
    expect(Date.now() - res.sentAt).toBeLessThan(3000);
    expect(res.body).toContain('cannot take commands right now');
    const ready = await readyz();
    expect(ready.status).toBe(503);
    // 800 ms of checking, plus what a busy machine adds to the request.
    expect(ready.ms).toBeLessThan(1500);

    await redis.restart();
    await answeredAgain('after-restart');
    expect((await readyz()).status).toBe(200);
  }, 90_000);

  it('Redis frozen: the ack comes within 3 s and says so, /readyz is 503 within 1 s; back again after thaw', async () => {
    redis.freeze();
    try {
      const res = await h.slash('echo frozen?');
      expect(res.status).toBe(200);
      expect(Date.now() - res.sentAt).toBeLessThan(3000);
      expect(res.body).toContain('cannot take commands right now');
      const ready = await readyz();
      expect(ready.status).toBe(503);
      // 800 ms of checking, plus what a busy machine adds to the request.
      expect(ready.ms).toBeLessThan(1500);
    } finally {
      redis.thaw();
    }
    await answeredAgain('after-thaw');
  }, 90_000);

  it('Redis errors are written through the logger', () => {
    expect(h.logLines.some((l) => l.includes('Redis') && l.includes('"level":40'))).toBe(true);
  });
});
