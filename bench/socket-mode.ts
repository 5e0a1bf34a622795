/**
 * Socket Mode: how fast the bot acks an envelope and answers, over the fake Slack's socket, and how long it takes
 * to answer again after the socket drops.
 *
 *   npx tsx bench/socket-mode.ts [--requests 200] [--concurrency 10]
 *
 * Each request is a `slash_commands` envelope for `/byoc help` (no vendor call). Ack latency is measured by the fake
 * Slack, from sending the envelope to receiving its ack; time-to-card ends when the `chat.update` with the card
 * reaches the fake Slack. The reconnect is timed from the server's drop to the first envelope acked on the new
 * socket (@slack/socket-mode waits its clientPingTimeout, 5 s by default, before it reconnects).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startBot } from '../src/bot.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { FakeSlack, slashCommandPayload, TEST_CHANNEL_ID } from '../src/sandbox/slack/fake-slack.js';
import { deleteKeys } from '../test/foundation/harness.js';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '10' } },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench-socket-${randomUUID()}`;
const APP_TOKEN = 'xapp-1-A0BENCH-1-bench';
const BOT_TOKEN = 'xoxb-bench';

const slack = await FakeSlack.start({ token: BOT_TOKEN, appToken: APP_TOKEN });
const config = loadConfig({
  SLACK_APP_TOKEN: APP_TOKEN,
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_API_URL: slack.apiUrl,
  REDIS_URL,
  QUEUE_PREFIX: prefix,
  LOG_LEVEL: 'silent',
});
const bot = await startBot({ config, log: createLogger({ level: 'silent' }), port: 0, approvalSweepMs: 0 });
const socket = slack.socketMode!;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const at = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;
const line = (name: string, xs: number[]) =>
  console.log(
    `  ${name.padEnd(16)} p50 ${at(xs, 50).toFixed(1)} ms  p95 ${at(xs, 95).toFixed(1)} ms  max ${Math.max(...xs).toFixed(1)} ms`,
  );

try {
  const acks: number[] = [];
  const cards: number[] = [];
  let next = 0;
  const one = async (n: number) => {
    // A user of its own per request: the working message names them, so each answer is found by its mention.
    const user = `U0BENCH${n}`;
    const t = performance.now();
    await socket.send('slash_commands', slashCommandPayload({ text: 'help', userId: user }));
    acks.push(performance.now() - t);
    await slack.waitFor(
      'the card',
      () => {
        const posted = slack
          .callsTo('chat.postMessage')
          .find((c) => String(c.params.text ?? '').includes(`<@${user}>`) && c.result?.ts);
        const message = posted && slack.message(TEST_CHANNEL_ID, String(posted.result?.ts));
        return message && message.updates > 0 ? true : undefined;
      },
      30_000,
    );
    cards.push(performance.now() - t);
  };
  const worker = async () => {
    while (next < REQUESTS) {
      next += 1;
      await one(next);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  console.log(`Socket Mode, ${REQUESTS} /byoc help envelopes, ${CONCURRENCY} at a time:`);
  line('ack', acks);
  line('time to card', cards);

  const made = socket.connectionsMade;
  const dropped = performance.now();
  socket.drop();
  await slack.waitFor('a new connection', () => (socket.connectionsMade > made ? true : undefined), 30_000);
  // Back means answering: the first envelope acked on the new socket.
  await socket.send('slash_commands', slashCommandPayload({ text: 'help', userId: 'U0BENCHBACK' }));
  console.log(`  answering again after a dropped socket: ${Math.round(performance.now() - dropped)} ms`);
} finally {
  await bot.stop(2000);
  await slack.close();
  await deleteKeys(REDIS_URL, prefix);
}
