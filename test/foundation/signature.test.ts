import { describe, expect, it } from 'vitest';
import { sendToSlackApp, slackSignature, slashCommandBody } from '../../src/sandbox/slack/fake-slack.js';
import { testCommands, testJobs } from './fixtures.js';
import { SIGNING_SECRET, useHarness } from './harness.js';

describe('requests that Slack did not sign are refused', () => {
  const h = useHarness({ bot: { commands: testCommands(), jobs: testJobs() } });

  async function nothingRan() {
    const counts = await h.bot.queue.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
  }

  it('a wrong signature gets 401 and no job', async () => {
    const body = slashCommandBody({ text: 'echo hi' });
    const res = await sendToSlackApp(h.eventsUrl, body, {
      secret: SIGNING_SECRET,
      signature: slackSignature(body, 'not-the-secret', Math.floor(Date.now() / 1000)),
    });
    expect(res.status).toBe(401);
    await nothingRan();
  });

  it('a missing signature gets 401 and no job', async () => {
    const res = await sendToSlackApp(h.eventsUrl, slashCommandBody({ text: 'echo hi' }), {
      secret: SIGNING_SECRET,
      signature: null,
    });
    expect(res.status).toBe(401);
    await nothingRan();
  });

  it('a correctly signed request older than 5 minutes gets 401 and no job', async () => {
    const res = await sendToSlackApp(h.eventsUrl, slashCommandBody({ text: 'echo hi' }), {
      secret: SIGNING_SECRET,
      timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(res.status).toBe(401);
    await nothingRan();
  });

  it('a body changed after signing gets 401 and no job', async () => {
    const signed = slashCommandBody({ text: 'echo hi' });
    const ts = Math.floor(Date.now() / 1000);
    const res = await sendToSlackApp(h.eventsUrl, signed.replace('echo+hi', 'echo+bye'), {
      secret: SIGNING_SECRET,
      timestampSeconds: ts,
      signature: slackSignature(signed, SIGNING_SECRET, ts),
    });
    expect(res.status).toBe(401);
    await nothingRan();
  });
});
