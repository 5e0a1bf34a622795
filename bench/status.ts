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
import { parseArgs } from 'node:util';
import { startSandbox } from '../src/sandbox/sandbox.js';
import { percentile, startSlackBench } from './slack-bench.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '15' }, latency: { type: 'string', default: '50' } },
});
const RUNS = Number(values.runs);
const LATENCY_MS = Number(values.latency);
const WARMUP = 2;
const CONCURRENT = 20;

async function main() {
  const sandbox = await startSandbox({ scenario: 'default' });
  const { bot, timeToCard, close } = await startSlackBench(sandbox, {
    env: { WORKER_CONCURRENCY: String(CONCURRENT) },
  });
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
    await close();
    await sandbox.close();
  }
}

await main();
