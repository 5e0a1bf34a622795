/**
 * Twilio's side of the watch: each poll reads the account's Monitor alerts since the last one (the fake Twilio's
 * `GET /v1/Alerts` through the real Twilio SDK). TWILIO_ALERT_BURST Elastic SIP Trunking (32xxx) alerts within one
 * poll open an incident on the account, with each code's checklist rule; fewer say nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TWILIO_ALERT_BURST } from '../../src/watch/watch-service.js';
import { readable, startWatchedBot, type WatchedBot } from './helpers.js';

let bot: WatchedBot;
let subject: string;

beforeAll(async () => {
  // Push keeps the trunks watched; the Twilio reads are the polls this test runs itself.
  bot = await startWatchedBot({ ALERT_HOLD_SECONDS: '1', WATCH_SAFETY_POLL_MINUTES: '10' });
  subject = `twilio:${bot.sandbox.twilio.state.accountSid}`;
  await bot.h.bot.services.watch.poll();
}, 30_000);

afterAll(async () => {
  await bot?.close();
});

let n = 0;
/** `count` 32201 alerts (source IP not in the ACL) generated now on the fake account. */
function raise(count: number, code = '32201'): void {
  for (let i = 0; i < count; i++) {
    n += 1;
    bot.sandbox.twilio.state.alerts.push({
      sid: `NO${String(n).padStart(32, '0')}`,
      errorCode: code,
      logLevel: 'error',
      alertText: `sourceIp=203.0.113.9&msg=Source IP address not in the ACL (burst test ${n})`,
      resourceSid: null,
      dateGenerated: new Date(),
    });
  }
}

const openIncident = () => bot.h.bot.services.watch.store.openIncidentId(subject);

describe('a burst of Twilio 32xxx alerts', () => {
  it(`fewer than ${TWILIO_ALERT_BURST} within a poll: no incident, no message`, async () => {
    raise(TWILIO_ALERT_BURST - 1);
    await bot.h.bot.services.watch.poll();
    // Past the hold time: still nothing.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await openIncident()).toBeUndefined();
    expect(bot.alerts().filter((m) => readable(m).includes('Twilio Elastic SIP Trunking'))).toHaveLength(0);
  });

  it(`${TWILIO_ALERT_BURST} within a poll: one incident on the account, its message names the code and the rule`, async () => {
    const requestsBefore = bot.sandbox.twilio.requests.filter((r) => r.path === '/v1/Alerts').length;
    raise(TWILIO_ALERT_BURST);
    await bot.h.bot.services.watch.poll();
    // Read through the fake's Monitor Alerts endpoint.
    expect(bot.sandbox.twilio.requests.filter((r) => r.path === '/v1/Alerts').length).toBeGreaterThan(requestsBefore);
    await bot.until('the incident', async () => (await openIncident()) !== undefined);
    const [alert] = await bot.waitForAlerts(1);
    expect(readable(alert!)).toContain('Twilio Elastic SIP Trunking');
    await bot.until('the opening reply', () => bot.thread(alert!.ts).length >= 1);
    const opened = readable(bot.thread(alert!.ts)[0]!);
    expect(opened).toContain(`${TWILIO_ALERT_BURST} × Twilio 32201`);
    expect(opened).toContain('TW-ACL');
    const incident = await bot.h.bot.services.watch.store.incident((await openIncident())!);
    expect(incident).toMatchObject({ status: 'open', subject });
  });
});
