/**
 * A change asked for and approved in Microsoft Teams, end to end through the real botbuilder CloudAdapter, the fake
 * Bot Framework and the sandbox's fake Genesys and Twilio: the same approval rules as in Slack.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from '../../src/presentation/chat-names.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { adaptiveCardOf, buttonsOf, cardText } from '../../src/sandbox/teams/card-text.js';
import { trunkBasePuts, trunkEnabled } from '../changes/helpers.js';
import { startTeamsSandbox, type TeamsCard, type TeamsHarness } from './harness.js';

const OPERATOR = '11111111-1111-4111-8111-111111111111';
const APPROVER = '22222222-2222-4222-8222-222222222222';
const APPROVER_2 = '33333333-3333-4333-8333-333333333333';
const VIEWER = '44444444-4444-4444-8444-444444444444';

const ACCESS_YAML = `roles:
  viewer: ["*"]
teams:
  approver: [${APPROVER}, ${APPROVER_2}]
  operator: [${OPERATOR}]
  viewer: ["*"]
`;

let sandbox: Sandbox;
let h: TeamsHarness & { sandbox: Sandbox };

beforeAll(async () => {
  h = await startTeamsSandbox(ACCESS_YAML);
  sandbox = h.sandbox;
}, 30_000);

afterAll(async () => {
  await h?.close();
});

beforeEach(() => {
  const tb = sandbox.genesys.state.trunkBases[0]!;
  (tb.properties as Record<string, { value: { instance: unknown } }>).trunk_enabled!.value.instance = true;
  sandbox.genesys.resetRequests();
});

async function askInChannel(text: string, user: string): Promise<TeamsCard> {
  const sent = await h.message(text, { user, kind: 'channel' });
  expect(sent.status).toBe(200);
  return h.teamsCardFor(sent);
}

function approvalIdOn(card: TeamsCard): string {
  const approve = buttonsOf(card.card).find((b) => b.verb === APPROVE_ACTION_ID);
  if (!approve) throw new Error(`no Approve button on: ${card.text}`);
  return String(approve.data.value);
}

function currentText(messageId: string): string {
  const card = adaptiveCardOf(h.teams.messages.get(messageId)!.activity);
  return card ? cardText(card) : String(h.teams.messages.get(messageId)!.activity.text);
}

describe('taking the trunk out of service from a Teams channel', () => {
  it('the operator asks; their own Approve is refused; an approver approves and the card says applied and verified', async () => {
    const card = await askInChannel('trunk disable Twilio --reason "teams maintenance"', OPERATOR);
    expect(card.text).toContain('Approval needed');
    expect(card.text).toContain('teams maintenance');
    // The Approve button asks for confirmation first (an inline card), then is an Action.Execute.
    expect(buttonsOf(card.card).map((b) => [b.verb, Boolean(b.confirm)])).toEqual([
      [APPROVE_ACTION_ID, true],
      [REJECT_ACTION_ID, false],
    ]);
    const id = approvalIdOn(card);

    // The operator's own press: a message only they see; the card and the trunk stay as they are.
    const own = await h.press(card.messageId, APPROVE_ACTION_ID, { user: OPERATOR, value: id });
    expect(own.status).toBe(200);
    expect(own.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(own.body.value)).toContain('approver role');
    expect(h.teams.messages.get(card.messageId)!.updates).toBe(own.updatesBefore);
    // A viewer fares no better.
    const viewer = await h.press(card.messageId, APPROVE_ACTION_ID, { user: VIEWER, value: id });
    expect(String(viewer.body.value)).toContain('approver role');
    expect(trunkEnabled(sandbox)).toBe(true);

    // The approver's press answers with the refreshed card at once, then the worker replaces it with the result.
    const approved = await h.press(card.messageId, APPROVE_ACTION_ID, { user: APPROVER, value: id });
    expect(approved.status).toBe(200);
    expect(approved.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const done = await h.teams.waitFor('the applied card', () =>
      /Applied and verified/.test(currentText(card.messageId)) ? currentText(card.messageId) : undefined,
    );
    expect(done).toContain('Approved by');
    expect(trunkEnabled(sandbox)).toBe(false);
    expect(trunkBasePuts(sandbox)).toBe(1);
    const stored = await h.bot.services.approvals.get(id);
    expect(stored?.state).toBe('applied');
    expect(stored?.requester).toMatchObject({ platform: 'teams', userId: OPERATOR });
    expect(stored?.approvedBy).toMatchObject({ platform: 'teams', userId: APPROVER });
    expect(stored?.result?.verified).toBe(true);
    // The approval knows the card it sits on (the Teams conversation and message).
    expect(stored).toMatchObject({ channelId: card.message.conversationId, messageTs: card.messageId });
  });

  it('forged and stale approval ids are refused, change nothing and are audited', async () => {
    const card = await askInChannel('trunk disable Twilio', OPERATOR);
    const id = approvalIdOn(card);
    const before = h.teams.messages.get(card.messageId)!.updates;
    for (const value of ['ap-AAAAAAAAAAAA', 'status; DROP', `${id}:x`]) {
      const r = await h.press(card.messageId, APPROVE_ACTION_ID, { user: APPROVER, value });
      expect(r.body.type, value).toBe('application/vnd.microsoft.activity.message');
      expect(String(r.body.value), value).toContain('does not exist');
    }
    expect(h.teams.messages.get(card.messageId)!.updates).toBe(before);
    expect(trunkBasePuts(sandbox)).toBe(0);
    const refused = (await h.bot.services.audit.query({ last: 20 })).filter(
      (e) => e.outcome === 'refused' && e.actor.includes(APPROVER),
    );
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect((await h.bot.services.approvals.get(id))?.state).toBe('pending');
  });

  it('an approver cannot approve their own request; another approver can', async () => {
    const card = await askInChannel('trunk disable Twilio', APPROVER);
    const id = approvalIdOn(card);
    const own = await h.press(card.messageId, APPROVE_ACTION_ID, { user: APPROVER, value: id });
    expect(String(own.body.value)).toContain('someone else must approve');
    expect((await h.bot.services.approvals.get(id))?.state).toBe('pending');
    await h.press(card.messageId, APPROVE_ACTION_ID, { user: APPROVER_2, value: id });
    await h.teams.waitFor('the applied card', () =>
      /Applied and verified/.test(currentText(card.messageId)) ? true : undefined,
    );
    expect(trunkEnabled(sandbox)).toBe(false);
  });

  it('fifty approvers pressing Approve at once start one change', async () => {
    const card = await askInChannel('trunk disable Twilio --reason "fifty presses"', OPERATOR);
    const id = approvalIdOn(card);
    const presses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        h.press(card.messageId, APPROVE_ACTION_ID, { user: i % 2 ? APPROVER : APPROVER_2, value: id }),
      ),
    );
    expect(presses.every((p) => p.status === 200)).toBe(true);
    expect(presses.filter((p) => p.body.type === 'application/vnd.microsoft.card.adaptive')).toHaveLength(1);
    await h.teams.waitFor('the applied card', () =>
      /Applied and verified/.test(currentText(card.messageId)) ? true : undefined,
    );
    expect(trunkBasePuts(sandbox)).toBe(1);
    expect((await h.bot.services.approvals.get(id))?.state).toBe('applied');
  }, 60_000);

  it('the operator may withdraw (Reject) their own request; the card says so', async () => {
    const card = await askInChannel('trunk disable Twilio', OPERATOR);
    const id = approvalIdOn(card);
    const r = await h.press(card.messageId, REJECT_ACTION_ID, { user: OPERATOR, value: id });
    expect(r.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(r.body.value as Record<string, unknown>)).toMatch(/withdrawn|Rejected/i);
    expect((await h.bot.services.approvals.get(id))?.state).toBe('rejected');
    expect(trunkBasePuts(sandbox)).toBe(0);
  });
});
