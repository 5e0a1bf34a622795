/**
 * The trunk watch, against the sandbox's fake Genesys (with its notification WebSocket), fake Twilio, fake Slack
 * and a real Redis:
 *
 *   npx tsx bench/watch-alerts.ts [--runs 10] [--hold 2] [--poll-runs 4] [--poll-interval 10] [--idle 60]
 *
 * 1. Fault to alert, push: a disconnection fault set on the fake (`setFaults`) to the incident message reaching
 *    the fake Slack, with ALERT_HOLD_SECONDS = `--hold` and the poll ten minutes away (so push carries it). Each run
 *    also waits for the recovery, so every run is a new incident. Goal: p99 under 5 s with the hold at 2 s.
 * 2. Fault to alert, polling only: the same with the notification sockets refused (`notificationsDown`), the poll
 *    every `--poll-interval` seconds. Expect about hold + half the interval on average, hold + interval at worst.
 * 3. Genesys requests while idle with push healthy, counted on the fake: (a) over `--idle` seconds of a quiet org
 *    (heartbeats only), (b) per safety poll. Requests per hour = (a) scaled to an hour + 6 safety polls (the
 *    default WATCH_SAFETY_POLL_MINUTES = 10) + one resubscription a day. Goal: at most 100.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type RunningBot, startBot } from '../src/bot.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { type Sandbox, startSandbox } from '../src/sandbox/sandbox.js';
import { FakeSlack } from '../src/sandbox/slack/fake-slack.js';
import { deleteKeys } from '../test/foundation/harness.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    hold: { type: 'string', default: '2' },
    'poll-runs': { type: 'string', default: '4' },
    'poll-interval': { type: 'string', default: '10' },
    idle: { type: 'string', default: '60' },
  },
});
const RUNS = Number(values.runs);
const HOLD = Number(values.hold);
const POLL_RUNS = Number(values['poll-runs']);
const POLL_INTERVAL = Number(values['poll-interval']);
const IDLE_SECONDS = Number(values.idle);
const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench-token';
const CHANNEL = 'C0BENCHONCALL';
const EDGE = 'virtual-edge-i-0a1b2c3d4e5f60002';

interface Setup {
  sandbox: Sandbox;
  slack: FakeSlack;
  bot: RunningBot;
  prefix: string;
}

async function setUp(env: Record<string, string>): Promise<Setup> {
  const sandbox = await startSandbox({ scenario: 'default' });
  const slack = await FakeSlack.start({ token: TOKEN });
  const prefix = `bench-watch-${randomUUID()}`;
  const config = loadConfig({
    ...sandbox.env,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_URL: slack.apiUrl,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    ALERT_CHANNEL: CHANNEL,
    ALERT_HOLD_SECONDS: String(HOLD),
    WATCH_SAFETY_POLL_MINUTES: '10',
    ...env,
  });
  const bot = await startBot({ config, role: 'all', log: createLogger({ level: 'error' }), port: 0 });
  return { sandbox, slack, bot, prefix };
}

async function tearDown(s: Setup): Promise<void> {
  await s.bot.stop(2000);
  await s.slack.close();
  await s.sandbox.close();
  await deleteKeys('redis://127.0.0.1:6379', s.prefix);
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const incidentMessages = (slack: FakeSlack) =>
  [...slack.messages.values()].filter((m) => m.channel === CHANNEL && m.threadTs === undefined);

/** One fault -> alert -> recovery cycle; returns the fault-to-alert time. */
async function cycle(s: Setup, timeoutMs: number): Promise<number> {
  const before = incidentMessages(s.slack).length;
  const at = performance.now();
  s.sandbox.genesys.setFaults({
    disconnected: [{ trunkBase: 'Twilio', edge: EDGE, errorInfo: { text: 'OPTIONS timed out', code: '408' } }],
  });
  await until(() => incidentMessages(s.slack).length > before, timeoutMs);
  const ms = performance.now() - at;
  s.sandbox.genesys.setFaults({ disconnected: [] });
  await until(async () => (await s.bot.services.watch.store.openIncidents()).length === 0, timeoutMs);
  return ms;
}

function summary(label: string, ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const pct = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return `${label}: n=${sorted.length} p50=${(pct(50) / 1000).toFixed(2)} s p99=${(pct(99) / 1000).toFixed(2)} s mean=${(mean / 1000).toFixed(2)} s max=${(sorted.at(-1)! / 1000).toFixed(2)} s`;
}

async function pushMode(s: Setup): Promise<void> {
  await until(
    async () => (await s.bot.services.watch.store.status())?.mode === 'push' && (s.bot.watcher?.pushHealthy ?? false),
    30_000,
  );
}

async function main() {
  // 1. Push.
  const push = await setUp({});
  try {
    await pushMode(push);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await cycle(push, 60_000));
    console.log(summary(`fault -> alert, push (hold ${HOLD} s)`, times));
    const p99 = [...times].sort((a, b) => a - b)[Math.max(0, Math.ceil(0.99 * times.length) - 1)]!;
    console.log(`  goal p99 < 5 s: ${p99 < 5000 ? 'met' : 'NOT met'}`);

    // 3. Idle requests with push healthy, on the same bot.
    await pushMode(push);
    push.sandbox.genesys.resetRequests();
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const idle = push.sandbox.genesys.requests.length;
    push.sandbox.genesys.resetRequests();
    await push.bot.services.watch.poll();
    const perPoll = push.sandbox.genesys.requests.length;
    const perHour = (idle * 3600) / IDLE_SECONDS + 6 * perPoll + 1 / 24;
    console.log(
      `Genesys requests idle with push healthy: ${idle} in ${IDLE_SECONDS} s, ${perPoll} per safety poll ` +
        `-> ${perHour.toFixed(1)} per hour (goal <= 100: ${perHour <= 100 ? 'met' : 'NOT met'})`,
    );
  } finally {
    await tearDown(push);
  }

  // 2. Polling only.
  const polling = await setUp({ WATCH_INTERVAL_SECONDS: String(POLL_INTERVAL) });
  try {
    polling.sandbox.genesys.setFaults({ notificationsDown: true });
    await until(async () => (await polling.bot.services.watch.store.status())?.lastPollAt !== undefined, 60_000);
    const times: number[] = [];
    for (let i = 0; i < POLL_RUNS; i++) times.push(await cycle(polling, (POLL_INTERVAL + HOLD) * 4000));
    console.log(summary(`fault -> alert, polling only (every ${POLL_INTERVAL} s, hold ${HOLD} s)`, times));
  } finally {
    await tearDown(polling);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
