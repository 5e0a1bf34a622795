import { describe, expect, it } from 'vitest';
import { testCommands, testJobs, vendorAttempts } from './fixtures.js';
import { readable, useHarness } from './harness.js';

describe('when a vendor fails during a job', () => {
  const h = useHarness({ bot: { commands: testCommands(), jobs: testJobs() } });

  async function jobFor(word: string) {
    const jobs = await h.bot.queue.queue.getJobs(['completed', 'failed', 'delayed', 'waiting', 'active']);
    const job = jobs.find((j) => (j.data.invocation.text as string) === word);
    if (!job) throw new Error(`no job for ${word}`);
    return job;
  }

  it('a 404 fails at once: one attempt, an error card with a reference that is also in the logs', async () => {
    const card = await h.cardFor(await h.slash('vendor call 404'));
    const text = readable(card);
    expect(text).toContain('Twilio answered 404');
    const reference = /Reference ([a-z0-9]{8})/.exec(text)?.[1];
    expect(reference).toBeDefined();
    const job = await jobFor('vendor call 404');
    expect(vendorAttempts.get(job.data.invocation.requestId)).toBe(1);
    expect(await job.getState()).toBe('failed');
    const logged = h.logLines.find((l) => l.includes(`"reference":"${reference}"`));
    expect(logged).toContain('job failed');
    expect(logged).toContain(job.data.invocation.requestId);
  });

  it('a 503 is retried and the second attempt’s card replaces the working message', async () => {
    const card = await h.cardSaying(await h.slash('vendor call 503 --times 1'), 'answered on attempt 2');
    expect(readable(card)).toContain('answered on attempt 2');
    const job = await jobFor('vendor call 503 --times 1');
    expect(vendorAttempts.get(job.data.invocation.requestId)).toBe(2);
    expect(await job.getState()).toBe('completed');
  });

  it('a 429 that never ends stops after JOB_ATTEMPTS and says how many attempts it made, as a rate limit', async () => {
    const card = await h.cardSaying(await h.slash('vendor call 429'), 'after 3 attempts');
    expect(readable(card)).toContain('Rate limited by Twilio after 3 attempts');
    expect(readable(card)).not.toContain('could not be reached');
    const job = await jobFor('vendor call 429');
    expect(vendorAttempts.get(job.data.invocation.requestId)).toBe(3);
  });
});
