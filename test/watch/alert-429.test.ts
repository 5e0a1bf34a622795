/**
 * Slack rate-limiting the alert channel (429 with Retry-After) while an incident is announced: the alert is delayed,
 * never lost and never doubled. The announcement is a job that starts each try from what Redis says is already
 * posted, gets as many tries as a card delivery (more than JOB_ATTEMPTS), and holds no lock while it waits.
 */
import { describe, expect, it } from 'vitest';
import { ANNOUNCE_ATTEMPTS } from '../../src/watch/watch-service.js';
import { closedAfterEach } from '../support/use-started.js';
import { EDGE_2, readable, startWatchedBot, TRUNK, type WatchedBot, waitForPush } from './helpers.js';

const closing = closedAfterEach((started: WatchedBot) => started.close());

describe('an alert channel answering 429', () => {
  it('posts the incident once, its thread replies once each, and updates it once it recovers', async () => {
    const bot = closing(
      await startWatchedBot({ ALERT_HOLD_SECONDS: '1', WATCH_SAFETY_POLL_MINUTES: '10', JOB_ATTEMPTS: '2' }),
    );
    await waitForPush(bot);
    // More refusals in a row than JOB_ATTEMPTS allows, fewer than ANNOUNCE_ATTEMPTS.
    const refusals = 3;
    expect(refusals).toBeGreaterThan(Number(bot.h.config.jobAttempts));
    expect(refusals).toBeLessThan(ANNOUNCE_ATTEMPTS);
    bot.h.slack.failNext(
      'chat.postMessage',
      ...Array.from({ length: refusals }, () => ({ status: 429, retryAfterSeconds: 1 })),
    );
    bot.disconnectEdge2();

    const [alert] = await bot.waitForAlerts(1, 30_000);
    expect(readable(alert!)).toContain(`${TRUNK} is DEGRADED`);
    await bot.until('the opening reply', () => bot!.thread(alert!.ts).length >= 1, 30_000);
    expect(readable(bot.thread(alert!.ts)[0]!)).toContain(EDGE_2);

    // The recovery is refused too: the update and its reply still arrive once.
    bot.h.slack.failNext('chat.update', { status: 429, retryAfterSeconds: 1 });
    bot.h.slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    bot.reconnect();
    await bot.until('the recovered message', () => readable(bot!.alerts()[0]!).includes('Recovered'), 30_000);
    await bot.until(
      'the recovery reply',
      () => bot!.thread(alert!.ts).some((m) => readable(m).includes('recovered after')),
      30_000,
    );
    // Let any retry still queued run: nothing more appears (no "retrying" note either: it would be a new message).
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(bot.alerts()).toHaveLength(1);
    const replies = bot.thread(alert!.ts).map((m) => readable(m));
    expect(new Set(replies).size).toBe(replies.length);
    expect(replies.filter((r) => r.includes('recovered after'))).toHaveLength(1);
    expect(bot.h.slack.callsTo('chat.postMessage').filter((c) => c.result?.ok === false).length).toBe(0);
  }, 90_000);
});
