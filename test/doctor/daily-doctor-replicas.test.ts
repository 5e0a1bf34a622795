/**
 * The daily doctor on two replicas: both start with DOCTOR_SCHEDULE set (here every two seconds, so a test sees
 * several ticks) and both work the queue, yet each tick is one run and one post to DOCTOR_CHANNEL, and every run
 * after the first compares with the one before it (the quiet line).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../../src/bot.js';
import { createLogger } from '../../src/log.js';
import { DOCTOR_SCHEDULER_ID } from '../../src/schedule/doctor-schedule.js';
import { type Bench, startBench } from '../changes/helpers.js';
import { readable } from '../foundation/harness.js';
import { until } from '../watch/helpers.js';

const CHANNEL = 'C0DOCTOR2';
const EVERY_TWO_SECONDS = '*/2 * * * * *';
const TICKS = 4;
let bench: Bench;
let second: RunningBot | undefined;

beforeAll(async () => {
  bench = await startBench({ env: { DOCTOR_SCHEDULE: EVERY_TWO_SECONDS, DOCTOR_CHANNEL: CHANNEL } });
  // The second replica: the same configuration (Redis, prefix, queue), a worker of its own.
  second = await startBot({
    config: bench.h.config,
    role: 'worker',
    log: createLogger({ level: 'warn', destination: { write: () => {} } }),
    port: 0,
    approvalSweepMs: 0,
  });
}, 30_000);
afterAll(async () => {
  await bench?.h.bot.queue.queue.removeJobScheduler(DOCTOR_SCHEDULER_ID);
  await second?.stop(5000);
  await bench?.close();
}, 30_000);

const posts = () => bench.h.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === CHANNEL);

it('two replicas with the same DOCTOR_SCHEDULE run each tick once and post it once', async () => {
  const { h } = bench;
  await until(`${TICKS} scheduled runs posted`, () => posts().length >= TICKS, 60_000);
  await h.bot.queue.queue.removeJobScheduler(DOCTOR_SCHEDULER_ID);
  expect(await h.bot.queue.queue.getJobSchedulersCount()).toBe(0);

  // Let the runs already started finish and post.
  const runs = async () =>
    (await h.bot.queue.queue.getJobs(['completed', 'active', 'waiting', 'delayed', 'failed'])).filter(
      (j) => j.name === 'doctor-daily',
    );
  await until(
    'the started runs to finish and post',
    async () => {
      const all = await runs();
      const done = await Promise.all(all.map((j) => j.isCompleted()));
      return done.every(Boolean) && posts().length >= all.length;
    },
    30_000,
  );

  const jobs = await runs();
  expect(jobs.length).toBeGreaterThanOrEqual(TICKS);
  // One job per tick: a scheduler per replica would make two jobs with the same tick time.
  const ticks = jobs.map((j) => j.id!.split(':').at(-1));
  expect(new Set(ticks).size).toBe(jobs.length);
  // One post per run: no run was worked by both replicas, or delivered twice.
  expect(posts()).toHaveLength(jobs.length);
  // Each run after the first compared with the one before it: nothing changed, so the quiet line.
  const texts = posts().map((p) =>
    readable({ text: String(p.params.text ?? ''), blocks: p.params.blocks as unknown[] }),
  );
  for (const text of texts.slice(1)) expect(text).toContain('Daily doctor: no change since');
}, 90_000);
