/**
 * Commands typed in Teams run the same registry, roles and jobs as `/byoc` in Slack: a "working on it" reply at
 * once, replaced by the card; buttons are Action.Execute answered with the refreshed card; the connector's
 * transient refusals are retried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandText } from '../../src/chat/teams/message-text.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { buttonsOf, cardText } from '../../src/sandbox/teams/card-text.js';
import { startTeamsHarness, type TeamsHarness } from './harness.js';

let sandbox: Sandbox;
let h: TeamsHarness;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: 'default' });
  h = await startTeamsHarness({ env: { ...sandbox.env, SNAPSHOT_CACHE_SECONDS: '0' } });
}, 30_000);

afterAll(async () => {
  await h?.close();
  await sandbox?.close();
});

describe('the command line in a Teams message', () => {
  it("drops the bot's @mention wherever it is, HTML entities and an optional byoc prefix", () => {
    const entities = [{ type: 'mention', text: '<at>byoc</at>', mentioned: { id: '28:bot' } }];
    expect(commandText('<at>byoc</at> status', entities, '28:bot')).toBe('status');
    expect(commandText('simulate&nbsp;01 23 45 67 89 <at>byoc</at>', entities, '28:bot')).toBe(
      'simulate 01 23 45 67 89',
    );
    expect(commandText('<at>byoc</at>', entities, '28:bot')).toBe('');
    expect(commandText('/byoc doctor --fresh')).toBe('doctor --fresh');
    // Someone else's mention without an entity saying who: kept, quoted, for the command to say so.
    expect(commandText('<at>byoc</at> did assign +33123456790 <at>Alice</at>', entities, '28:bot')).toBe(
      'did assign +33123456790 "<at>Alice</at>"',
    );
  });
});

describe('commands from Teams', () => {
  it('@byoc status in a channel: a working reply at once, then the status card in its place', async () => {
    const sent = await h.message('status', { kind: 'channel' });
    expect(sent.status).toBe(200);
    const first = await h.teams.waitFor('the working reply', () =>
      h.teams.firstSentAfter(sent.conversationId, sent.since),
    );
    expect(String(first.activity.text)).toContain('Working on');
    const card = await h.teamsCardFor(sent);
    expect(card.messageId).toBe(first.id);
    expect(card.text).toMatch(/Healthy|Degraded|Down/i);
    expect(card.text).toContain('twilioABC');

    // Refresh is an Action.Execute; its answer is the working card, then the worker puts the new status in place.
    const refresh = buttonsOf(card.card).find((b) => /Refresh/.test(b.title));
    expect(refresh).toBeDefined();
    const updates = card.message.updates;
    const pressed = await h.press(card.messageId, refresh!.verb, { value: String(refresh!.data.value) });
    expect(pressed.body.type).toBe('application/vnd.microsoft.card.adaptive');
    await h.teams.waitFor('the refreshed card', () => {
      const m = h.teams.messages.get(card.messageId)!;
      return m.updates > updates + 1 && /twilioABC/.test(JSON.stringify(m.activity)) ? m : undefined;
    });
  });

  it('simulate in a personal chat answers with the routing card', async () => {
    const card = await h.teamsCardFor(await h.message('simulate 01 23 45 67 89'));
    expect(card.text).toContain('+33123456789');
  });

  it('changes: a number renamed through the Twilio API is on the timeline card, with who and before -> after', async () => {
    const { accountSid, authToken } = sandbox.scenario.twilio;
    const res = await fetch(
      `${sandbox.twilio.url}/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/PN0123456789abcdef0123456789abc002.json`,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ FriendlyName: 'Sales line' }).toString(),
      },
    );
    expect(res.status).toBe(200);
    const card = await h.teamsCardFor(await h.message('changes --since 1h --number +33123456790', { kind: 'channel' }));
    expect(card.text).toContain('What changed in the last 1h: number +33123456790');
    // Made with the account the bot uses, but not through the bot: the card says whose credentials they were.
    expect(card.text).toContain(`Twilio account ${accountSid}** (API with byoc-bot's credentials)`);
    expect(card.text).toMatch(/friendly_name .* -> Sales line/);
    expect(card.text).not.toContain(authToken);
  });

  it('a mistyped command gets the help card with a did-you-mean, as in Slack', async () => {
    const card = await h.teamsCardFor(await h.message('stauts'));
    expect(card.text).toMatch(/status/);
  });

  it('the connector refusing for a moment (429, 412, 502) does not lose the card', async () => {
    const sent = await h.message('doctor');
    const first = await h.teams.waitFor('the working reply', () =>
      h.teams.firstSentAfter(sent.conversationId, sent.since),
    );
    h.teams.failNext({ status: 429, retryAfterSeconds: 0 }, { status: 412 }, { status: 502 });
    const answered = await h.teams.waitForAnswer(first.id, 30_000);
    expect(cardText((answered.activity.attachments as { content: Record<string, unknown> }[])[0]!.content)).toMatch(
      /check/i,
    );
  });
});
