/**
 * Teams: ack latency and time-to-card of a `help` message, next to a bare botbuilder CloudAdapter bot that replies at
 * once, in the same run; then the resident memory of the all-in-one process with Slack and Teams both on, idle.
 *
 *   npx tsx bench/teams.ts [--requests 500] [--concurrency 50]
 *
 * Both bots get the same signed Teams messages (one conversation per message, so Teams' per-thread rate does not
 * apply) from the same client, through the same fake Bot Framework, and authenticate them the same way:
 * - byoc-bot (role all): authenticate, de-dup, route, reply "working on it", enqueue; a worker builds the help card,
 *   the outbox delivers it with `updateActivity`. Time-to-card ends when that PUT reaches the fake connector.
 * - bare CloudAdapter: authenticate, then `sendActivity` of the same rendered help card inside the turn. Time-to-card
 *   ends when that POST reaches the fake connector.
 * Ack latency is measured by the client, from sending the request to receiving the HTTP answer.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import helpCommand from '../commands/help.js';
import { helpCard } from '../jobs/help.js';
import { everyoneIsAViewer } from '../src/auth/roles.js';
import { startBot } from '../src/bot.js';
import { renderAdaptiveCard } from '../src/chat/teams/adaptive-card.js';
import { createCloudAdapter } from '../src/chat/teams/cloud-adapter.js';
import { loadConfig } from '../src/config.js';
import { listen } from '../src/listen.js';
import { createLogger } from '../src/log.js';
import { PROJECT_ROOT } from '../src/router/discover.js';
import { startSandbox } from '../src/sandbox/sandbox.js';
import { FakeSlack } from '../src/sandbox/slack/fake-slack.js';
import { messageActivity, sendToBot } from '../src/sandbox/teams/activities.js';
import { type ConnectorCall, FakeBotFramework } from '../src/sandbox/teams/fake-bot-framework.js';
import { deleteKeys } from '../test/foundation/harness.js';
import { arrivals, type LatencyRun, measure, printComparison, type Sample } from './latency.js';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '500' }, concurrency: { type: 'string', default: '50' } },
});
const RUN: LatencyRun = { warmup: 100, requests: Number(values.requests), concurrency: Number(values.concurrency) };
const APP_ID = '7e1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const PASSWORD = 'bench-teams-secret';

/** Resolves, per conversation, when the card's call (`method`) reaches the fake connector. */
function waiter(fake: FakeBotFramework, method: ConnectorCall['method']) {
  const book = arrivals<string>();
  const stop = fake.subscribe((call) => {
    if (call.method === method) book.record(call.conversationId, call.t);
  });
  return { stop, arrived: book.arrived };
}

/** Message `i`: a signed "help" in a conversation of its own; its sample once its card reaches the connector. */
async function helpMessage(
  endpoint: string,
  fake: FakeBotFramework,
  run: string,
  arrived: (conversationId: string) => Promise<number>,
) {
  const token = await fake.channelToken(APP_ID);
  return async (i: number): Promise<Sample> => {
    const conversationId = `a:bench-${run}-${i}`;
    const card = arrived(conversationId);
    const activity = messageActivity({
      text: 'help',
      serviceUrl: fake.serviceUrl,
      botId: APP_ID,
      userAadId: `aad-bench-${i}`,
      conversationId,
    });
    const sent = performance.now();
    const res = await sendToBot(endpoint, activity, token);
    const acked = performance.now();
    if (res.status !== 200) throw new Error(`message ${i}: HTTP ${res.status}`);
    return { ack: acked - sent, card: (await card) - sent };
  };
}

function teamsEnv(fake: FakeBotFramework): Record<string, string> {
  return {
    TEAMS_APP_ID: APP_ID,
    TEAMS_APP_PASSWORD: PASSWORD,
    TEAMS_OPENID_METADATA_URL: fake.openIdMetadataUrl,
    TEAMS_LOGIN_URL: fake.loginUrl(),
  };
}

async function benchBare(fake: FakeBotFramework): Promise<Sample[]> {
  const config = loadConfig({ ...teamsEnv(fake), LOG_LEVEL: 'silent' }, { requireSlack: false });
  const adapter = createCloudAdapter(config.teams!);
  const card = renderAdaptiveCard(
    helpCard({ commands: [helpCommand], role: 'viewer', access: everyoneIsAViewer.describe(), text: 'help' }),
  );
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const activity = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      adapter
        .authenticateAndRun(String(req.headers.authorization ?? ''), activity, async (ctx) => {
          await ctx.sendActivity({
            type: 'message',
            attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
          });
        })
        .then(
          () => {
            res.writeHead(200);
            res.end();
          },
          () => {
            res.writeHead(401);
            res.end();
          },
        );
    });
  });
  const endpoint = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}/api/messages`;
  const w = waiter(fake, 'POST');
  try {
    return await measure(RUN, await helpMessage(endpoint, fake, 'bare', w.arrived));
  } finally {
    w.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function benchByocBot(fake: FakeBotFramework, slack: FakeSlack): Promise<Sample[]> {
  const prefix = `bench-${randomUUID()}`;
  const config = loadConfig({
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    SLACK_BOT_TOKEN: 'xoxb-bench-token',
    SLACK_API_URL: slack.apiUrl,
    ...teamsEnv(fake),
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  });
  const bot = await startBot({ config, port: 0, log: createLogger({ level: 'warn' }) });
  const w = waiter(fake, 'PUT');
  try {
    return await measure(RUN, await helpMessage(`${bot.url}/api/messages`, fake, 'byoc', w.arrived));
  } finally {
    w.stop();
    await bot.stop(5000);
    await deleteKeys(config.redisUrl, prefix);
  }
}

/** RSS (MB) of `npm start` serving Slack and Teams (fakes outside it), after it has been idle for a few seconds. */
async function idleRss(fake: FakeBotFramework, slack: FakeSlack): Promise<number> {
  const vendors = await startSandbox({ scenario: 'default' });
  const prefix = `bench-rss-${randomUUID()}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      ...vendors.env,
      SLACK_SIGNING_SECRET: 'bench-signing-secret',
      SLACK_BOT_TOKEN: 'xoxb-bench-token',
      SLACK_API_URL: slack.apiUrl,
      ...teamsEnv(fake),
      PORT: '0',
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the bot did not start within 60 s')), 60_000);
      child.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('byoc-bot started')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`the bot exited (${code})`)));
    });
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const { readFileSync } = await import('node:fs');
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await vendors.close();
    await deleteKeys('redis://127.0.0.1:6379', prefix);
  }
}

async function main() {
  const fake = await FakeBotFramework.start({ apps: { [APP_ID]: PASSWORD } });
  const slack = await FakeSlack.start({ token: 'xoxb-bench-token' });
  try {
    const bare = await benchBare(fake);
    fake.reset();
    const ours = await benchByocBot(fake, slack);
    fake.reset();
    printComparison(
      `Teams "help": ${RUN.requests} signed messages, ${RUN.concurrency} at a time`,
      { label: 'bare CloudAdapter (reply)', samples: bare },
      { label: 'byoc-bot (queue)', samples: ours },
      `after ${RUN.warmup} warm-up messages each; the fake Bot Framework, both bots and the client share this machine`,
    );
    const rss = await idleRss(fake, slack);
    console.log(
      `\nall-in-one process (npm start, Slack and Teams on), idle: RSS ${rss.toFixed(0)} MB (goal <= 250 MB)`,
    );
  } finally {
    await fake.close();
    await slack.close();
  }
}

await main();
