/**
 * One bench per chat platform, built the same way: the sandbox (fake Genesys and Twilio), an access file giving the
 * same roles to a Slack person and a Teams person, and the bot serving both platforms. A `Driver` asks and presses
 * through one platform's adapter only (the fake Slack's signed requests, or the fake Bot Framework's signed
 * activities), and reads back what the bot decided: the platform-neutral card each answer ended as (from the card
 * outbox, before any renderer), the approval behind it, and what was changed in the fake vendors. Two benches, so a
 * change made through Slack does not change what Teams starts from.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { Card } from '../../src/cards/card.js';
import { replyMessage } from '../../src/chat/invocation.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { TEST_CHANNEL_ID } from '../../src/sandbox/slack/fake-slack.js';
import { ask, press as slackPress } from '../changes/helpers.js';
import { startTeamsSandbox, type TeamsHarness } from '../teams/harness.js';

export type Platform = 'slack' | 'teams';
export type Role = 'operator' | 'approver';

const PEOPLE: Record<Platform, Record<Role, string>> = {
  slack: { operator: 'U0OPS1', approver: 'U0LEAD1' },
  teams: { operator: '11111111-1111-4111-8111-111111111111', approver: '22222222-2222-4222-8222-222222222222' },
};

const ACCESS_YAML = `roles:
  approver: [${PEOPLE.slack.approver}]
  operator: [${PEOPLE.slack.operator}]
  viewer: ["*"]
teams:
  approver: [${PEOPLE.teams.approver}]
  operator: [${PEOPLE.teams.operator}]
  viewer: ["*"]
`;

/** A message the bot answered in: where it is (channel and message id), as the outbox's reply targets name it. */
export interface Answer {
  channelId: string;
  messageTs: string;
  /** The card the worker put there. */
  card: Card;
}

export interface Driver {
  platform: Platform;
  sandbox: Sandbox;
  h: TeamsHarness;
  /** Sends the command as `role` through this platform's adapter; the card the worker put in its answer. */
  ask(text: string, role: Role): Promise<Answer>;
  /** Presses a button of `answer`'s card as `role`, then waits until the bot has done everything it started. */
  press(answer: Omit<Answer, 'card'>, actionId: string, value: string, role: Role): Promise<void>;
  /** The newest card the worker put in the answer's message. */
  latest(answer: Answer): Promise<Card>;
  /** Changes made in the fake vendors so far (method and path), in order. */
  changes(): string[];
  /** The first incident message in the alert channel (`withAlerts`), once it is there; its card is not known. */
  incidentMessage(): Promise<Omit<Answer, 'card'>>;
  /** Every card the outbox delivered since `since` (ms), oldest first: answers in threads included. */
  deliveredSince(since: number): Promise<Card[]>;
  /** Until no job is waiting or running. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Where each platform's bench alerts when a test turns the watch on (`withAlerts`). */
export const ALERT_CHANNELS: Record<Platform, string> = {
  slack: TEST_CHANNEL_ID,
  teams: 'teams:19:parity-alerts@thread.tacv2',
};

export async function startDriver(platform: Platform, options: { withAlerts?: boolean } = {}): Promise<Driver> {
  const h = await startTeamsSandbox(
    ACCESS_YAML,
    'default',
    options.withAlerts ? { ALERT_CHANNEL: ALERT_CHANNELS[platform], ALERT_HOLD_SECONDS: '1' } : {},
  );
  const sandbox = h.sandbox;
  const who = (role: Role) => PEOPLE[platform][role];

  /** Cards the outbox delivered to one message, oldest first. */
  const delivered = async (at: { channelId: string; messageTs: string }): Promise<Card[]> => {
    const jobs = await h.bot.outbox.queue.getJobs(['completed']);
    return jobs
      .filter((j) => {
        const m = replyMessage(j.data.target);
        return m?.channelId === at.channelId && m.messageTs === at.messageTs;
      })
      .sort((a, b) => a.data.madeAt - b.data.madeAt)
      .map((j) => j.data.card);
  };

  /** Until no job is waiting or running on either queue (delayed ones, like an approval's expiry, do not count). */
  const settle = async () => {
    let quiet = 0;
    for (const deadline = Date.now() + 30_000; quiet < 3; ) {
      const [commands, deliveries] = await Promise.all([
        h.bot.queue.queue.getJobCounts('waiting', 'active', 'prioritized'),
        h.bot.outbox.queue.getJobCounts('waiting', 'active', 'prioritized'),
      ]);
      const busy = Object.values(commands).some((n) => n > 0) || Object.values(deliveries).some((n) => n > 0);
      quiet = busy ? 0 : quiet + 1;
      if (Date.now() > deadline) throw new Error(`the ${platform} bench never settled`);
      await sleep(100);
    }
  };

  const latest = async (answer: Answer) => {
    const cards = await delivered(answer);
    return cards.at(-1) ?? answer.card;
  };

  const answerAt = async (channelId: string, messageTs: string): Promise<Answer> => {
    await settle();
    for (const deadline = Date.now() + 10_000; ; ) {
      const cards = await delivered({ channelId, messageTs });
      if (cards.length > 0) return { channelId, messageTs, card: cards.at(-1)! };
      if (Date.now() > deadline) throw new Error(`no card was delivered to ${channelId} ${messageTs}`);
      await sleep(50);
    }
  };

  return {
    platform,
    sandbox,
    h,
    async ask(text, role) {
      if (platform === 'slack') {
        const posted = await ask(h, text, who(role));
        return answerAt(TEST_CHANNEL_ID, posted.ts);
      }
      const sent = await h.message(text, { user: who(role), kind: 'channel' });
      expect(sent.status).toBe(200);
      const card = await h.teamsCardFor(sent);
      return answerAt(card.message.conversationId, card.messageId);
    },
    async press(answer, actionId, value, role) {
      if (platform === 'slack') {
        const result = await slackPress(h, actionId, value, answer.messageTs, who(role));
        expect(result.status).toBe(200);
      } else {
        const result = await h.press(answer.messageTs, actionId, { user: who(role), value });
        expect(result.status).toBe(200);
      }
      await settle();
    },
    latest,
    settle,
    async deliveredSince(since) {
      await settle();
      const jobs = await h.bot.outbox.queue.getJobs(['completed']);
      return jobs
        .filter((j) => j.data.madeAt >= since)
        .sort((a, b) => a.data.madeAt - b.data.madeAt)
        .map((j) => j.data.card);
    },
    async incidentMessage() {
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(50)) {
        if (platform === 'slack') {
          const m = [...h.slack.messages.values()].find(
            (x) =>
              x.channel === TEST_CHANNEL_ID &&
              x.threadTs === undefined &&
              JSON.stringify(x.blocks).includes('DEGRADED'),
          );
          if (m) return { channelId: TEST_CHANNEL_ID, messageTs: m.ts };
        } else {
          const conversation = ALERT_CHANNELS.teams.slice('teams:'.length);
          const c = h.teams.calls.find((x) => x.method === 'POST' && x.conversationId === conversation);
          if (c) return { channelId: conversation, messageTs: c.id };
        }
      }
      throw new Error(`no incident message on ${platform}`);
    },
    changes() {
      return [
        ...sandbox.genesys.requests.filter((r) => r.method !== 'GET').map((r) => `genesys ${r.method} ${r.path}`),
        ...sandbox.twilio.requests.filter((r) => r.method !== 'GET').map((r) => `twilio ${r.method} ${r.path}`),
      ];
    },
    close: () => h.close(),
  };
}

/**
 * What the bot decided, as both platforms must agree on it: the verdict (status and title), the findings (each
 * check's status and label), the buttons offered (their action ids), with people's and requests' ids taken out.
 */
export function domainResult(card: Card): Record<string, unknown> {
  const plain = (s: string) =>
    s
      .replace(/\bap-[A-Za-z0-9_-]{12}\b/g, '<approval>')
      .replace(/\b(U0[A-Z0-9]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g, '<person>');
  return {
    status: card.status,
    title: plain(card.title),
    findings: (card.sections ?? []).flatMap((s) => (s.checks ?? []).map((c) => `${c.status} ${plain(c.label)}`)),
    buttons: (card.buttons ?? []).map((b) => b.actionId),
  };
}
