/**
 * The daily doctor: each run posts to DOCTOR_CHANNEL only what differs from the previous one. Two quiet runs post
 * the quiet line; an ACL address removed through the Twilio API between two runs is posted as exactly the new
 * failure, with the change that caused it. The schedule is one BullMQ job scheduler however many replicas start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCTOR_SCHEDULER_ID, scheduledInvocation } from '../../src/schedule/doctor-schedule.js';
import { type Bench, startBench } from '../changes/helpers.js';
import { readable } from '../foundation/harness.js';

const CHANNEL = 'C0DOCTOR';
const ACL_SID = 'AL0123456789abcdef0123456789abc001';
let bench: Bench;
let runs = 0;

beforeAll(async () => {
  bench = await startBench({ env: { DOCTOR_SCHEDULE: '0 7 * * *', DOCTOR_CHANNEL: CHANNEL } });
}, 30_000);
afterAll(async () => {
  await bench?.close();
}, 30_000);

/** What the scheduler does at 07:00: one `doctor-daily` job; returns the text posted to the channel. */
async function scheduledRun(): Promise<string> {
  const { h } = bench;
  runs += 1;
  const before = postsToChannel().length;
  await h.bot.queue.enqueue({ name: 'doctor-daily', payload: {} }, scheduledInvocation(CHANNEL), {
    jobId: `doctor-daily-test-${runs}`,
  });
  const post = await h.slack.waitFor(`doctor run ${runs} posted`, () => postsToChannel()[before], 60_000);
  return readable({ text: String(post.params.text ?? ''), blocks: post.params.blocks as unknown[] });
}

function postsToChannel() {
  return bench.h.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === CHANNEL);
}

async function removeAclAddress(ip: string): Promise<void> {
  const { sandbox } = bench;
  const acl = sandbox.twilio.state.ipAccessControlLists.find((a) => a.sid === ACL_SID)!;
  const entry = acl.ipAddresses.find((a) => a.ipAddress === ip)!;
  const { accountSid, authToken } = sandbox.scenario.twilio;
  const res = await fetch(
    `${sandbox.twilio.url}/2010-04-01/Accounts/${accountSid}/SIP/IpAccessControlLists/${ACL_SID}/IpAddresses/${entry.sid}.json`,
    {
      method: 'DELETE',
      headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}` },
    },
  );
  expect(res.status).toBe(204);
}

async function addAclAddress(ip: string): Promise<void> {
  const { sandbox } = bench;
  const { accountSid, authToken } = sandbox.scenario.twilio;
  const res = await fetch(
    `${sandbox.twilio.url}/2010-04-01/Accounts/${accountSid}/SIP/IpAccessControlLists/${ACL_SID}/IpAddresses.json`,
    {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ FriendlyName: 'Genesys Cloud media', IpAddress: ip }).toString(),
    },
  );
  expect(res.status).toBe(201);
}

describe('the daily doctor', () => {
  it('is one job scheduler on the configured pattern, however many times a replica starts', async () => {
    const { h } = bench;
    const { applyDoctorSchedule } = await import('../../src/schedule/doctor-schedule.js');
    await applyDoctorSchedule(h.bot.queue, h.config);
    expect(await h.bot.queue.queue.getJobSchedulersCount()).toBe(1);
    const scheduler = await h.bot.queue.queue.getJobScheduler(DOCTOR_SCHEDULER_ID);
    expect(scheduler).toMatchObject({ pattern: '0 7 * * *', tz: 'UTC', name: 'doctor-daily' });
  });

  it('two runs with no change in between post the quiet line', async () => {
    await scheduledRun(); // the first run sets the baseline
    const quiet = await scheduledRun();
    expect(quiet).toContain('Daily doctor: no change since');
    expect(quiet).not.toContain('Worse since the last run');
  });

  it('a breakage between two runs is posted as exactly the new failure, with the change that caused it', async () => {
    await removeAclAddress('52.212.66.56');
    const text = await scheduledRun();
    expect(text).toContain('Daily doctor: 1 new failure');
    expect(text).toContain('TW-ACL');
    expect(text.match(/TW-|GC-/g)).toHaveLength(1);
    expect(text).toContain(`Twilio account ${bench.sandbox.scenario.twilio.accountSid}:`);
    expect(text).toContain('52.212.66.56');
    // And the day after, nothing new: the quiet line again.
    expect(await scheduledRun()).toContain('Daily doctor: no change since');
  });

  it('the address put back between two runs is posted as recovered, and only that', async () => {
    await addAclAddress('52.212.66.56');
    const text = await scheduledRun();
    expect(text).toContain('Daily doctor: 1 recovered');
    expect(text).toContain('Recovered');
    expect(text.match(/TW-|GC-/g)).toEqual(['TW-']);
    expect(text).toContain('TW-ACL');
    expect(text).not.toContain('Worse since the last run');
  });

  it('a run retried after it finished posts nothing more', async () => {
    const { h } = bench;
    const before = postsToChannel().length;
    await h.bot.queue.enqueue({ name: 'doctor-daily', payload: {} }, scheduledInvocation(CHANNEL), {
      jobId: `doctor-daily-test-${runs}`,
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(postsToChannel().length).toBe(before);
  });
});
