/**
 * `/byoc status` and `/byoc simulate` as an on-call engineer uses them: signed Slack slash commands to the real bot
 * (web + workers, real Redis), which reads the sandbox's fake Genesys Cloud and Twilio through the official SDKs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_RUN_ACTION } from '../../src/presentation/chat-names.js';
import { TEST_CHANNEL_ID } from '../../src/sandbox/slack/fake-slack.js';
import { readable } from '../foundation/harness.js';
import { buttonValue, type Rig, startRig } from './helpers.js';

const EDGE_1 = 'virtual-edge-i-0a1b2c3d4e5f60001';
const EDGE_2 = 'virtual-edge-i-0a1b2c3d4e5f60002';
const OPTIONS_TIMEOUT = 'SIP OPTIONS to purecloudABC.pstn.twilio.com timed out';

describe('/byoc status and /byoc simulate on the guide’s example org', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig('default');
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('/byoc status: healthy, the trunk on both edges, the Twilio trunk it sends to, and a Refresh button', async () => {
    const card = await rig.ask('status');
    expect(card.text).toContain('BYOC: Healthy');
    expect(card.text).toContain('Trunk \\"Twilio\\": in service');
    expect(card.text).toContain(EDGE_1);
    expect(card.text).toContain(EDGE_2);
    expect(card.text).toContain('Twilio trunk \\"PureCloudDev\\"');
    expect(card.text).toContain('purecloudABC.pstn.twilio.com');
    expect(card.text).toContain('sip:twilioABC.byoc.mypurecloud.ie');
    expect(buttonValue(card.blocks, 'Refresh')).toBe('status --fresh');
    expect(buttonValue(card.blocks, 'Run the doctor')).toBe('doctor');
  });

  it('the status card: the verdict first, its buttons in one row, and the second button works as Slack sends it', async () => {
    const card = await rig.ask('status');
    const blocks = card.blocks as { type: string; text?: { text?: string }; elements?: { action_id: string }[] }[];
    // What a phone's notification shows first: the verdict.
    expect(blocks[0]?.text?.text).toContain('BYOC: Healthy');
    const rows = blocks.filter((b) => b.type === 'actions');
    expect(rows).toHaveLength(1);
    const doctorId = rows[0]!.elements![1]!.action_id;
    expect(doctorId).not.toBe(rows[0]!.elements![0]!.action_id);
    await rig.h.click({ actionId: doctorId, value: 'doctor', messageTs: card.ts });
    await rig.h.slack.waitFor('the doctor in place of the status card', () => {
      const m = rig.h.slack.message(TEST_CHANNEL_ID, card.ts);
      return m && JSON.stringify(m.blocks).includes('BYOC doctor') ? m : undefined;
    });
  });

  it('/byoc simulate 0123456789: National, via "Twilio Route", on trunk Twilio on both edges, Twilio accepts it', async () => {
    const card = await rig.ask('simulate 0123456789');
    expect(card.text).toContain('Simulate 0123456789: routable');
    expect(card.text).toContain('National (intraCountryCode)');
    expect(card.text).toContain('Twilio Route');
    expect(card.text).toContain('+33123456789');
    expect(card.text).toContain(`Twilio on ${EDGE_1}`);
    expect(card.text).toContain(`Twilio on ${EDGE_2}`);
    expect(card.text).toContain('Called number leaves in E.164 with +');
    expect(card.text).not.toContain('NOT routable');
  });

  it('a number typed with spaces, dots, dashes and parentheses is the same number', async () => {
    for (const typed of ['01 23 45 67 89', '(01) 23-45.67.89', '"01 23 45 67 89"']) {
      const card = await rig.ask(`simulate ${typed}`);
      expect(card.text).toContain('routable');
      expect(card.text).toContain('+33123456789');
      expect(card.text).toContain('National');
    }
  });

  it('an international number is International, and --site / --from are honoured', async () => {
    const card = await rig.ask('simulate +447700900000 --site "Paris Office" --from +33123456789');
    expect(card.text).toContain('International');
    expect(card.text).toContain('Paris Office');
    expect(card.text).toContain('+447700900000');
  });

  it('letters get a clear message with numbers that work from the site’s country', async () => {
    const card = await rig.ask('simulate call-me-maybe');
    expect(card.text).toContain('Cannot simulate');
    expect(card.text).toContain('Numbers that work from FR');
  });

  it('a site that does not exist lists the sites', async () => {
    const card = await rig.ask('simulate 0123456789 --site Lyon');
    expect(card.text).toContain('No site named \\"Lyon\\"');
    expect(card.text).toContain('Paris Office');
  });

  it('a trunk name that does not exist lists the trunk names', async () => {
    const card = await rig.ask('status Nope');
    expect(card.text).toContain('No BYOC trunk named \\"Nope\\"');
    expect(card.text).toContain('Twilio');
  });

  it('a trunk disconnected on one edge: degraded, with that edge’s error text; Refresh sees it at once', async () => {
    const before = await rig.ask('status');
    expect(before.text).toContain('BYOC: Healthy');
    rig.sandbox.genesys.setFaults({
      disconnected: [{ trunkBase: 'Twilio', edge: EDGE_2, errorInfo: { text: OPTIONS_TIMEOUT, code: '408' } }],
    });
    try {
      // The snapshot is cached for SNAPSHOT_CACHE_SECONDS; the Refresh button asks for one taken after the click.
      const value = buttonValue(before.blocks, 'Refresh')!;
      await rig.h.click({ actionId: COMMAND_RUN_ACTION, value, messageTs: before.ts });
      // Update 1 was the healthy card, 2 the working text, 3 the refreshed card: still one message.
      const refreshed = readable(await rig.h.slack.waitForUpdate(TEST_CHANNEL_ID, before.ts, 3));
      expect(refreshed).toContain('BYOC: Degraded');
      expect(refreshed).toContain(OPTIONS_TIMEOUT);
      expect(refreshed).toContain(`disconnected on ${EDGE_2}`);

      const simulated = await rig.ask('simulate 0123456789');
      // One edge of two still carries the call: routable, with the other edge named as the way.
      expect(simulated.text).toContain('routable');
      expect(simulated.text).not.toContain('NOT routable');
      expect(simulated.text).toContain(OPTIONS_TIMEOUT);
    } finally {
      rig.sandbox.genesys.setFaults({ disconnected: [] });
      await rig.h.bot.services.snapshots.invalidate();
    }
  });

  it('20 people typing /byoc status at once cost the vendors about one snapshot', async () => {
    await rig.ask('status'); // the OAuth token is in hand, as it is in a running bot
    await rig.h.bot.services.snapshots.invalidate();
    rig.resetRequests();
    await rig.ask('status');
    const one = rig.requests();
    expect(one.genesys).toBeGreaterThan(0);
    expect(one.twilio).toBeGreaterThan(0);

    await rig.h.bot.services.snapshots.invalidate();
    rig.resetRequests();
    const cards = await Promise.all(Array.from({ length: 20 }, () => rig.ask('status')));
    const twenty = rig.requests();
    for (const card of cards) expect(card.text).toContain('BYOC: Healthy');
    expect(twenty.genesys + twenty.twilio).toBeLessThan(1.5 * (one.genesys + one.twilio));
  });

  it('Genesys answering 5xx: status says so and still shows the Twilio half', async () => {
    rig.sandbox.genesys.setFaults({ genesys5xxRate: 1 });
    try {
      const card = await rig.ask('status --fresh');
      expect(card.text).toContain('BYOC: Down');
      expect(card.text).toContain('Genesys Cloud could not be reached');
      expect(card.text).toMatch(/HTTP 5\d\d/);
      expect(card.text).toContain('Twilio trunk \\"PureCloudDev\\" (Genesys Cloud not read)');
      expect(card.text).toContain('purecloudABC.pstn.twilio.com');
    } finally {
      rig.sandbox.genesys.setFaults({ genesys5xxRate: 0 });
      await rig.h.bot.services.snapshots.invalidate();
    }
  });
});

describe('a vendor that is not configured', () => {
  let rig: Rig;
  beforeAll(async () => {
    // The bot gets the Genesys half only: no TWILIO_* variable at all.
    rig = await startRig('default', (env) =>
      Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('GENESYS_'))),
    );
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('/byoc status answers with Genesys and says which Twilio variables to set', async () => {
    const card = await rig.ask('status');
    expect(card.text).toContain('Trunk \\"Twilio\\": in service');
    expect(card.text).toContain('set TWILIO_ACCOUNT_SID');
    expect(rig.requests().twilio).toBe(0);
  });

  it('/byoc doctor skips the Twilio rules, saying which variables to set', async () => {
    const card = await rig.ask('doctor');
    expect(card.text).toContain('Twilio could not be read');
    expect(card.text).toContain('set TWILIO_ACCOUNT_SID');
  });
});
