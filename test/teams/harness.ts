/**
 * What a person's Microsoft Teams would talk to: the fake Bot Framework (token keys, token endpoint, connector), and
 * the bot (web + workers, Slack too) on a random port with the real Redis and its own key prefix. Every card the
 * bot sends to Teams is checked with the official Adaptive Cards parser as it is read.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { StartBotOptions } from '../../src/bot.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { SANDBOX_TEAMS_OPERATOR } from '../../src/sandbox/teams/activities.js';
import { adaptiveCardOf, cardText } from '../../src/sandbox/teams/card-text.js';
import { FakeBotFramework, type FakeTeamsMessage } from '../../src/sandbox/teams/fake-bot-framework.js';
import { adaptiveCardProblems } from '../cards/adaptive-card-parser.js';
import { type Harness, startHarness } from '../foundation/harness.js';

export const TEAMS_APP_ID = '3c1d2f4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
export const TEAMS_APP_PASSWORD = 'teams-test-secret-9d8c7b';

export interface TeamsHarness extends Harness {
  teams: FakeBotFramework;
  endpoint: string;
  /** A message from `user` (an AAD object id) in a personal chat (default) or a channel. */
  message(
    text: string,
    options?: {
      user?: string;
      kind?: 'personal' | 'channel';
      conversationId?: string;
      /** People @mentioned in the text as `<at>name</at>`, with their Teams user ids (`29:…`). */
      mentions?: { id: string; name: string }[];
    },
  ): Promise<TeamsSent>;
  /** The card that replaced the "working on it" reply to a message (checked with the official parser). */
  teamsCardFor(sent: TeamsSent): Promise<TeamsCard>;
  /** Presses the button `actionId` on the card in message `messageId`, as `user`. */
  press(
    messageId: string,
    actionId: string,
    options?: { user?: string; value?: string },
  ): Promise<{ status: number; body: Record<string, unknown>; updatesBefore: number }>;
}

export interface TeamsSent {
  status: number;
  body: unknown;
  conversationId: string;
  since: number;
}

export interface TeamsCard {
  messageId: string;
  card: Record<string, unknown>;
  text: string;
  message: FakeTeamsMessage;
}

export function expectValidAdaptiveCard(card: unknown): void {
  expect(adaptiveCardProblems(card)).toEqual([]);
}

export async function startTeamsHarness(
  options: { env?: Record<string, string>; bot?: Partial<StartBotOptions> } = {},
): Promise<TeamsHarness> {
  const teams = await FakeBotFramework.start({ apps: { [TEAMS_APP_ID]: TEAMS_APP_PASSWORD } });
  const harness = await startHarness({
    env: {
      TEAMS_APP_ID,
      TEAMS_APP_PASSWORD,
      TEAMS_OPENID_METADATA_URL: teams.openIdMetadataUrl,
      TEAMS_LOGIN_URL: teams.loginUrl(),
      TEAMS_SERVICE_URL: teams.serviceUrl,
      ...options.env,
    },
    bot: options.bot,
  });
  const endpoint = `${harness.bot.url}/api/messages`;
  const people: Record<string, string> = {};
  const conversationOf = (user: string) => `a:personal-${user}`;

  return {
    ...harness,
    teams,
    endpoint,
    async message(text, opts = {}) {
      const user = opts.user ?? SANDBOX_TEAMS_OPERATOR;
      const since = Date.now();
      const { answer, activity } = await teams.sendMessage(endpoint, TEAMS_APP_ID, {
        text,
        userAadId: user,
        userName: people[user] ?? `User ${user.slice(-4)}`,
        kind: opts.kind ?? 'personal',
        conversationId: opts.conversationId ?? (opts.kind === 'channel' ? undefined : conversationOf(user)),
        ...(opts.mentions ? { mentions: opts.mentions } : {}),
      });
      return {
        status: answer.status,
        body: answer.body,
        conversationId: String((activity.conversation as { id: string }).id),
        since,
      };
    },
    async teamsCardFor(sent) {
      const first = await teams.waitFor('the working reply', () =>
        teams.firstSentAfter(sent.conversationId, sent.since),
      );
      const message = await teams.waitForAnswer(first.id, 30_000);
      const card = adaptiveCardOf(message.activity);
      if (!card) throw new Error(`message ${first.id} has no Adaptive Card: ${JSON.stringify(message.activity)}`);
      expectValidAdaptiveCard(card);
      return { messageId: first.id, card, text: cardText(card), message };
    },
    async press(messageId, actionId, opts = {}) {
      const message = teams.messages.get(messageId);
      if (!message) throw new Error(`no message ${messageId}`);
      const updatesBefore = message.updates;
      const { answer } = await teams.press(endpoint, TEAMS_APP_ID, {
        replyToId: messageId,
        verb: actionId,
        data: { actionId, value: opts.value ?? '' },
        userAadId: opts.user ?? SANDBOX_TEAMS_OPERATOR,
        conversationId: message.conversationId,
        kind: message.conversationId.startsWith('19:') ? 'channel' : 'personal',
      });
      const body = (answer.body ?? {}) as Record<string, unknown>;
      if (body.type === 'application/vnd.microsoft.card.adaptive') expectValidAdaptiveCard(body.value);
      teams.applyInvokeAnswer(messageId, answer, updatesBefore);
      return { status: answer.status, body, updatesBefore };
    },
    async close() {
      await harness.close();
      await teams.close();
    },
  };
}

export function randomConversation(): string {
  return `a:test-${randomUUID()}`;
}

/**
 * The Teams harness against a sandbox of its own (fake Genesys and Twilio, `scenario`), with `accessYaml` as the
 * access file; `close()` stops everything and removes the file.
 */
export async function startTeamsSandbox(
  accessYaml: string,
  scenario = 'default',
  env: Record<string, string> = {},
): Promise<TeamsHarness & { sandbox: Sandbox }> {
  const dir = mkdtempSync(join(tmpdir(), 'byoc-teams-access-'));
  writeFileSync(join(dir, 'access.yml'), accessYaml);
  const sandbox = await startSandbox({ scenario });
  let h: TeamsHarness;
  try {
    h = await startTeamsHarness({
      env: { ...sandbox.env, BYOC_ACCESS_FILE: join(dir, 'access.yml'), SNAPSHOT_CACHE_SECONDS: '0', ...env },
    });
  } catch (err) {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    ...h,
    sandbox,
    async close() {
      await h.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
