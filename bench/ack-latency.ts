/**
 * Ack latency and time-to-card of `/byoc help`, next to a bare Bolt app, measured in the same run.
 *
 *   npx tsx bench/ack-latency.ts [--requests 500] [--concurrency 50]
 *
 * Both apps get the same signed slash commands from the same client, against the same fake Slack and real Redis:
 * - byoc-bot (role all): verify, de-dup, route, ack, post "working on it", enqueue; a worker builds the help card and
 *   `chat.update`s the working message. Time-to-card ends when that update reaches the fake Slack.
 * - bare Bolt: verify, ack at once, then `respond()` the same rendered help card through response_url. Time-to-card
 *   ends when that post reaches the fake Slack.
 * Ack latency is measured by the client, from sending the request to receiving the HTTP 200.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import helpCommand from '../commands/help.js';
import { helpCard } from '../jobs/help.js';
import { everyoneIsAViewer } from '../src/auth/roles.js';
import { startBot } from '../src/bot.js';
import { renderBlockKit } from '../src/chat/slack/blockkit.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { FakeSlack, sendToSlackApp, slashCommandBody } from '../src/sandbox/slack/fake-slack.js';
import { deleteKeys } from '../test/foundation/harness.js';
import { type Sample, summary } from './latency.js';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '500' }, concurrency: { type: 'string', default: '50' } },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
/** Requests sent to each app before measuring, so module loading and JIT do not land in the samples. */
const WARMUP = 100;
const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench-token';

/** Sends REQUESTS signed commands, CONCURRENCY at a time; `cardArrived(i)` resolves with the time the card landed. */
async function drive(
  eventsUrl: string,
  slack: FakeSlack,
  cardArrived: (i: number) => Promise<number>,
  range: { from: number; count: number },
): Promise<Sample[]> {
  const samples: Sample[] = [];
  let next = range.from;
  const end = range.from + range.count;
  async function lane() {
    while (next < end) {
      const i = next++;
      const arrived = cardArrived(i);
      const body = slashCommandBody({ text: 'help', userId: `UB${i}`, responseUrl: slack.responseUrl(`bench-${i}`) });
      const sent = performance.now();
      const res = await sendToSlackApp(eventsUrl, body, { secret: SECRET });
      const acked = performance.now();
      if (res.status !== 200) throw new Error(`request ${i}: HTTP ${res.status}`);
      samples.push({ ack: acked - sent, card: (await arrived) - sent });
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return samples;
}

/** Resolves, per request index, when the matching event reaches the fake Slack. */
function waiter(
  slack: FakeSlack,
  match: (event: Parameters<Parameters<FakeSlack['subscribe']>[0]>[0]) => number | undefined,
) {
  const pending = new Map<number, (t: number) => void>();
  const early = new Map<number, number>();
  const stop = slack.subscribe((event) => {
    const i = match(event);
    if (i === undefined) return;
    const resolve = pending.get(i);
    if (resolve) resolve(event.t);
    else early.set(i, event.t);
  });
  return {
    stop,
    arrived: (i: number) =>
      new Promise<number>((resolve) => {
        const t = early.get(i);
        if (t !== undefined) resolve(t);
        else pending.set(i, resolve);
      }),
  };
}

async function benchBareBolt(slack: FakeSlack): Promise<Sample[]> {
  const receiver = new HTTPReceiver({ signingSecret: SECRET, processBeforeResponse: false, logLevel: LogLevel.ERROR });
  const app = new App({
    receiver,
    token: TOKEN,
    clientOptions: { slackApiUrl: slack.apiUrl },
    logLevel: LogLevel.ERROR,
  });
  const card = renderBlockKit(
    helpCard({ commands: [helpCommand], role: 'viewer', access: everyoneIsAViewer.describe(), text: 'help' }),
  );
  app.command(/.*/, async ({ ack, respond }) => {
    await ack();
    await respond({ response_type: 'in_channel', ...card });
  });
  const server = (await app.start(0)) as import('node:http').Server;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const w = waiter(slack, (e) => (e.kind === 'response' ? Number(e.response.id.replace('bench-', '')) : undefined));
  try {
    const url = `http://127.0.0.1:${port}/slack/events`;
    await drive(url, slack, w.arrived, { from: 0, count: WARMUP });
    return await drive(url, slack, w.arrived, { from: WARMUP, count: REQUESTS });
  } finally {
    w.stop();
    await app.stop();
  }
}

async function benchByocBot(slack: FakeSlack): Promise<Sample[]> {
  const prefix = `bench-${randomUUID()}`;
  const config = loadConfig({
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL: process.env.REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  });
  const bot = await startBot({ config, port: 0, log: createLogger({ level: 'warn' }) });
  // The working message names the asker (<@UB42>); its ts ties the later chat.update to request 42.
  const tsToIndex = new Map<string, number>();
  const w = waiter(slack, (e) => {
    if (e.kind !== 'call') return undefined;
    if (e.call.method === 'chat.postMessage') {
      const i = /<@UB(\d+)>/.exec(String(e.call.params.text))?.[1];
      if (i !== undefined && e.call.result?.ts) tsToIndex.set(String(e.call.result.ts), Number(i));
      return undefined;
    }
    return e.call.method === 'chat.update' ? tsToIndex.get(String(e.call.params.ts)) : undefined;
  });
  try {
    const url = `${bot.url}/slack/events`;
    await drive(url, slack, w.arrived, { from: 0, count: WARMUP });
    return await drive(url, slack, w.arrived, { from: WARMUP, count: REQUESTS });
  } finally {
    w.stop();
    await bot.stop(5000);
    await deleteKeys(config.redisUrl, prefix);
  }
}

const fmt = (n: number) => `${n.toFixed(1).padStart(8)} ms`;

async function main() {
  const slack = await FakeSlack.start({ token: TOKEN });
  try {
    const bare = summary(await benchBareBolt(slack));
    slack.reset();
    const ours = summary(await benchByocBot(slack));
    console.log(`\n/byoc help: ${REQUESTS} signed requests, ${CONCURRENCY} at a time\n`);
    console.log(
      `${''.padEnd(22)}${'ack p50'.padStart(11)}${'ack p99'.padStart(11)}${'card p50'.padStart(11)}${'card p99'.padStart(11)}`,
    );
    console.log(
      `${'bare Bolt (respond)'.padEnd(22)}${fmt(bare.ackP50)}${fmt(bare.ackP99)}${fmt(bare.cardP50)}${fmt(bare.cardP99)}`,
    );
    console.log(
      `${'byoc-bot (queue)'.padEnd(22)}${fmt(ours.ackP50)}${fmt(ours.ackP99)}${fmt(ours.cardP50)}${fmt(ours.cardP99)}`,
    );
    const ackRatio = ours.ackP99 / bare.ackP99;
    const cardRatio = ours.cardP99 / bare.cardP99;
    console.log(`(after ${WARMUP} warm-up requests each; the fake Slack, both apps and the client share this machine)`);
    console.log(
      `\nack p99 ratio ${ackRatio.toFixed(2)}x (goal <= 1.5x), time-to-card p99 ratio ${cardRatio.toFixed(2)}x (goal <= 2x)`,
    );
  } finally {
    await slack.close();
  }
}

await main();
