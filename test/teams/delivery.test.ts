/**
 * One layer retries a Teams send: the card outbox. The sender tries each connector call once and turns a refusal
 * into a VendorError (429, 412, 502, 504 transient, with Retry-After); the outbox tries the delivery again, a bounded
 * number of times. And Teams' send-rate windows live under their own Redis scope, not the Genesys limit's.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_ATTEMPTS } from '../../src/queue/card-outbox.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import type { ConnectorFailure } from '../../src/sandbox/teams/fake-bot-framework.js';
import { REDIS_URL } from '../redis-url.js';
import { startTeamsHarness, type TeamsHarness } from './harness.js';

let sandbox: Sandbox;
let h: TeamsHarness;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: 'default' });
  h = await startTeamsHarness({ env: { ...sandbox.env, SNAPSHOT_CACHE_SECONDS: '0' }, bot: { backoffBaseMs: 10 } });
}, 30_000);

afterAll(async () => {
  await h?.close();
  await sandbox?.close();
});

/** Sends `text`; the moment the bot's "working on it" reply reaches the connector, the next calls fail as told. */
async function askThenFail(text: string, failures: ConnectorFailure[]): Promise<string> {
  let armed = false;
  const since = Date.now();
  const stop = h.teams.subscribe((call) => {
    if (!armed && call.method === 'POST') {
      armed = true;
      h.teams.failNext(...failures);
    }
  });
  try {
    const sent = await h.message(text, { conversationId: `a:delivery-${since}` });
    const first = await h.teams.waitFor('the working reply', () => h.teams.firstSentAfter(sent.conversationId, since));
    return first.id;
  } finally {
    stop();
  }
}

const triesAt = (messageId: string) => h.teams.failed.filter((f) => f.activityId === messageId).length;

describe('a connector refusal is retried by the outbox alone', () => {
  it('one 429: the card arrives after exactly one more try (no second layer of retries)', async () => {
    const id = await askThenFail('simulate 01 23 45 67 89', [{ status: 429, retryAfterSeconds: 0 }]);
    const answered = await h.teams.waitForAnswer(id, 20_000);
    expect(JSON.stringify(answered.activity)).toContain('+33123456789');
    expect(triesAt(id)).toBe(1);
    expect(answered.updates).toBe(1);
  });

  it('412 and 502 are transient too', async () => {
    const id = await askThenFail('simulate 01 23 45 67 89', [{ status: 412 }, { status: 502 }]);
    await h.teams.waitForAnswer(id, 20_000);
    expect(triesAt(id)).toBe(2);
  });

  it('a connector that keeps answering 429: DELIVERY_ATTEMPTS tries, then the delivery fails for good', async () => {
    const endless = Array.from({ length: DELIVERY_ATTEMPTS * 3 }, () => ({ status: 429, retryAfterSeconds: 0 }));
    const id = await askThenFail('simulate 01 23 45 67 89', endless);
    let job: Awaited<ReturnType<typeof h.bot.outbox.queue.getJobs>>[number] | undefined;
    for (const deadline = Date.now() + 30_000; !job && Date.now() < deadline; ) {
      const jobs = await h.bot.outbox.queue.getJobs(['failed']);
      job = jobs.find((j) => (j.data.target as { activityId?: string }).activityId === id);
      if (!job) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(job?.attemptsMade).toBe(DELIVERY_ATTEMPTS);
    // Each delivery attempt is one connector call: no retries inside the sender.
    expect(triesAt(id)).toBe(DELIVERY_ATTEMPTS);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(triesAt(id)).toBe(DELIVERY_ATTEMPTS);
    expect(h.teams.messages.get(id)?.updates).toBe(0);
    h.teams.reset();
  }, 40_000);
});

describe("Teams' send-rate windows", () => {
  it('are kept under teams-rate, never under the Genesys limit', async () => {
    const conversationId = `a:rate-${Date.now()}`;
    await h.teamsCardFor(await h.message('help', { conversationId }));
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${h.config.queuePrefix}:*rate:*`);
      const teamsKeys = keys.filter((k) => k.includes(conversationId));
      // The 30-second window outlives the test; the 1-second one may already have expired.
      expect(teamsKeys).toContain(`${h.config.queuePrefix}:teams-rate:${conversationId}:30s`);
      for (const key of teamsKeys) expect(key.startsWith(`${h.config.queuePrefix}:teams-rate:`)).toBe(true);
      expect(keys.filter((k) => k.includes(':genesys-rate:') && k.includes('a:'))).toEqual([]);
    } finally {
      await redis.quit();
    }
  });
});
