/**
 * `npm run chaos`: the bot under faults, against the sandbox on a private Redis, one case after another, and a table
 * of what happened to every command: sent, answered exactly once (a card, or a "not taken" the person reads), lost
 * (no answer at all), duplicated (answered twice), the time to recover (from the end of the fault until every
 * command sent before it was answered), and the longest wait of a vendor-free command (`help`) during the case.
 *
 *   npm run chaos [-- --only redis-kill,forged]
 *
 * Figures, not a test: nothing here fails on a number; the table is what to read.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import type { RunningBot } from '../src/bot.js';
import { sendToSlackApp, slashCommandBody } from '../src/sandbox/slack/fake-slack.js';
import { gatheringLockMs, snapshotLockKey } from '../src/snapshot/shared-snapshot.js';
import {
  newPrefix,
  type Rig,
  SIGNING_SECRET,
  startInProcess,
  startRig,
  startWorkerProcess,
  type WorkerProcess,
} from './rig.js';
import { type Figures, sleep, Tracker, until } from './tracker.js';

interface Row {
  name: string;
  figures?: Figures;
  recoverMs?: number | null;
  notes: string;
}

/** A case's row from its traffic: what happened to the commands, and how long after `faultEnd` they were answered again. */
function trafficRow(name: string, tracker: Tracker, faultEnd: number, notes: string): Row {
  return { name, figures: tracker.figures(), recoverMs: tracker.recoveredAfter(faultEnd) ?? null, notes };
}

const HELP = { text: 'help', vendorFree: true };
const STATUS = { text: 'status', vendorFree: false };
const FRESH = { text: 'status --fresh', vendorFree: false };
/** Every sixth command is `help`: the vendor-free command whose wait the table reports. */
const mix =
  (vendor: { text: string; vendorFree: boolean }) =>
  (i: number): { text: string; vendorFree: boolean } =>
    i % 6 === 5 ? HELP : vendor;

/** Runs `body` with a bot in this process and a tracker; stops both. */
async function withBot(
  rig: Rig,
  name: string,
  role: 'all' | 'web',
  body: (bot: RunningBot, tracker: Tracker, env: Record<string, string>) => Promise<Row>,
  extraEnv: Record<string, string> = {},
): Promise<Row> {
  const env = rig.env(newPrefix(name), extraEnv);
  const bot = await startInProcess(rig, env, role);
  const tracker = new Tracker(rig.slack, `${bot.url}/slack/events`, SIGNING_SECRET);
  const started = Date.now();
  try {
    const row = await body(bot, tracker, env);
    reportDuplicates(tracker, started);
    return row;
  } finally {
    tracker.close();
    await bot.stop(5000);
  }
}

async function forged(rig: Rig): Promise<Row> {
  return withBot(rig, 'forged', 'all', async (bot) => {
    const url = `${bot.url}/slack/events`;
    let slackEvents = 0;
    const stop = rig.slack.subscribe(() => {
      slackEvents += 1;
    });
    const now = Math.floor(Date.now() / 1000);
    const valid = slashCommandBody({ text: 'help', userId: 'UFORGE', responseUrl: rig.slack.responseUrl('forge') });
    const kinds: (() => Promise<number>)[] = [
      () => send(url, valid, { signature: 'v0=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' }),
      () => send(url, valid, { signature: null }),
      // Well past Slack's five minutes either way, even at the end of the case.
      () => send(url, valid, { timestampSeconds: now + 330 }),
      () => send(url, valid, { timestampSeconds: now + 3600 }),
      () => send(url, valid, { timestampSeconds: now - 330 }),
      () => send(url, valid, { timestampSeconds: now + 10 * 365 * 86_400 }),
      () => send(url, 'null', { contentType: 'application/json' }),
      () => send(url, 'payload=null', {}),
      () => send(url, `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [] }))}`, {}),
      () => send(url, '\u0000\u00ff{{{', {}),
      () => send(url, `payload=${encodeURIComponent('{"type":')}`, {}),
      () => send(url, JSON.stringify({ type: 'event_callback', event: null }), { contentType: 'application/json' }),
    ];
    let accepted = 0;
    const statuses = new Map<number, number>();
    const SENT = 1000;
    for (let batch = 0; batch < SENT; batch += 50) {
      const results = await Promise.all(
        Array.from({ length: Math.min(50, SENT - batch) }, (_, j) => kinds[(batch + j) % kinds.length]!()),
      );
      for (const status of results) {
        if (status === 200) accepted += 1;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }
    await sleep(1000);
    stop();
    const alive = (await fetch(`${bot.url}/healthz`)).status === 200;
    // And a real command still works.
    const tracker = new Tracker(rig.slack, url, SIGNING_SECRET);
    await tracker.send('help', true);
    await tracker.settle(15_000, 0);
    const works = tracker.figures().once === 1;
    tracker.close();
    const byStatus = [...statuses].map(([s, n]) => `${n}x${s}`).join(' ');
    return {
      name: '1,000 forged / malformed / mis-dated',
      notes: `accepted ${accepted}, Slack calls ${slackEvents}, alive ${alive ? 'yes' : 'NO'}, next command ${works ? 'answered' : 'NOT answered'} (${byStatus})`,
    };
  });
}

async function send(
  url: string,
  body: string,
  options: { signature?: string | null; timestampSeconds?: number; contentType?: string },
): Promise<number> {
  try {
    return (await sendToSlackApp(url, body, { secret: SIGNING_SECRET, ...options })).status;
  } catch {
    return 0;
  }
}

async function redisKill(rig: Rig): Promise<Row> {
  return withBot(rig, 'redis-kill', 'all', async (_bot, tracker) => {
    let faultEnd = 0;
    await tracker.pace(200, 50, mix(STATUS), async (i) => {
      if (i === 60) await rig.redis.kill();
      if (i === 120) {
        await rig.redis.restart();
        faultEnd = Date.now();
      }
    });
    await tracker.settle(90_000);
    return trafficRow(
      'Redis killed, restarted 3 s later (200 commands)',
      tracker,
      faultEnd,
      'AOF fsync always; commands sent while down are refused at once',
    );
  });
}

async function redisFreeze(rig: Rig): Promise<Row> {
  return withBot(rig, 'redis-freeze', 'all', async (_bot, tracker) => {
    let frozenAt = 0;
    let faultEnd = 0;
    await tracker.pace(200, 125, mix(STATUS), (i) => {
      if (i === 16) {
        rig.redis.freeze();
        frozenAt = Date.now();
      }
      if (frozenAt && !faultEnd && Date.now() - frozenAt >= 20_000) {
        rig.redis.thaw();
        faultEnd = Date.now();
      }
    });
    if (!faultEnd) {
      await sleep(Math.max(0, frozenAt + 20_000 - Date.now()));
      rig.redis.thaw();
      faultEnd = Date.now();
    }
    await tracker.settle(90_000);
    return trafficRow(
      'Redis frozen (SIGSTOP) 20 s (200 commands)',
      tracker,
      faultEnd,
      'commands sent while frozen are refused within the ack',
    );
  });
}

/** What happened to each command answered twice, in seconds from the start of its case (stderr, beside the table). */
function reportDuplicates(tracker: Tracker, caseStart: number): void {
  tracker.figures();
  const at = (t: number) => `${((t - caseStart) / 1000).toFixed(1)}s`;
  for (const c of tracker.duplicates) {
    const refused = c.refusedAt ? `, refused ${at(c.refusedAt)}` : '';
    process.stderr.write(
      `\n  answered twice: "${c.text}" sent ${at(c.sentAt)}, cards ${c.cards.map(at).join(', ')}${refused}\n    ${c.cardTitles.join('\n    ')}\n`,
    );
  }
}

async function workers(rig: Rig, env: Record<string, string>, count: number): Promise<WorkerProcess[]> {
  const started = Array.from({ length: count }, () => startWorkerProcess(rig, env));
  await Promise.all(started.map((w) => w.started));
  return started;
}

async function stopAll(list: WorkerProcess[]): Promise<void> {
  for (const w of list) {
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
    await w.exited;
  }
}

/**
 * Two workers; `commands` commands paced (1 in 6 vendor-free), and worker A gets `signal` as command `at` goes out;
 * waits until everything is answered. Resolves with when A was signalled.
 */
async function signalOneOfTwoWorkers(
  rig: Rig,
  tracker: Tracker,
  env: Record<string, string>,
  plan: { commands: number; at: number; signal: NodeJS.Signals },
): Promise<number> {
  const [a, b] = await workers(rig, env, 2);
  let signalledAt = 0;
  try {
    await tracker.pace(plan.commands, 100, mix(FRESH), (i) => {
      if (i === plan.at) {
        a!.child.kill(plan.signal);
        signalledAt = Date.now();
      }
    });
    await tracker.settle(120_000);
  } finally {
    await stopAll([a!, b!]);
  }
  return signalledAt;
}

async function workerKill(rig: Rig): Promise<Row> {
  return withBot(rig, 'worker-kill', 'web', async (_bot, tracker, env) => {
    const killedAt = await signalOneOfTwoWorkers(rig, tracker, env, { commands: 120, at: 40, signal: 'SIGKILL' });
    if (process.env.CHAOS_DEBUG) {
      for (const c of tracker.commands.filter((x) => x.sentAt <= killedAt)) {
        const at = tracker.answeredAt(c);
        if (at !== undefined && at - killedAt > 6000)
          process.stderr.write(
            `\n  slow: "${c.text}" sent ${c.sentAt - killedAt} ms, answered +${at - killedAt} ms; notes: ${c.notes.map((n) => /(Rate limited|[A-Za-z ]+ is not answering)[^"]*/.exec(n)?.[0] ?? '').join(' / ')}`,
          );
      }
    }
    return trafficRow(
      'worker SIGKILLed, 2nd takes over (100 status --fresh)',
      tracker,
      killedAt,
      `WORKER_STALLED_SECONDS=${env.WORKER_STALLED_SECONDS}; 20 help among them; 100 fresh snapshots pass the 300 Genesys calls a minute, so a job taken over may wait for the next minute`,
    );
  });
}

/** Jobs worker A holds when it is killed in the takeover case: one worker's vendor-lane slots (WORKER_CONCURRENCY). */
const HELD = 10;

/**
 * The takeover alone, apart from the vendors' rate limits: worker A holds `HELD` `status --fresh` jobs when it is
 * SIGKILLed, worker B is up and idle, and for each job A left behind the case measures the time from the kill until B
 * starts it (BullMQ's `processedOn`, set again when a taken-over job starts) and until its card arrives. The goal: a
 * worker's death costs at most WORKER_STALLED_SECONDS plus one snapshot. "One snapshot" is measured on the same rig
 * first: a `status --fresh` on an idle worker, from the command to its card (its worker's first, so it logs in to
 * Genesys too, as B must).
 *
 * A process takes seconds to start here, and A's jobs must still be running when B is up: they wait for the
 * snapshot's gathering lock, which the case holds and renews as a gathering in progress on A would, and stops renewing
 * at the kill, so it lapses within its expiry as a killed gatherer's does. Slow vendors could not hold the jobs that
 * long: the clients' per-request timeouts would end the attempts first.
 */
async function workerTakeover(rig: Rig, stalledSeconds: number): Promise<Row> {
  return withBot(
    rig,
    `worker-takeover-${stalledSeconds}s`,
    'web',
    async (bot, tracker, env) => {
      const [a] = await workers(rig, env, 1);
      const running = [a!];
      const redis = new Redis(rig.redis.url);
      let renewing: NodeJS.Timeout | undefined;
      try {
        const baseline = await tracker.send(FRESH.text, false);
        await tracker.settle(60_000, 0);
        const baselineAt = tracker.answeredAt(baseline);
        if (baselineAt === undefined) throw new Error('the first status --fresh was not answered within 60 s');
        const snapshotMs = baselineAt - baseline.sentAt;

        const lockKey = snapshotLockKey(env.QUEUE_PREFIX!, bot.services.snapshots.orgKey);
        const token = `chaos-${randomUUID()}`;
        // The expiry and renewal of the bot's own gathering lock (src/redis-lock.ts).
        const lockMs = gatheringLockMs(Number(env.WORKER_STALLED_SECONDS) * 1000);
        const hold = () => redis.set(lockKey, token, 'PX', lockMs);
        await hold();
        renewing = setInterval(() => void hold().catch(() => undefined), lockMs / 3);
        const vendorLane = bot.queue.queue;
        await tracker.pace(HELD, 50, () => FRESH);
        await until(`worker A to run ${HELD} jobs`, async () => (await vendorLane.getActiveCount()) === HELD);
        const [b] = await workers(rig, env, 1);
        running.push(b!);
        const orphans = await vendorLane.getActive();
        if (orphans.length !== HELD) throw new Error(`worker A ran ${orphans.length} jobs when B was up, not ${HELD}`);

        // help all along the takeover: answered by B's local lane at once, or by A's if it had one when it died.
        const helps = tracker.pace(24, 250, () => HELP);
        await sleep(1000);
        a!.child.kill('SIGKILL');
        const killedAt = Date.now();
        clearInterval(renewing);
        await helps;
        await tracker.settle(60_000);

        const pickups: number[] = [];
        const answers: number[] = [];
        for (const orphan of orphans) {
          const job = await vendorLane.getJob(orphan.id!);
          const startedAt = job?.processedOn;
          if (startedAt !== undefined && startedAt > killedAt) pickups.push(startedAt - killedAt);
          const cmd = tracker.commands.find((c) => c.user === orphan.data.invocation.userId);
          const at = cmd && tracker.answeredAt(cmd);
          if (at !== undefined) answers.push(at - killedAt);
          if (process.env.CHAOS_DEBUG)
            process.stderr.write(
              `\n  ${orphan.id}: started again ${startedAt === undefined ? '-' : startedAt - killedAt} ms, answered ${at === undefined ? '-' : at - killedAt} ms after the kill (attempts started ${job?.attemptsStarted}, stalled ${job?.stalledCounter})`,
            );
        }
        const stalledMs = Number(env.WORKER_STALLED_SECONDS) * 1000;
        const goalMs = stalledMs + snapshotMs;
        const allAnswered = answers.length === orphans.length;
        const longest = Math.max(...answers);
        const span = (ms: number[]) => {
          if (ms.length === 0) return 'none';
          const [first, last] = [seconds(Math.min(...ms)), seconds(Math.max(...ms))];
          return first === last ? first : `${first} to ${last}`;
        };
        return {
          name: `worker SIGKILLed running ${HELD} status --fresh, 2nd takes over (WORKER_STALLED_SECONDS=${stalledSeconds})`,
          figures: tracker.figures(),
          recoverMs: allAnswered ? longest : null,
          notes:
            `${pickups.length} of ${orphans.length} taken over ${span(pickups)} after the kill, answered ${span(answers)}; ` +
            `goal ${seconds(stalledMs)} + one snapshot ${seconds(snapshotMs)} = ${seconds(goalMs)}: ` +
            (allAnswered && longest <= goalMs ? 'holds' : 'NOT met') +
            '; 24 help during the takeover',
        };
      } finally {
        clearInterval(renewing);
        redis.disconnect();
        await stopAll(running);
      }
    },
    // A's jobs wait for B to start (seconds on a loaded machine) without running out of time.
    { JOB_TIMEOUT_SECONDS: '60', WORKER_STALLED_SECONDS: String(stalledSeconds) },
  );
}

async function slack429(rig: Rig): Promise<Row> {
  return withBot(rig, 'slack-429', 'all', async (bot, tracker) => {
    rig.slack.failEvery('chat.update', 3, { status: 429, retryAfterSeconds: 1 });
    try {
      await tracker.pace(30, 200, (i) => ({ text: `trunk disable Twilio --reason "chaos ${i}"`, vendorFree: false }));
      await tracker.settle(90_000);
    } finally {
      rig.slack.failEvery('chat.update', undefined);
    }
    const services = bot.services;
    const pending = await services.approvals.listPending(services.snapshots.orgKey);
    const perRequester = new Map<string, number>();
    for (const a of pending) perRequester.set(a.requester.userId, (perRequester.get(a.requester.userId) ?? 0) + 1);
    const twice = [...perRequester.values()].filter((n) => n > 1).length;
    return {
      name: 'Slack 429 on 1 in 3 card updates (30 change requests)',
      figures: tracker.figures(),
      notes: `${pending.length} approvals for ${tracker.commands.length} requests, ${twice} requests with more than one`,
    };
  });
}

async function genesysFault(
  rig: Rig,
  key: string,
  name: string,
  faults: Parameters<Rig['sandbox']['genesys']['setFaults']>[0],
): Promise<Row> {
  return withBot(rig, key, 'all', async (_bot, tracker) => {
    const clear = { genesys429Burst: 0, genesys5xxRate: 0, genesysDown: false };
    rig.sandbox.genesys.setFaults(faults);
    const start = Date.now();
    let faultEnd = 0;
    try {
      await tracker.pace(60, 100, mix(FRESH));
      await sleep(Math.max(0, start + 10_000 - Date.now()));
    } finally {
      rig.sandbox.genesys.setFaults(clear);
      faultEnd = Date.now();
    }
    await tracker.settle(150_000);
    return trafficRow(`Genesys ${name}, 10 s (50 status --fresh)`, tracker, faultEnd, '10 help among them');
  });
}

/**
 * A rolling restart: the new worker is up, the old one gets SIGTERM in the middle of the traffic and finishes what it
 * runs within SHUTDOWN_GRACE_SECONDS. (With no second worker, what was queued waits for the next one to start.)
 */
async function sigterm(rig: Rig): Promise<Row> {
  return withBot(rig, 'sigterm', 'web', async (_bot, tracker, env) => {
    const termAt = await signalOneOfTwoWorkers(rig, tracker, env, { commands: 60, at: 20, signal: 'SIGTERM' });
    return trafficRow(
      'SIGTERM to 1 of 2 workers (50 status --fresh)',
      tracker,
      termAt,
      `SHUTDOWN_GRACE_SECONDS=${env.SHUTDOWN_GRACE_SECONDS}; 10 help among them`,
    );
  });
}

function secretsRow(rig: Rig): Row {
  let inLogs = 0;
  let inSlack = 0;
  for (const line of rig.logs) if (rig.secrets.some((s) => line.includes(s))) inLogs += 1;
  for (const body of rig.slackBodies) if (rig.secrets.some((s) => body.includes(s))) inSlack += 1;
  return {
    name: 'secrets in logs and chat bodies',
    notes: `${inLogs + inSlack} (${rig.secrets.length} secret values grepped in ${rig.logs.length} log chunks and ${rig.slackBodies.length} Slack bodies)`,
  };
}

const CASES: Record<string, (rig: Rig) => Promise<Row>> = {
  forged,
  'redis-kill': redisKill,
  'redis-freeze': redisFreeze,
  // The rig's 5 s, and a WORKER_STALLED_SECONDS below the gathering lock's own 5 s expiry.
  'worker-takeover': (rig) => workerTakeover(rig, 5),
  'worker-takeover-2s': (rig) => workerTakeover(rig, 2),
  'worker-kill': workerKill,
  'slack-429': slack429,
  'genesys-429': (rig) =>
    genesysFault(rig, 'genesys-429', '429 storm', { genesys429Burst: 100_000, retryAfterSeconds: 1 }),
  'genesys-5xx': (rig) => genesysFault(rig, 'genesys-5xx', '5xx', { genesys5xxRate: 1 }),
  'genesys-silent': (rig) => genesysFault(rig, 'genesys-silent', 'never answers', { genesysDown: true }),
  sigterm,
};

const seconds = (ms: number | null | undefined) =>
  ms === undefined ? '-' : ms === null ? 'never' : `${(ms / 1000).toFixed(1)} s`;

function print(rows: Row[]): void {
  const header = ['case', 'sent', 'once', 'lost', 'dup', 'recover', 'longest help', 'notes'];
  const lines = rows.map((r) => [
    r.name,
    r.figures ? String(r.figures.sent) : '-',
    r.figures ? `${r.figures.once}${r.figures.refused ? ` (${r.figures.refused} refused)` : ''}` : '-',
    r.figures ? String(r.figures.lost) : '-',
    r.figures ? String(r.figures.duplicated) : '-',
    seconds(r.recoverMs),
    r.figures?.longestVendorFreeMs === undefined
      ? '-'
      : Number.isFinite(r.figures.longestVendorFreeMs)
        ? seconds(r.figures.longestVendorFreeMs)
        : 'unanswered',
    r.figures?.reputs ? `${r.notes}; ${r.figures.reputs} same card put again` : r.notes,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c]!.length)));
  const row = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(row(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(row(l));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const only = values.only?.split(',').map((s) => s.trim());
  const names = Object.keys(CASES).filter((n) => !only || only.includes(n));
  const rig = await startRig();
  const rows: Row[] = [];
  try {
    for (const name of names) {
      const started = Date.now();
      process.stderr.write(`chaos: ${name}…`);
      try {
        rows.push(await CASES[name]!(rig));
      } catch (err) {
        rows.push({ name, notes: `case failed to run: ${(err as Error).message.replace(/\s+/g, ' ').slice(0, 200)}` });
      }
      // A case that killed or froze Redis leaves it running for the next one.
      rig.redis.thaw();
      await rig.redis.restart();
      process.stderr.write(` ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
    rows.push(secretsRow(rig));
  } finally {
    await rig.close();
  }
  console.log(`\nbyoc-bot fault suite, ${new Date().toISOString()}\n`);
  print(rows);
}

await main();
// Worker processes and the bot are stopped; anything still holding the event loop (a hung vendor call) must not
// keep the suite from ending.
process.exit(0);
