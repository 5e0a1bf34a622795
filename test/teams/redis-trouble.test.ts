/**
 * Teams with its Redis frozen (SIGSTOP): a message gets its answer within seconds, saying the bot cannot take
 * commands right now, instead of hanging on the redelivery claim; once Redis is back, commands work again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
