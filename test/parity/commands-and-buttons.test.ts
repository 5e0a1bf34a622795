/**
 * Slack and Teams at parity: every command and every button, run through each platform's own adapter (the fake
 * Slack's signed slash commands and button clicks; the fake Bot Framework's signed messages and Action.Execute
 * invokes through the real botbuilder CloudAdapter) against the sandbox, must come to the same domain result: the
 * same verdict, the same findings, the same buttons, the same approval state and the same changes in the vendors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Card } from '../../src/cards/card.js';
import {
  APPROVE_ACTION_ID,
  COMMAND_RUN_ACTION,
  REJECT_ACTION_ID,
  REMEDIATE_ACTION_ID,
} from '../../src/presentation/chat-names.js';
import { type Driver, domainResult, type Platform, type Role, startDriver } from './harness.js';

interface Row {
  command: string;
  /** A button of the answer's card to press, and who presses it. */
  press?: { actionId: string; as: Role };
}

/** Every command of commands/, each button a card of theirs offers. Rows run in order: the changes build on each other. */
const ROWS: Row[] = [
  { command: 'help' },
  { command: 'status', press: { actionId: COMMAND_RUN_ACTION, as: 'operator' } },
  { command: 'doctor' },
  { command: 'simulate 01 23 45 67 89' },
  { command: 'explain 32201' },
  { command: 'calls --since 1d' },
  { command: 'watch' },
  { command: 'incidents' },
  { command: 'did list' },
  { command: 'trunk disable Twilio --reason "parity"', press: { actionId: APPROVE_ACTION_ID, as: 'approver' } },
  // The trunk is out of service now: the doctor says so and offers its fix, which asks for an approval.
  { command: 'doctor --fresh', press: { actionId: REMEDIATE_ACTION_ID, as: 'operator' } },
  { command: 'trunk enable Twilio --reason "parity"', press: { actionId: APPROVE_ACTION_ID, as: 'approver' } },
  {
    command: 'did assign +33123456790 alice@example.com --reason "parity"',
    press: { actionId: APPROVE_ACTION_ID, as: 'approver' },
  },
  { command: 'did unassign +33123456790', press: { actionId: APPROVE_ACTION_ID, as: 'approver' } },
  { command: 'trunk disable Twilio', press: { actionId: REJECT_ACTION_ID, as: 'operator' } },
  { command: 'approvals' },
  { command: 'changes' },
  { command: 'audit --last 5' },
];

const drivers = {} as Record<Platform, Driver>;

beforeAll(async () => {
  [drivers.slack, drivers.teams] = await Promise.all([startDriver('slack'), startDriver('teams')]);
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(drivers).map((d) => d?.close()));
});

const ids = (s: string) => s.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>');

/** The row through one platform: what the bot decided, and what it changed. */
async function run(driver: Driver, row: Row): Promise<Record<string, unknown>> {
  const changesBefore = driver.changes().length;
  const answer = await driver.ask(row.command, 'operator');
  const result: Record<string, unknown> = { answer: domainResult(answer.card) };
  const approvalId = answer.card.buttons?.find((b) => b.actionId === APPROVE_ACTION_ID)?.value;
  if (row.press) {
    const button = answer.card.buttons?.find((b) => b.actionId === row.press!.actionId);
    expect(button, `${driver.platform}: "${row.command}" offers ${row.press.actionId}`).toBeDefined();
    await driver.press(answer, button!.actionId, button!.value, row.press.as);
    result.afterPress = domainResult(await driver.latest(answer));
  }
  if (approvalId) result.approval = (await driver.h.bot.services.approvals.get(approvalId))?.state;
  result.changes = driver.changes().slice(changesBefore).map(ids);
  return result;
}

describe('every command and button gives the same domain result in Slack and in Teams', () => {
  it.each(ROWS)(
    '$command',
    async (row) => {
      const [slack, teams] = await Promise.all([run(drivers.slack, row), run(drivers.teams, row)]);
      expect(teams).toEqual(slack);
      // Not vacuous: each answer has a verdict, and a press or change did what the row says.
      expect((slack.answer as Card).title).not.toBe('');
      if (row.press?.actionId === APPROVE_ACTION_ID) {
        expect(slack.approval).toBe('applied');
        expect((slack.changes as string[]).length).toBeGreaterThan(0);
      }
      if (row.press?.actionId === REMEDIATE_ACTION_ID) {
        expect((slack.afterPress as { buttons: string[] }).buttons).toContain(APPROVE_ACTION_ID);
      }
      if (row.press?.actionId === REJECT_ACTION_ID) {
        expect(slack.approval).toBe('rejected');
        expect(slack.changes).toEqual([]);
      }
    },
    90_000,
  );
});
