import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RunningBot, startBot } from '../../src/bot.js';
import { createLogger } from '../../src/log.js';
import { defineJob } from '../../src/queue/job-definition.js';
import { INTERRUPT_SETTLE_MS } from '../../src/queue/worker-lane.js';
import { defineCommand } from '../../src/router/command-definition.js';
import { OUT_OF_TIME_CODE, unlessAborted } from '../../src/vendors/call-budget.js';
import { VendorError } from '../../src/vendors/vendor-error.js';
import { testCommands, testJobs } from './fixtures.js';
import { type Harness, readable, startHarness } from './harness.js';

/** `/byoc <name>`, for anyone, with no arguments: it runs the job of the same name. */
function bareCommand(name: string, summary: string) {
  return defineCommand({
    name,
    summary,
    usage: name,
    examples: [name],
    role: 'viewer',
    args: z.object({}),
    job: () => ({ name, payload: {} }),
  });
}

/** A job that takes a while, released by the test. */
let release: () => void = () => {};
/** A promise, and the function that resolves it: "the job has started", told from inside the job. */
function latch(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const released = () =>
  new Promise<void>((resolve) => {
    release = resolve;
  });
const started = latch();

const slowCommand = bareCommand('slow', 'Takes its time');

const slowJob = defineJob({
  name: 'slow',
  payload: z.object({}),
  uses: [],
  async process() {
    const done = released();
    started.open();
    await done;
    return { title: 'Slow', status: 'ok', summary: 'finished during shutdown' };
  },
});

describe('SIGTERM while a job runs', () => {
  let h: Harness;
  afterAll(async () => {
    await h.bot.stop();
  });

  it('stops taking requests but lets the running job finish and deliver its card', async () => {
    const commands = testCommands();
    commands.commands.add(slowCommand);
    const jobs = testJobs().add(slowJob);
    h = await startHarness({ bot: { commands, jobs } });
    const res = await h.slash('slow');
    await started.opened;

    const stopping = h.bot.stop(10_000);
    // The HTTP server no longer takes requests…
    await expect(fetch(`${h.bot.url}/healthz`)).rejects.toThrow();
    // …but the job that was running finishes and its card is delivered before the process is done.
    release();
    await stopping;
    const card = await h.cardFor(res);
    expect(readable(card)).toContain('finished during shutdown');
    await h.close();
  });
});

/** Its first run waits on a vendor that never answers, as the vendor clients wait: until the job's budget aborts. */
let hangRuns = 0;
const hangStarted = latch();

const hangCommand = bareCommand('hang', 'Waits on a vendor that never answers, the first time');

const hangJob = defineJob({
  name: 'hang',
  payload: z.object({}),
  uses: [],
  async process({ signal, attempt }) {
    hangRuns += 1;
    const run = hangRuns;
    if (run === 1) {
      hangStarted.open();
      await unlessAborted(
        new Promise<never>(() => {}),
        signal,
        () => new VendorError({ vendor: 'genesys', status: 0, code: OUT_OF_TIME_CODE, message: 'no answer in time' }),
      );
    }
    return { title: 'Hang', status: 'ok', summary: `answered by run ${run}, attempt ${attempt}` };
  },
});

describe('SIGTERM while a job waits on a vendor past the grace period', () => {
  it('hands the job back to the queue when the grace period ends: another worker answers it at once, as its first attempt', async () => {
    const commands = testCommands();
    commands.commands.add(hangCommand);
    const jobs = testJobs().add(hangJob);
    // A job could wait a minute for its vendor: longer than the grace period, and than the test.
    const h = await startHarness({ env: { JOB_TIMEOUT_SECONDS: '120' }, bot: { commands, jobs } });
    let other: RunningBot | undefined;
    try {
      const res = await h.slash('hang');
      await hangStarted.opened;
      // A second worker is up before the first stops, as in a rolling restart.
      other = await startBot({
        config: h.config,
        role: 'worker',
        port: 0,
        commands,
        jobs,
        approvalSweepMs: 0,
        log: createLogger({ level: 'info', destination: { write: () => undefined } }),
      });

      const stopAt = Date.now();
      await h.bot.stop(1_000);
      // The grace period, then the job's own hand-back: not the job's minute.
      expect(Date.now() - stopAt).toBeLessThan(1_000 + INTERRUPT_SETTLE_MS + 2_000);
      expect(h.logLines.join('\n')).toContain('job interrupted by the shutdown; back in the queue for another worker');

      // The other worker takes it at once (not after WORKER_STALLED_SECONDS, 30 s here), and the interrupted run did
      // not count as an attempt; no "retrying" note came first.
      const card = await h.cardFor(res);
      expect(readable(card)).toContain('answered by run 2, attempt 1');
      expect(Date.now() - stopAt).toBeLessThan(15_000);
    } finally {
      await other?.stop(2_000);
      await h.close();
    }
  }, 60_000);
});
