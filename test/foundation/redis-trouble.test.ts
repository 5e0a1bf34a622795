/**
 * The bot's Redis goes away (killed, or frozen with SIGSTOP) and comes back. Whatever Redis does, Slack gets its
 * ack within 3 seconds and the person is told the bot cannot take commands right now; /readyz says 503 within a
 * second; once Redis is back, commands work again without restarting the bot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENQUEUE_TIMEOUT_MS } from '../../src/chat/dispatcher.js';
import { TEST_CHANNEL_ID } from '../../src/sandbox/slack/fake-slack.js';
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

  /** The command is acked within Slack's 3 s saying the bot cannot take it; /readyz says 503 within a second. */
  async function expectRefusedInTime(text: string) {
    const res = await h.slash(text);
    expect(res.status).toBe(200);
    expect(Date.now() - res.sentAt).toBeLessThan(3000);
    expect(res.body).toContain('cannot take commands right now');
    const ready = await readyz();
    expect(ready.status).toBe(503);
    // 800 ms of checking, plus what a busy machine adds to the request.
    expect(ready.ms).toBeLessThan(1500);
  }

  it('Redis killed: the ack comes within 3 s and says so, /readyz is 503 within 1 s; back again after restart', async () => {
    await redis.kill();
    await expectRefusedInTime('echo lost?');

    await redis.restart();
    await answeredAgain('after-restart');
    expect((await readyz()).status).toBe(200);
  }, 90_000);

  it('Redis frozen: the ack comes within 3 s and says so, /readyz is 503 within 1 s; back again after thaw', async () => {
    redis.freeze();
    try {
      await expectRefusedInTime('echo frozen?');
    } finally {
      redis.thaw();
    }
    await answeredAgain('after-thaw');
  }, 90_000);

  it('Redis frozen after the ack, while the job is being queued: the person is told, and the job never runs', async () => {
    const word = 'frozen-at-enqueue';
    // The "working on it" message is posted between the ack and the enqueue: Redis freezes as Slack answers it.
    const unsubscribe = h.slack.subscribe((event) => {
      if (
        event.kind === 'call' &&
        event.call.method === 'chat.postMessage' &&
        String(event.call.params.text).includes(word)
      )
        redis.freeze();
    });
    let working: string;
    try {
      const res = await h.slash(`echo ${word}`);
      expect(res.status).toBe(200);
      expect(res.body).not.toContain('cannot take commands');
      const whisper = await h.slack.waitFor('the refusal', () =>
        h.slack.responsesTo(res.responseId).find((r) => String(r.body.text).includes('cannot take commands')),
      );
      // ENQUEUE_TIMEOUT_MS, plus what a busy machine adds.
      expect(whisper.at - res.sentAt).toBeLessThan(ENQUEUE_TIMEOUT_MS + 1500);
      const posted = h.slack.callsTo('chat.postMessage').find((c) => String(c.params.text).includes(word));
      working = String(posted?.result?.ts);
      await h.slack.waitFor('the working message to say so', () =>
        String(h.slack.message(TEST_CHANNEL_ID, working)?.text).includes('cannot take commands') ? true : undefined,
      );
    } finally {
      unsubscribe();
      redis.thaw();
    }
    // Redis runs the add it had received, then the mark behind it: the worker finds the job and drops it.
    await h.slack.waitFor(
      'the worker to drop the job',
      () => (h.logLines.some((l) => l.includes('enqueue timed out; not run')) ? true : undefined),
      30_000,
    );
    expect(String(h.slack.message(TEST_CHANNEL_ID, working)?.text)).toContain('cannot take commands');
    await answeredAgain('after-enqueue-freeze');
  }, 90_000);

  it('Redis errors are written through the logger', () => {
    expect(h.logLines.some((l) => l.includes('Redis') && l.includes('"level":40'))).toBe(true);
  });
});
