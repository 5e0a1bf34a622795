/**
 * Genesys refusing some notification topics (the fake's `refusedTopics` fault leaves them out of its answer, as for
 * a client without the permission they need): `/byoc watch` says which, and why it matters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchCard } from '../../src/presentation/incident-card.js';
import { readable, startWatchedBot, type WatchedBot, waitForPush } from './helpers.js';

let bot: WatchedBot;

beforeAll(async () => {
  bot = await startWatchedBot({ WATCH_SAFETY_POLL_MINUTES: '10' });
  await waitForPush(bot);
}, 30_000);

afterAll(async () => {
  await bot?.close();
});

describe('notification topics Genesys refuses', () => {
  it('/byoc watch lists them (subscribed again on a new channel after socket_closing)', async () => {
    bot.sandbox.genesys.setFaults({ refusedTopics: ['.metrics'] });
    bot.sandbox.genesys.setFaults({ socketClosing: true });
    await bot.until('the refusal recorded', async () => {
      const status = await bot.h.bot.services.watch.store.status();
      return (status?.subscriptions?.refused.length ?? 0) > 0;
    });
    const status = await bot.h.bot.services.watch.store.status();
    expect(status?.subscriptions?.refused.every((t) => t.endsWith('.metrics'))).toBe(true);
    expect(status?.subscriptions?.wanted).toBeGreaterThan(status!.subscriptions!.refused.length);

    const card = await bot.h.cardFor(await bot.h.slash('watch'));
    const text = readable(card);
    expect(text).toContain('Genesys refused some notifications');
    expect(text).toContain('Notifications refused');
    expect(text).toMatch(/v2\.telephony\.providers\.edges\.trunks\.[^.]+\.metrics/);

    // Accepted again: the next subscription clears it.
    bot.sandbox.genesys.setFaults({ refusedTopics: [] });
    bot.sandbox.genesys.setFaults({ socketClosing: true });
    await bot.until('the refusal cleared', async () => {
      const s = await bot.h.bot.services.watch.store.status();
      return s?.subscriptions?.refused.length === 0;
    });
    expect(readable(await bot.h.cardFor(await bot.h.slash('watch')))).not.toContain('Notifications refused');
  }, 60_000);

  it('a subscription refused outright shows what Genesys said, and only a few topics by name', () => {
    const refused = Array.from({ length: 12 }, (_, i) => `v2.telephony.providers.edges.trunks.t${i}`);
    const card = watchCard(
      {
        enabled: true,
        mode: 'polling',
        trunks: ['Twilio'],
        instances: 2,
        edges: [],
        open: [],
        subscriptions: { wanted: 12, refused, error: 'Missing permission telephony:plugin:all' },
      },
      Date.now(),
    );
    expect(card.status).toBe('warn');
    const section = card.sections?.find((s) => s.title === 'Notifications refused');
    expect(String(section?.text)).toContain('Missing permission telephony:plugin:all');
    expect(section?.items).toHaveLength(9);
    expect(section?.items?.at(-1)).toBe('…and 4 more');
  });
});
