/**
 * What the Slack benches share: the bot (web + workers, real Redis) behind a fake Slack on the sandbox's fake
 * vendors, and a way to send signed `/byoc` commands and see when each one's message changes.
 *
 * Each command is sent as its own asker (`UB0`, `UB1`, ...): the "working on it" message names the asker, and its
 * `ts` ties the later `chat.update`s (the card) to that command.
 */
import { randomUUID } from 'node:crypto';
import { type RunningBot, startBot } from '../src/bot.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import type { Sandbox } from '../src/sandbox/sandbox.js';
import { FakeSlack, sendToSlackApp, slashCommandBody } from '../src/sandbox/slack/fake-slack.js';
import { deleteKeys } from '../test/foundation/harness.js';

export { percentile } from './latency.js';

const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench-token';

/** One command sent, and what happened to its message (times from `performance.now()`). */
export interface Sent {
  text: string;
  sentAt: number;
  /** When the bot's HTTP answer (the ack) came back. */
  ackedAt: number;
  /** Every update of its message, in order: when, and the update's parameters as JSON. */
  updates: { at: number; params: string }[];
  /** Resolves with the first update (the card, or a note that came before it). */
  firstUpdate: Promise<number>;
}

export interface SlackBench {
  bot: RunningBot;
  slack: FakeSlack;
  /** Sends `/byoc <text>` signed, as a new asker. */
  send(text: string): Promise<Sent>;
  /** Sends `/byoc <text>` and resolves with the milliseconds until its message first changed (its card). */
  timeToCard(text: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts the bot against the sandbox's vendors (none: commands that need no vendor only) and a fake Slack of its
 * own, or the one given, which the bench then leaves open.
 */
export async function startSlackBench(
  sandbox: Sandbox | undefined,
  options: { env?: Record<string, string>; logLevel?: string; slack?: FakeSlack } = {},
): Promise<SlackBench> {
  const slack = options.slack ?? (await FakeSlack.start({ token: TOKEN }));
  const prefix = `bench-${randomUUID()}`;
  const config = loadConfig({
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL: process.env.REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    ...sandbox?.env,
    ...options.env,
  });
  const bot = await startBot({ config, port: 0, log: createLogger({ level: options.logLevel ?? 'warn' }) });
  const eventsUrl = `${bot.url}/slack/events`;

  const byAsker = new Map<string, Sent & { arrived: (t: number) => void }>();
  const tsToAsker = new Map<string, string>();
  const stop = slack.subscribe((e) => {
    if (e.kind !== 'call') return;
    if (e.call.method === 'chat.postMessage' && e.call.result?.ts) {
      const asker = /<@(UB[0-9A-Z]+)>/.exec(String(e.call.params.text))?.[1];
      if (asker) tsToAsker.set(String(e.call.result.ts), asker);
    } else if (e.call.method === 'chat.update') {
      const sent = byAsker.get(tsToAsker.get(String(e.call.params.ts)) ?? '');
      if (!sent) return;
      sent.updates.push({ at: e.t, params: JSON.stringify(e.call.params) });
      sent.arrived(e.t);
    }
  });

  let n = 0;
  async function send(text: string): Promise<Sent> {
    const asker = `UB${n++}`;
    let arrived: (t: number) => void = () => {};
    const firstUpdate = new Promise<number>((resolve) => {
      arrived = resolve;
    });
    const sent = { text, sentAt: performance.now(), ackedAt: 0, updates: [], firstUpdate, arrived };
    byAsker.set(asker, sent);
    const body = slashCommandBody({ text, userId: asker, responseUrl: slack.responseUrl(`bench-${asker}`) });
    const res = await sendToSlackApp(eventsUrl, body, { secret: SECRET });
    sent.ackedAt = performance.now();
    if (res.status !== 200) throw new Error(`/byoc ${text}: HTTP ${res.status}`);
    return sent;
  }

  return {
    bot,
    slack,
    send,
    async timeToCard(text) {
      const sent = await send(text);
      return (await sent.firstUpdate) - sent.sentAt;
    },
    async close() {
      stop();
      await bot.stop(5000);
      if (!options.slack) await slack.close();
      await deleteKeys(config.redisUrl, prefix);
    },
  };
}
