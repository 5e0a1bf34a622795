import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob } from '../../src/queue/job-definition.js';
import { defineCommand } from '../../src/router/command-definition.js';
import { testCommands, testJobs } from './fixtures.js';
import { type Harness, readable, startHarness } from './harness.js';

/** A job that takes a while, released by the test. */
let release: () => void = () => {};
const released = () =>
  new Promise<void>((resolve) => {
    release = resolve;
  });
let started: () => void = () => {};
const startedOnce = new Promise<void>((resolve) => {
  started = resolve;
});

const slowCommand = defineCommand({
  name: 'slow',
  summary: 'Takes its time',
  usage: 'slow',
  examples: ['slow'],
  role: 'viewer',
  args: z.object({}),
  job: () => ({ name: 'slow', payload: {} }),
});

const slowJob = defineJob({
  name: 'slow',
  payload: z.object({}),
  uses: [],
  async process() {
    const done = released();
    started();
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
    await startedOnce;

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
