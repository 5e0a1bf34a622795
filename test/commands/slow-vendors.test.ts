/**
 * A vendor that is slow or rate limiting, as the person on call sees it: real bot (web + workers, real Redis) on
 * the sandbox's fake Genesys Cloud and Twilio, through the official SDKs.
 *
 * - Genesys accepts connections and never answers: `help` (no vendor) is answered at once although every vendor
 *   slot is taken; a status says "Genesys Cloud is not answering; retrying", and answers once Genesys is back.
 * - Genesys (or Twilio) answers 429 with a Retry-After longer than the client waits itself: the status card says
 *   "rate limited by Genesys Cloud, retrying in N s", never "could not be reached", and the job is retried after
 *   the Retry-After.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CHANNEL_ID } from '../../src/sandbox/slack/fake-slack.js';
import { readable } from '../foundation/harness.js';
import { type Rig, startRig } from './helpers.js';

let rig: Rig;

beforeAll(async () => {
  rig = await startRig('default', (env) => ({
    ...env,
    JOB_TIMEOUT_SECONDS: '2',
    JOB_ATTEMPTS: '6',
    WORKER_CONCURRENCY: '2',
    SNAPSHOT_CACHE_SECONDS: '0',
  }));
  // Logged in while Genesys answers: the token is kept for what follows.
  await saying((await send('status')).ts, 'BYOC: Healthy');
}, 30_000);

afterAll(async () => {
  rig.sandbox.genesys.setFaults({ genesysDown: false, genesys429Burst: 0 });
  rig.sandbox.twilio.setFaults({ twilio429Burst: 0 });
  await rig?.close();
});

/** Sends `/byoc <text>` as a user of its own; resolves with the working message's ts. */
async function send(text: string): Promise<{ ts: string; sentAt: number }> {
  const userId = `U${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
  const sentAt = Date.now();
  const res = await rig.h.slash(text, { userId });
  expect(res.status).toBe(200);
  const posted = await rig.h.slack.waitFor(`the working message of /byoc ${text}`, () =>
    rig.h.slack.callsTo('chat.postMessage').find((c) => String(c.params.text).includes(`<@${userId}>`) && c.result?.ts),
  );
  return { ts: String(posted.result?.ts), sentAt };
}

/** The message at `ts` once it says `words`. */
function saying(ts: string, words: string, timeoutMs = 20_000): Promise<string> {
  return rig.h.slack.waitFor(
    `the message saying "${words}"`,
    () => {
      const m = rig.h.slack.message(TEST_CHANNEL_ID, ts);
      return m && m.updates > 0 && readable(m).includes(words) ? readable(m) : undefined;
    },
    timeoutMs,
  );
}

/** Everything the message at `ts` has shown, in order. */
function shown(ts: string): string[] {
  return rig.h.slack
    .callsTo('chat.update')
    .filter((c) => c.params.ts === ts)
    .map((c) => JSON.stringify(c.params));
}

describe('while a vendor is slow', () => {
  it('Genesys never answers: help is answered within 2 s, status says it is retrying and answers once Genesys is back', async () => {
    rig.sandbox.genesys.setFaults({ genesysDown: true });
    const statuses = await Promise.all([send('status'), send('status'), send('status')]);
    const help = await send('help');
    await saying(help.ts, 'what you can ask');
    const helpMs = Date.now() - help.sentAt;
    expect(helpMs).toBeLessThan(2_000);

    const first = statuses[0]!;
    await saying(first.ts, 'Genesys Cloud is not answering; retrying in');
    expect(readable(rig.h.slack.message(TEST_CHANNEL_ID, first.ts)!)).toContain('the card will update');
    rig.sandbox.genesys.setFaults({ genesysDown: false });
    for (const s of statuses) await saying(s.ts, 'BYOC: Healthy', 30_000);
  }, 60_000);

  it('Genesys answers 429 with Retry-After 6: "rate limited by Genesys Cloud, retrying in 6 s", then the card', async () => {
    // The first six requests are refused: the three change-record queries and some of the snapshot's first reads.
    rig.sandbox.genesys.setFaults({ genesys429Burst: 6, retryAfterSeconds: 6 });
    const status = await send('status');
    const note = await saying(status.ts, 'Rate limited by Genesys Cloud, retrying in 6 s');
    expect(note).toContain('the card will update');
    const noteAt = Date.now();
    await saying(status.ts, 'BYOC: Healthy', 20_000);
    // The job was retried after the Retry-After, not at once.
    expect(Date.now() - noteAt).toBeGreaterThan(4_000);
    expect(shown(status.ts).join('\n')).not.toContain('could not be reached');
    expect(shown(status.ts).join('\n')).not.toContain('credentials');
  }, 30_000);

  it('Twilio answers 429 (20429) with Retry-After 6: "rate limited by Twilio, retrying in 6 s", then the card', async () => {
    rig.sandbox.twilio.setFaults({ twilio429Burst: 4, retryAfterSeconds: 6 });
    const status = await send('status');
    await saying(status.ts, 'Rate limited by Twilio, retrying in 6 s');
    await saying(status.ts, 'BYOC: Healthy', 20_000);
    expect(shown(status.ts).join('\n')).not.toContain('could not be reached');
  }, 30_000);
});
