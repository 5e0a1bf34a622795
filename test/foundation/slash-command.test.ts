import { describe, expect, it } from 'vitest';
import { testCommands, testJobs } from './fixtures.js';
import { readable, useHarness } from './harness.js';

describe('a person types /byoc help in Slack (the real commands/ and jobs/ folders)', () => {
  const h = useHarness();

  it('gets 200 at once, then the working message becomes the help card', async () => {
    const res = await h.slash('help');
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const card = await h.cardFor(res);
    const working = h.slack.callsTo('chat.postMessage').find((c) => c.result?.ts === card.ts);
    expect(String(working?.params.text)).toContain('Working on');
    expect(readable(card)).toContain('/byoc help');
    expect(readable(card)).toContain('everyone is a viewer');
    // One message became the answer: nothing else was posted in the channel.
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.at >= res.sentAt)).toHaveLength(1);
  });
});

describe('what a person types decides what happens', () => {
  const h = useHarness({ bot: { commands: testCommands(), jobs: testJobs() } });

  it('a command with arguments runs its job and its card replaces the working message', async () => {
    const card = await h.cardFor(await h.slash('echo "hello there" --times 2 --loud'));
    expect(readable(card)).toContain('HELLO THERE HELLO THERE');
  });

  it('an unknown command gets the help card with a suggestion and a button that runs it', async () => {
    const card = await h.cardFor(await h.slash('ecoh hi'));
    const text = readable(card);
    expect(text).toContain('There is no');
    expect(text).toContain('Did you mean');
    expect(text).toContain('/byoc echo');
    expect(text).toContain('"value":"echo hi"');
  });

  it('bad arguments get the usage with an example, privately, and nothing is enqueued', async () => {
    const before = h.slack.calls.length;
    const res = await h.slash('echo hello --times 9');
    expect(res.status).toBe(200);
    const reply = JSON.parse(res.body) as { response_type: string; text: string; blocks: unknown[] };
    expect(reply.response_type).toBe('ephemeral');
    expect(readable(reply)).toContain('--times');
    expect(readable(reply)).toContain('/byoc echo hello');
    expect(h.slack.calls.slice(before).filter((c) => c.method === 'chat.postMessage')).toHaveLength(0);
  });

  it('a command above the person’s role is refused privately, naming the role, and nothing is enqueued', async () => {
    const res = await h.slash('trunk enable Twilio');
    const reply = JSON.parse(res.body) as { response_type: string; text: string };
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('*operator*');
    expect(reply.text).toContain('you are a viewer');
    const counts = await h.bot.queue.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    const jobs = await h.bot.queue.queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed']);
    expect(jobs.filter((j) => j.name !== 'echo' && j.name !== 'help')).toHaveLength(0);
    expect(counts.failed).toBe(0);
  });

  it('a command whose vendor is not configured says which variables to set', async () => {
    const res = await h.slash('numbers');
    const reply = JSON.parse(res.body) as { text: string };
    expect(reply.text).toContain('set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
  });

  it('a redelivered slash command runs once', async () => {
    const triggerId = `trigger-${Date.now()}`;
    const first = await h.slash('echo once', { triggerId });
    const again = await h.slash('echo once', { triggerId, retryNum: 1 });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    await h.cardFor(first);
    const jobs = await h.bot.queue.queue.getJobs(['waiting', 'active', 'delayed', 'completed']);
    const echoes = jobs.filter((j) => (j.data.payload as { word?: string }).word === 'once');
    expect(echoes).toHaveLength(1);
    const working = h.slack.callsTo('chat.postMessage').filter((c) => String(c.params.text).includes('echo once'));
    expect(working).toHaveLength(1);
  });

  it('where the bot cannot post (a DM, a private channel), it answers through the response_url instead', async () => {
    h.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    const res = await h.slash('echo private');
    const posts = await h.slack.waitFor('working note and card', () => {
      const got = h.slack.responsesTo(res.responseId);
      return got.length >= 2 ? got : undefined;
    });
    expect(posts[0]?.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(posts[0]?.body.text)).toContain('Working on');
    expect(posts[1]?.body.replace_original).toBe(true);
    expect(readable(posts[1]?.body as { blocks?: unknown[] })).toContain('private');
  });

  it('Slack rate-limiting the card update is waited out and the card still arrives', async () => {
    h.slack.failNext('chat.update', { status: 429, retryAfterSeconds: 0 });
    const card = await h.cardFor(await h.slash('echo patient'));
    expect(readable(card)).toContain('patient');
    expect(h.slack.calls.some((c) => c.method === 'chat.update' && c.result === undefined)).toBe(true);
  });
});
