/**
 * A job scheduler's runs (the approval sweeper, every few seconds) share their lane with people's commands. A
 * finishing job's keep options apply to its lane's whole completed set, so a run that kept "the last 10" dropped the
 * record of every command past the tenth, and with it what makes enqueueing the same job id again a no-op. The runs
 * now remove only themselves. And a schedule moved to the other lane by a release does not go on in its old one.
 */
import { describe, expect, it } from 'vitest';
import sweepApprovalsJob from '../../jobs/sweep-approvals.js';
import { SWEEP_APPROVALS_JOB } from '../../src/changes/job-names.js';
import { testCommands, testJobs } from './fixtures.js';
import { useHarness } from './harness.js';

const SWEEP_MS = 100;

describe('the approval sweeper running beside commands', () => {
  const h = useHarness({
    bot: { commands: testCommands(), jobs: testJobs().add(sweepApprovalsJob), approvalSweepMs: SWEEP_MS },
  });

  it('runs every 100 ms and leaves the records of 24 commands of both lanes alone, and none of its own', async () => {
    const sent = await Promise.all(
      Array.from({ length: 12 }, (_, i) => [h.slash(`echo word${i}`), h.slash('help')]).flat(),
    );
    for (const res of sent) expect(res.status).toBe(200);
    await Promise.all(sent.map((res) => h.cardFor(res)));

    const sweepsSoFar = () =>
      h.logLines.filter((l) => l.includes(`"job":"${SWEEP_APPROVALS_JOB}"`) && l.includes('job completed')).length;
    const before = sweepsSoFar();
    const deadline = Date.now() + 10_000;
    while (sweepsSoFar() < before + 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, SWEEP_MS));
    expect(sweepsSoFar()).toBeGreaterThanOrEqual(before + 5);

    const { completed } = await h.bot.queue.jobCounts('completed');
    // Every command's record, and no sweeper run's.
    expect(completed).toBe(24);
  }, 60_000);

  it('a schedule an earlier release left in the other lane is taken out when the bot schedules the job', async () => {
    const invocation = {
      platform: 'cli' as const,
      userId: 'system',
      channelId: '',
      text: '',
      requestId: 'system',
      reply: { platform: 'cli' as const },
    };
    const template = { name: SWEEP_APPROVALS_JOB, data: { invocation, payload: {} } };
    // The sweeper used to run in the vendor lane.
    await h.bot.queue.queue.upsertJobScheduler('moved-sweeper', { every: 60_000 }, template);
    await h.bot.queue.schedule('moved-sweeper', 60_000, { name: SWEEP_APPROVALS_JOB, payload: {} }, invocation);
    expect(await h.bot.queue.queue.getJobScheduler('moved-sweeper')).toBeUndefined();
    expect(await h.bot.queue.localQueue.getJobScheduler('moved-sweeper')).toMatchObject({ every: 60_000 });
    await h.bot.queue.localQueue.removeJobScheduler('moved-sweeper');
  });
});
