/**
 * `/byoc status` under vendor latency: signed Slack slash commands to the bot (web + workers, real Redis) reading
 * the sandbox's fake Genesys Cloud and Twilio, with `latencyMs` added to EVERY vendor request.
 *
 *   npx tsx bench/status.ts [--runs 15] [--latency 50]
 *
 * 1. Time-to-card: from sending `/byoc status --fresh` (so every run gathers a new snapshot) to the card's
 *    `chat.update` reaching the fake Slack, one run at a time. Goal p50 < 4x the latency: the snapshot's reads run
 *    in parallel, not one after another (a snapshot is ~23 requests; in series that would be > 1 s).
 *    Runs are few on purpose: each fresh snapshot is ~13 Genesys requests and the bot keeps to the org's 300
 *    requests a minute (its shared rate limiter), so ~20 snapshots a minute is the budget; more runs would measure
 *    the limiter's waits instead of the gathering.
 * 2. Vendor calls: one `/byoc status` on an empty cache, then 20 at the same time on an empty cache, counted on the
 *    fakes. Goal: the 20 cost under 1.5x the one (they share one gathering).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startBot } from '../src/bot.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { startSandbox } from '../src/sandbox/sandbox.js';
import { FakeSlack, sendToSlackApp, slashCommandBody } from '../src/sandbox/slack/fake-slack.js';
import { deleteKeys } from '../test/foundation/harness.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, latency: { type: 'string', default: '50' } },
});
const RUNS = Number(values.runs);
const LATENCY_MS = Number(values.latency);
const WARMUP = 2;
const CONCURRENT = 20;
const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench-token';

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

async function main() {
  const sandbox = await startSandbox({ scenario: 'default' });
  const slack = await FakeSlack.start({ token: TOKEN });
  const prefix = `bench-${randomUUID()}`;
  const config = loadConfig({
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL: process.env.REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    WORKER_CONCURRENCY: String(CONCURRENT),
    ...sandbox.env,
  });
  const bot = await startBot({ config, port: 0, log: createLogger({ level: 'warn' }) });
  const eventsUrl = `${bot.url}/slack/events`;

  // The working message names its asker (<@UB7>); its ts ties the later chat.update (the card) to that request.
  const tsToAsker = new Map<string, string>();
  const pending = new Map<string, (t: number) => void>();
  const stop = slack.subscribe((e) => {
    if (e.kind !== 'call') return;
    if (e.call.method === 'chat.postMessage' && e.call.result?.ts) {
      const asker = /<@(UB[0-9A-Z]+)>/.exec(String(e.call.params.text))?.[1];
      if (asker) tsToAsker.set(String(e.call.result.ts), asker);
    } else if (e.call.method === 'chat.update') {
      const asker = tsToAsker.get(String(e.call.params.ts));
      if (asker) pending.get(asker)?.(e.t);
    }
  });

  let n = 0;
  /** Sends `/byoc <text>` and resolves with the milliseconds until its card arrived. */
  async function timeToCard(text: string): Promise<number> {
    const asker = `UB${n++}`;
    const arrived = new Promise<number>((resolve) => pending.set(asker, resolve));
    const body = slashCommandBody({ text, userId: asker, responseUrl: slack.responseUrl(`bench-${asker}`) });
    const sent = performance.now();
    const res = await sendToSlackApp(eventsUrl, body, { secret: SECRET });
    if (res.status !== 200) throw new Error(`/byoc ${text}: HTTP ${res.status}`);
    return (await arrived) - sent;
  }
  const requests = () => sandbox.genesys.requests.length + sandbox.twilio.requests.length;
  const resetRequests = () => {
    sandbox.genesys.resetRequests();
    sandbox.twilio.resetRequests();
  };

  try {
    sandbox.genesys.setFaults({ latencyMs: LATENCY_MS });
    sandbox.twilio.setFaults({ latencyMs: LATENCY_MS });
    for (let i = 0; i < WARMUP; i++) await timeToCard('status --fresh');

    resetRequests();
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await timeToCard('status --fresh'));
    const perSnapshot = requests() / RUNS;
    samples.sort((a, b) => a - b);
    const p50 = percentile(samples, 50);
    const p99 = percentile(samples, 99);

    await bot.services.snapshots.invalidate();
    resetRequests();
    await timeToCard('status');
    const one = requests();

    await bot.services.snapshots.invalidate();
    resetRequests();
    const concurrent = await Promise.all(Array.from({ length: CONCURRENT }, () => timeToCard('status')));
    const twenty = requests();
    concurrent.sort((a, b) => a - b);

    console.log(
      `\n/byoc status with ${LATENCY_MS} ms added to every vendor request (${RUNS} runs, fresh snapshot each)`,
    );
    console.log(
      `  time-to-card p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms; ${perSnapshot.toFixed(1)} vendor requests per snapshot (${(perSnapshot * LATENCY_MS).toFixed(0)} ms if they ran one after another)`,
    );
    console.log(
      `  p50 = ${(p50 / LATENCY_MS).toFixed(1)}x the latency (goal < 4x, i.e. < ${4 * LATENCY_MS} ms: ${p50 < 4 * LATENCY_MS ? 'met' : 'NOT met'})`,
    );
    console.log(
      `\nvendor calls on an empty cache: 1 x /byoc status = ${one}, ${CONCURRENT} at once = ${twenty} (${(twenty / one).toFixed(2)}x, goal < 1.5x: ${twenty / one < 1.5 ? 'met' : 'NOT met'})`,
    );
    console.log(
      `  the ${CONCURRENT} concurrent cards arrived in p50 ${percentile(concurrent, 50).toFixed(0)} ms, max ${concurrent.at(-1)!.toFixed(0)} ms`,
    );
  } finally {
    stop();
    await bot.stop(5000);
    await slack.close();
    await sandbox.close();
    await deleteKeys(config.redisUrl, prefix);
  }
}

await main();
