/**
 * The person on call hears about a trunk going down from the bot, once, in the on-call channel: through the fake
 * Genesys' real notification WebSocket, the official SDKs, a real Redis and the fake Slack.
 */
import { describe, expect, it } from 'vitest';
import { GenesysClient } from '../../src/genesys/client.js';
import { closedAfterEach } from '../support/use-started.js';
import {
  ALERT_CHANNEL,
  EDGE_2,
  OPTIONS_TIMEOUT,
  readable,
  startWatchedBot,
  TRUNK,
  type WatchedBot,
  waitForPush,
} from './helpers.js';

const closing = closedAfterEach((started: WatchedBot) => started.close());

describe('an edge disconnects', () => {
  it('posts exactly one alert within the hold time, threads what changed, and updates it on recovery', async () => {
    const bot = closing(await startWatchedBot({ ALERT_HOLD_SECONDS: '1', WATCH_SAFETY_POLL_MINUTES: '10' }));
    await waitForPush(bot);
    const faultAt = Date.now();
    bot.disconnectEdge2();

    const [alert] = await bot.waitForAlerts(1);
    const tookMs = Date.now() - faultAt;
    // Push, not the poll (ten minutes away): the hold (1 s) plus a little.
    expect(tookMs).toBeLessThan(8000);
    expect(readable(alert!)).toContain(`${TRUNK} is DEGRADED`);
    await bot.until('the opening reply in the thread', () => bot!.thread(alert!.ts).length >= 1);
    const opened = readable(bot.thread(alert!.ts)[0]!);
    expect(opened).toContain(EDGE_2);
    expect(opened).toContain(OPTIONS_TIMEOUT);
    expect(opened).toContain('TW-ACL');

    bot.reconnect();
    await bot.until('the recovered message', () => readable(bot!.alerts()[0]!).includes('Recovered'));
    expect(readable(bot.alerts()[0]!)).toContain('It lasted');
    await bot.until('the recovery reply', () =>
      bot!.thread(alert!.ts).some((m) => readable(m).includes('recovered after')),
    );
    // Still one message: the incident moved in place.
    expect(bot.alerts()).toHaveLength(1);
    const [incident] = await bot.h.bot.services.watch.store.recentIncidents(5);
    expect(incident).toMatchObject({ status: 'recovered', label: TRUNK, severity: 'degraded' });
  }, 60_000);

  it('says nothing when the trunk flaps for less than the hold time', async () => {
    const bot = closing(await startWatchedBot({ ALERT_HOLD_SECONDS: '3', WATCH_SAFETY_POLL_MINUTES: '10' }));
    await waitForPush(bot);
    bot.disconnectEdge2();
    await new Promise((r) => setTimeout(r, 300));
    bot.reconnect();
    // Well past the hold: still nothing.
    await new Promise((r) => setTimeout(r, 6000));
    expect(bot.alerts()).toHaveLength(0);
    expect(await bot.h.bot.services.watch.store.recentIncidents(5)).toHaveLength(0);
  }, 60_000);

  it('goes from degraded to down when the trunk is taken out of service, in the same message', async () => {
    const bot = closing(await startWatchedBot());
    await waitForPush(bot);
    bot.disconnectEdge2();
    const [alert] = await bot.waitForAlerts(1);
    const trunk = bot.sandbox.genesys.state.trunkBases.find((t) => t.name === TRUNK)!;
    (trunk.properties as Record<string, { value: { instance: unknown } }>).trunk_enabled!.value.instance = false;
    bot.sandbox.genesys.notifyStateChanged();
    await bot.until('the message says down', () => readable(bot!.alerts()[0]!).includes(`${TRUNK} is DOWN`));
    await bot.until('the worse reply', () => bot!.thread(alert!.ts).some((m) => readable(m).includes('is now down')));
    expect(readable(bot.alerts()[0]!)).toContain('GC-TRUNK-INSERVICE');
    expect(bot.alerts()).toHaveLength(1);
  }, 60_000);
});

describe('what changed', () => {
  it('a trunk taken out of service by a script: the alert names that change, who made it and when', async () => {
    const bot = closing(await startWatchedBot({ SNAPSHOT_CACHE_SECONDS: '0' }));
    await waitForPush(bot);
    // A script with an OAuth client of its own disables the trunk through the Genesys API; the fake audits it.
    bot.sandbox.genesys.addOAuthClient('script-client', 'script-secret-0123456789');
    const script = new GenesysClient({
      clientId: 'script-client',
      clientSecret: 'script-secret-0123456789',
      apiUrl: bot.sandbox.genesys.url,
    });
    const trunk = bot.sandbox.genesys.state.trunkBases.find((t) => t.name === TRUNK)!;
    const tb = await script.trunkBase(trunk.id!);
    await script.putTrunkBase(trunk.id!, {
      ...tb,
      properties: { ...tb.properties, trunk_enabled: { value: { instance: false } } },
    });
    const [alert] = await bot.waitForAlerts(1);
    await bot.until('the last change on the alert', () => readable(bot!.alerts()[0]!).includes('script-client'));
    const text = readable(bot.alerts()[0]!);
    expect(text).toContain(`${TRUNK} is DOWN`);
    expect(text).toMatch(
      /Last change to this trunk: (just now|\d+ minutes? ago) by OAuth client script-client \(trunk_enabled true -&gt; false\)/,
    );
    // With the button to the trunk's whole timeline.
    expect(text).toContain(`"value":"changes --since 24h --trunk \\"${TRUNK}\\""`);
    expect(text).not.toContain('script-secret');
    expect(alert).toBeDefined();
    expect(bot.alerts()).toHaveLength(1);
  }, 60_000);
});

describe('the notification socket', () => {
  it('is dropped: the poll still catches an event sent meanwhile, and the watcher reconnects', async () => {
    const bot = closing(await startWatchedBot({ WATCH_INTERVAL_SECONDS: '2' }));
    await waitForPush(bot);
    bot.sandbox.genesys.setFaults({ notificationsDown: true });
    bot.disconnectEdge2();
    // No socket can carry the event: the poll (every 2 s while push is down) finds it.
    const [alert] = await bot.waitForAlerts(1, 30_000);
    expect(readable(alert!)).toContain(`${TRUNK} is DEGRADED`);
    expect((await bot.h.bot.services.watch.store.status())?.mode).toBe('polling');

    bot.sandbox.genesys.setFaults({ notificationsDown: false });
    await waitForPush(bot);
    expect(bot.alerts()).toHaveLength(1);
  }, 60_000);

  it('says socket_closing: the watcher moves to a new channel and keeps hearing events', async () => {
    const bot = closing(await startWatchedBot({ WATCH_SAFETY_POLL_MINUTES: '10' }));
    await waitForPush(bot);
    const channelsBefore = bot.sandbox.genesys.requests.filter(
      (r) => r.method === 'POST' && r.path === '/api/v2/notifications/channels',
    ).length;
    bot.sandbox.genesys.setFaults({ socketClosing: true });
    await bot.until(
      'a new channel',
      () =>
        bot!.sandbox.genesys.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/notifications/channels')
          .length > channelsBefore,
    );
    await waitForPush(bot);
    const faultAt = Date.now();
    bot.disconnectEdge2();
    await bot.waitForAlerts(1);
    // The poll is ten minutes away: the new socket carried it.
    expect(Date.now() - faultAt).toBeLessThan(10_000);
  }, 60_000);
});

describe('Acknowledge', () => {
  it('is recorded once when many people press it at the same time', async () => {
    const bot = closing(await startWatchedBot());
    await waitForPush(bot);
    bot.disconnectEdge2();
    const [alert] = await bot.waitForAlerts(1);
    const [incident] = await bot.h.bot.services.watch.store.openIncidents();
    const presses = Array.from({ length: 8 }, (_, i) =>
      bot!.h.click({ actionId: 'incident.ack', value: incident!.id, messageTs: alert!.ts, userId: `U0ONCALL${i}` }),
    );
    expect((await Promise.all(presses)).every((r) => r.status === 200)).toBe(true);
    await bot.until('the acknowledgement reply', () =>
      bot!.thread(alert!.ts).some((m) => readable(m).includes('Acknowledged by')),
    );
    await bot.until(
      'the message without its Acknowledge button',
      () => !readable(bot!.alerts()[0]!).includes('incident.ack'),
    );
    const after = await bot.h.bot.services.watch.store.incident(incident!.id);
    expect(after?.acknowledged?.by).toMatch(/U0ONCALL\d|sandbox/);
    expect(after?.timeline.filter((e) => e.kind === 'acknowledged')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(bot.thread(alert!.ts).filter((m) => readable(m).includes('Acknowledged by'))).toHaveLength(1);
    // Everyone else learns who did.
    const told = bot.h.slack.responses.filter((r) => JSON.stringify(r.body).includes('Already acknowledged by'));
    expect(told).toHaveLength(7);
    expect(ALERT_CHANNEL).toBe(alert!.channel);
  }, 60_000);

  it('Status answers in the thread, leaving the incident message as it is', async () => {
    const bot = closing(await startWatchedBot());
    await waitForPush(bot);
    bot.disconnectEdge2();
    const [alert] = await bot.waitForAlerts(1);
    const [incident] = await bot.h.bot.services.watch.store.openIncidents();
    const before = readable(bot.alerts()[0]!);
    await bot.h.click({ actionId: 'incident.status', value: incident!.id, messageTs: alert!.ts });
    await bot.until('the status card in the thread', () =>
      bot!.thread(alert!.ts).some((m) => m.updates > 0 && readable(m).includes(EDGE_2)),
    );
    expect(readable(bot.alerts()[0]!)).toBe(before);
  }, 60_000);
});
