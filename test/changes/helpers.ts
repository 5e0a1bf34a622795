/**
 * The change flow's test bench: the sandbox (fake Genesys + Twilio), an access file with one person per role,
 * and the bot behind a fake Slack. People:
 *   U0OPS1 operator (asks), U0LEAD1 / U0LEAD2 approvers, U0VIEW viewer (everyone is a viewer).
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { StartBotOptions } from '../../src/bot.js';
import { APPROVE_ACTION_ID } from '../../src/presentation/chat-names.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { type FakeSlackMessage, type FakeSlackUser, TEST_CHANNEL_ID } from '../../src/sandbox/slack/fake-slack.js';
import { type Harness, readable, type SlashResult, startHarness } from '../foundation/harness.js';
import { useStarted } from '../support/use-started.js';

export const OPERATOR = 'U0OPS1';
export const APPROVER = 'U0LEAD1';
export const APPROVER_2 = 'U0LEAD2';
export const VIEWER = 'U0VIEW';
export const TRUNK_BASE_ID = '9d4b7c1e-3a2f-4e8d-b6c5-twilio000001';
export const ALICE_ID = '2a3b4c5d-6e7f-4a8b-9c0d-user00000001';

export const ACCESS_YAML = `roles:
  admin: [U0ADMIN]
  approver: [${APPROVER}, ${APPROVER_2}]
  operator: [${OPERATOR}]
  viewer: ["*"]
`;

export const SLACK_USERS: Record<string, FakeSlackUser> = {
  U0ALICE: { name: 'alice', realName: 'Alice Martin', email: 'alice@example.com' },
  U0NOMAIL: { name: 'ghost', realName: 'No Email' },
  // Two people go by @jo: a plain "@jo" cannot say which.
  U0JO1: { name: 'jo', realName: 'Jo Martin', email: 'jo.martin@example.com' },
  U0JO2: { name: 'Jo', realName: 'Jo Bernard', email: 'jo.bernard@example.com' },
  U0GONE: { name: 'alice', realName: 'Alice (left)', email: 'old.alice@example.com', deleted: true },
};

export interface Bench {
  sandbox: Sandbox;
  h: Harness;
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * One bench for a test file: started before its tests, closed after them. The object it returns stands for the
 * bench once started (`bench.h`, `bench.sandbox`), so a file declares it in one line.
 */
export function useBench(options: Parameters<typeof startBench>[0] = {}): Bench {
  return useStarted(
    () => startBench(options),
    (bench) => bench.close(),
  );
}

export async function startBench(
  options: { env?: Record<string, string>; bot?: Partial<StartBotOptions>; scenario?: string } = {},
): Promise<Bench> {
  const dir = mkdtempSync(join(tmpdir(), 'byoc-access-'));
  const accessFile = join(dir, 'access.yml');
  writeFileSync(accessFile, ACCESS_YAML);
  const sandbox = await startSandbox({ scenario: options.scenario ?? 'default' });
  const env = { ...sandbox.env, BYOC_ACCESS_FILE: accessFile, SNAPSHOT_CACHE_SECONDS: '0', ...options.env };
  let h: Harness;
  try {
    h = await startHarness({ env, bot: options.bot, slackUsers: SLACK_USERS });
  } catch (err) {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    sandbox,
    h,
    env: { ...env, REDIS_URL: h.config.redisUrl, QUEUE_PREFIX: h.config.queuePrefix },
    async close() {
      await h.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Posted {
  ts: string;
  message: FakeSlackMessage;
  text: string;
}

/** Sends `/byoc <text>` as `userId` and waits for the card that replaces its working message. */
export async function ask(h: Harness, text: string, userId: string): Promise<Posted & { result: SlashResult }> {
  const result = await h.slash(text, { userId });
  expect(result.status).toBe(200);
  const posted = await h.slack.waitFor(`the working message of "${text}"`, () =>
    h.slack
      .callsTo('chat.postMessage')
      .find((c) => c.at >= result.sentAt && String(c.params.text ?? '').includes(`<@${userId}>`) && c.result?.ts),
  );
  const ts = String(posted.result?.ts);
  const message = await h.slack.waitForUpdate(TEST_CHANNEL_ID, ts, 1);
  return { ts, message, text: readable(message), result };
}

/** The message at `ts` as it is now. */
export function messageAt(h: Harness, ts: string): FakeSlackMessage {
  const m = h.slack.message(TEST_CHANNEL_ID, ts);
  if (!m) throw new Error(`no message at ${ts}`);
  return m;
}

/** Waits until the message at `ts` reads `expected`. */
export async function waitForCard(h: Harness, ts: string, expected: string | RegExp, timeoutMs = 20_000) {
  return h.slack.waitFor(
    `the card at ${ts} to read ${expected}`,
    () => {
      const m = h.slack.message(TEST_CHANNEL_ID, ts);
      if (!m) return undefined;
      const text = readable(m);
      return (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) ? text : undefined;
    },
    timeoutMs,
  );
}

/** Presses a button on the card at `ts` as `userId`. */
export function press(h: Harness, actionId: string, value: string, ts: string, userId: string): Promise<SlashResult> {
  return h.click({ actionId, value, messageTs: ts, userId });
}

/** The private answer to a press (Slack's response_url). */
export async function whisperTo(h: Harness, press: SlashResult): Promise<string> {
  const r = await h.slack.waitFor('the private answer', () =>
    h.slack.responsesTo(press.responseId).find((x) => x.body.response_type === 'ephemeral'),
  );
  return String(r.body.text ?? JSON.stringify(r.body.blocks ?? ''));
}

/** The approval id on a pending approval card (its Approve button's value). */
export function approvalIdOn(message: FakeSlackMessage): string {
  const match = /"value":"(ap-[A-Za-z0-9_-]{12})"/.exec(JSON.stringify(message.blocks ?? []));
  if (!match) throw new Error(`no approval button on: ${readable(message).slice(0, 300)}`);
  return match[1]!;
}

export interface ApprovalCard extends Posted {
  /** The approval id its buttons carry. */
  id: string;
}

/** The operator asks to take the Twilio trunk out of service: the approval card that answers. */
export async function askToDisable(h: Harness, reason: string): Promise<ApprovalCard> {
  const card = await ask(h, `trunk disable Twilio --reason "${reason}"`, OPERATOR);
  return { ...card, id: approvalIdOn(card.message) };
}

/** Presses Approve on an approval card, as the approver unless told otherwise. */
export function approve(h: Harness, card: Posted & { id?: string }, userId = APPROVER): Promise<SlashResult> {
  // The message object is live: once the card has changed, only the id read when it was asked for is left.
  return press(h, APPROVE_ACTION_ID, card.id ?? approvalIdOn(card.message), card.ts, userId);
}

/** The trunk is out of service, and exactly one write on Genesys took it there. */
export function expectDisabledByOneWrite(sandbox: Sandbox): void {
  expect(trunkEnabled(sandbox)).toBe(false);
  expect(trunkBasePuts(sandbox)).toBe(1);
}

export function trunkEnabled(sandbox: Sandbox): boolean {
  const tb = sandbox.genesys.state.trunkBases.find((t) => t.id === TRUNK_BASE_ID)!;
  const prop = (tb.properties as Record<string, { value?: { instance?: unknown } }>).trunk_enabled;
  return prop?.value?.instance === true;
}

export function trunkBasePuts(sandbox: Sandbox): number {
  return sandbox.genesys.requests.filter(
    (r) => r.method === 'PUT' && r.path.includes(`/trunkbasesettings/${TRUNK_BASE_ID}`),
  ).length;
}

export { sleep };
