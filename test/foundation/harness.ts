/**
 * Starts what a person's Slack would talk to: a fake Slack, and the bot (web + workers) on a random port with a real
 * Redis, its own key prefix and queue, pointed at the fake. `close()` removes every key the test wrote.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { type RunningBot, type StartBotOptions, startBot } from '../../src/bot.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/log.js';
import {
  blockActionsBody,
  FakeSlack,
  type FakeSlackUser,
  type SendOptions,
  sendToSlackApp,
  slashCommandBody,
  TEST_CHANNEL_ID,
} from '../../src/sandbox/slack/fake-slack.js';
import { REDIS_URL } from '../redis-url.js';
import { useStarted } from '../support/use-started.js';

export const SIGNING_SECRET = 'test-signing-secret-0f3c9a';
export const BOT_TOKEN = 'xoxb-test-token-7781';

export interface Harness {
  slack: FakeSlack;
  bot: RunningBot;
  config: Config;
  eventsUrl: string;
  logLines: string[];
  /** Sends `/byoc <text>` signed with the bot's secret; returns the bot's HTTP answer and the response_url id. */
  slash(text: string, options?: Partial<SendOptions> & { triggerId?: string; userId?: string }): Promise<SlashResult>;
  /** Presses a button on the message at `messageTs`, as `userId` (default the sandbox user). */
  click(init: { actionId: string; value: string; messageTs: string; userId?: string }): Promise<SlashResult>;
  /** The card that replaced the working message of a slash command. */
  cardFor(result: SlashResult, updates?: number): Promise<{ text?: string; blocks?: unknown[]; ts: string }>;
  /** The answer once it says `words` (notes such as "retrying" may come before it). */
  cardSaying(result: SlashResult, words: string): Promise<{ text?: string; blocks?: unknown[]; ts: string }>;
  close(): Promise<void>;
}

export interface SlashResult {
  status: number;
  body: string;
  responseId: string;
  sentAt: number;
}

/** A harness for the file or describe block it is declared in: started before its tests, closed after them. */
export function useHarness(options: Parameters<typeof startHarness>[0] = {}): Harness {
  return useStarted(
    () => startHarness(options),
    (h) => h.close(),
  );
}

export async function startHarness(
  options: {
    env?: Record<string, string>;
    bot?: Partial<StartBotOptions>;
    /** Profiles the fake Slack's `users.info` answers with (user id -> name, email). */
    slackUsers?: Record<string, FakeSlackUser>;
  } = {},
): Promise<Harness> {
  const slack = await FakeSlack.start({ token: BOT_TOKEN, users: options.slackUsers });
  const prefix = `test-${randomUUID()}`;
  const config = loadConfig({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'info',
    JOB_ATTEMPTS: '3',
    SHUTDOWN_GRACE_SECONDS: '5',
    ...options.env,
  });
  const logLines: string[] = [];
  const log: Logger = createLogger({ level: 'info', destination: { write: (line: string) => logLines.push(line) } });
  // The approval sweeper is off unless a test asks for it (its scheduled job would count as a job started).
  const bot = await startBot({ config, log, port: 0, backoffBaseMs: 50, approvalSweepMs: 0, ...options.bot });
  const eventsUrl = `${bot.url}/slack/events`;

  const workingTs = async (result: SlashResult) => {
    const posted = await slack.waitFor('the working message', () =>
      slack
        .callsTo('chat.postMessage')
        .find((c) => c.at >= result.sentAt && c.params.channel === TEST_CHANNEL_ID && c.result?.ts),
    );
    return String(posted.result?.ts);
  };

  const harness: Harness = {
    slack,
    bot,
    config,
    eventsUrl,
    logLines,
    async slash(text, opts = {}) {
      const responseId = randomUUID();
      const body = slashCommandBody({
        text,
        triggerId: opts.triggerId,
        userId: opts.userId,
        responseUrl: slack.responseUrl(responseId),
      });
      const sentAt = Date.now();
      const res = await sendToSlackApp(eventsUrl, body, { secret: SIGNING_SECRET, ...opts });
      return { status: res.status, body: res.body, responseId, sentAt };
    },
    async click(init) {
      const responseId = randomUUID();
      const body = blockActionsBody({ ...init, responseUrl: slack.responseUrl(responseId) });
      const sentAt = Date.now();
      const res = await sendToSlackApp(eventsUrl, body, { secret: SIGNING_SECRET });
      return { status: res.status, body: res.body, responseId, sentAt };
    },
    async cardFor(result, updates = 1) {
      const ts = await workingTs(result);
      const message = await slack.waitForUpdate(TEST_CHANNEL_ID, ts, updates);
      return { text: message.text, blocks: message.blocks, ts };
    },
    async cardSaying(result, words) {
      const ts = await workingTs(result);
      const message = await slack.waitFor(`the answer saying "${words}"`, () => {
        const m = slack.message(TEST_CHANNEL_ID, ts);
        return m && m.updates > 0 && readable(m).includes(words) ? m : undefined;
      });
      return { text: message.text, blocks: message.blocks, ts };
    },
    async close() {
      await bot.stop(2000);
      await slack.close();
      await deleteKeys(config.redisUrl, prefix);
    },
  };
  return harness;
}

export async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

/** Every text in a Block Kit message, joined: what a person would read. */
export function readable(message: { text?: string; blocks?: unknown[] }): string {
  return JSON.stringify(message.blocks ?? []) + (message.text ?? '');
}
