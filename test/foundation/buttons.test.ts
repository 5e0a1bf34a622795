import { describe, expect, it } from 'vitest';
import { COMMAND_RUN_ACTION } from '../../src/presentation/chat-names.js';
import { blockActionsBody, sendToSlackApp, TEST_CHANNEL_ID } from '../../src/sandbox/slack/fake-slack.js';
import { testCommands, testJobs } from './fixtures.js';
import { readable, SIGNING_SECRET, useHarness } from './harness.js';

describe('a person presses a button on a card', () => {
  const h = useHarness({ bot: { commands: testCommands(), jobs: testJobs() } });

  it('"Run /byoc echo hi" on the did-you-mean card re-runs the command in the same message', async () => {
    const help = await h.cardFor(await h.slash('ecoh hi'));
    expect(readable(help)).toContain('"value":"echo hi"');
    const click = await h.click({ actionId: COMMAND_RUN_ACTION, value: 'echo hi', messageTs: help.ts });
    expect(click.status).toBe(200);
    // Update 1 was the help card, 2 the working text, 3 the echo card: still one message.
    const answered = await h.slack.waitForUpdate(TEST_CHANNEL_ID, help.ts, 3);
    expect(readable(answered)).toContain('hi');
    expect(readable(answered)).toContain('Echo');
  });

  it('a redelivered click runs once', async () => {
    const card = await h.cardFor(await h.slash('echo first'));
    const body = blockActionsBody({
      actionId: COMMAND_RUN_ACTION,
      value: 'echo second',
      messageTs: card.ts,
      triggerId: 'click-1',
    });
    await sendToSlackApp(h.eventsUrl, body, { secret: SIGNING_SECRET });
    await sendToSlackApp(h.eventsUrl, body, { secret: SIGNING_SECRET, retryNum: 1 });
    await h.slack.waitForUpdate(TEST_CHANNEL_ID, card.ts, 3);
    const jobs = await h.bot.queue.queue.getJobs(['waiting', 'active', 'delayed', 'completed']);
    expect(jobs.filter((j) => (j.data.payload as { word?: string }).word === 'second')).toHaveLength(1);
  });

  it('a button above the person’s role gets a private refusal naming the role, and the card stays', async () => {
    const card = await h.cardFor(await h.slash('echo keep'));
    const click = await h.click({ actionId: 'test.operator-only', value: 'x', messageTs: card.ts });
    const whisper = await h.slack.waitFor('the refusal', () => h.slack.responsesTo(click.responseId)[0]);
    expect(whisper.body.response_type).toBe('ephemeral');
    expect(String(whisper.body.text)).toContain('*operator*');
    expect(h.slack.message(TEST_CHANNEL_ID, card.ts)?.updates).toBe(1);
  });

  it('a button nobody handles any more says so privately', async () => {
    const card = await h.cardFor(await h.slash('echo old'));
    const click = await h.click({ actionId: 'feature.removed', value: 'x', messageTs: card.ts });
    const whisper = await h.slack.waitFor('the note', () => h.slack.responsesTo(click.responseId)[0]);
    expect(String(whisper.body.text)).toContain('no longer does anything');
  });

  it('re-running a command with bad arguments from a button shows its usage privately', async () => {
    const card = await h.cardFor(await h.slash('echo fine'));
    const click = await h.click({ actionId: COMMAND_RUN_ACTION, value: 'echo', messageTs: card.ts });
    const whisper = await h.slack.waitFor('the usage', () => h.slack.responsesTo(click.responseId)[0]);
    expect(readable(whisper.body as { blocks?: unknown[]; text?: string })).toContain('Usage: /byoc echo');
  });
});
