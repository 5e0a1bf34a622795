/**
 * Teams with its Redis frozen (SIGSTOP): a message gets its answer within seconds, saying the bot cannot take
 * commands right now, instead of hanging on the redelivery claim or on the send gate (whose windows live in the
 * same Redis); once Redis is back, commands work again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENQUEUE_TIMEOUT_MS } from '../../src/chat/dispatcher.js';
import { PrivateRedis } from '../support/private-redis.js';
import { startTeamsHarness, type TeamsHarness } from './harness.js';

describe('Teams, Redis frozen', () => {
  let redis: PrivateRedis;
  let h: TeamsHarness;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
    h = await startTeamsHarness({ env: { REDIS_URL: redis.url } });
  }, 60_000);
  afterAll(async () => {
    redis.thaw();
    await h?.close();
    await redis?.stop();
  }, 60_000);

  it('a message is answered within seconds that nothing was started, and works again after the thaw', async () => {
    redis.freeze();
    let said: string;
    try {
      const sent = await h.message('help');
      expect(sent.status).toBe(200);
      expect(Date.now() - sent.since).toBeLessThan(5000);
      const reply = await h.teams.waitFor('the refusal', () => h.teams.firstSentAfter(sent.conversationId, sent.since));
      said = JSON.stringify(reply.activity);
    } finally {
      redis.thaw();
    }
    expect(said).toContain('cannot take commands right now');

    const again = await h.message('help');
    const card = await h.teamsCardFor(again);
    expect(card.text).toContain('help');
  }, 60_000);

  it('Redis frozen after the working note, while the job is queued: the person is told at once, past the send gate', async () => {
    const word = 'frozen-at-enqueue';
    let refusedAt: number | undefined;
    // The working note goes out between the claim and the enqueue: Redis freezes as Teams receives it.
    const unsubscribe = h.teams.subscribe((call) => {
      const said = JSON.stringify(call.activity);
      if (call.method === 'POST' && said.includes(word)) redis.freeze();
      if (said.includes('cannot take commands right now')) refusedAt ??= call.at;
    });
    const since = Date.now();
    let sending: Promise<unknown> | undefined;
    try {
      sending = h.message(`echo ${word}`);
      await h.teams.waitFor('the refusal', () => refusedAt, 15_000);
      // ENQUEUE_TIMEOUT_MS and the gate's check of Redis, plus what a busy machine adds.
      expect(refusedAt! - since).toBeLessThan(ENQUEUE_TIMEOUT_MS + 3000);
    } finally {
      unsubscribe();
      redis.thaw();
    }
    await sending;
    const again = await h.message('help');
    expect((await h.teamsCardFor(again)).text).toContain('help');
  }, 60_000);
});
