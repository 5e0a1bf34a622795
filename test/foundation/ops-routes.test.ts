import { describe, expect, it } from 'vitest';
import { testCommands, testJobs } from './fixtures.js';
import { useHarness } from './harness.js';

describe('an operator probes the bot', () => {
  const h = useHarness({ bot: { commands: testCommands(), jobs: testJobs() } });

  it('/healthz says alive and /readyz sees Redis and the workers', async () => {
    expect((await fetch(`${h.bot.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, checks: { redis: true, workers: true } });
  });

  it('/metrics counts commands by name and outcome, and has the ack, job and queue metrics', async () => {
    await h.cardFor(await h.slash('echo counted'));
    await h.slash('trunk enable Twilio');
    const text = await (await fetch(`${h.bot.url}/metrics`)).text();
    expect(text).toMatch(/byoc_commands_received_total\{platform="slack",command="echo",outcome="enqueued"\} [1-9]/);
    expect(text).toMatch(
      /byoc_commands_received_total\{platform="slack",command="trunk enable",outcome="denied"\} [1-9]/,
    );
    expect(text).toContain('byoc_ack_latency_seconds_bucket');
    expect(text).toMatch(/byoc_jobs_total\{job="echo",outcome="completed"\} [1-9]/);
    expect(text).toContain('byoc_queue_depth{');
    expect(text).toContain('byoc_vendor_calls_total{vendor="slack"}');
  });

  it('/readyz answers 503 once the workers have stopped', async () => {
    await h.bot.worker?.worker.close();
    const ready = await fetch(`${h.bot.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ok: false, checks: { redis: true, workers: false } });
  });
});
