/**
 * ALERT_CHANNEL and AUDIT_CHANNEL naming a Microsoft Teams channel (`teams:<conversation id>`): the incident is one
 * message in that channel, updated in place, with its timeline as replies in its thread, all through the real
 * botbuilder adapter and the fake Bot Framework; a finished change's audit copy is posted there too, and so is the
 * scheduled doctor's card when DOCTOR_CHANNEL names a Teams channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { activityText } from '../../src/sandbox/teams/card-text.js';
import { scheduledInvocation } from '../../src/schedule/doctor-schedule.js';
import { startTeamsHarness, type TeamsHarness } from '../teams/harness.js';
import { disconnectEdge2, EDGE_2, reconnect, TRUNK, until, waitForPush, watchEnv } from './helpers.js';

const ONCALL = '19:oncall-alerts@thread.tacv2';
const AUDIT = '19:change-audit@thread.tacv2';
const DAILY = '19:daily-doctor@thread.tacv2';

let sandbox: Sandbox;
let h: TeamsHarness;

beforeAll(async () => {
  sandbox = await startSandbox();
  h = await startTeamsHarness({
    env: watchEnv(sandbox, {
      ALERT_CHANNEL: `teams:${ONCALL}`,
      AUDIT_CHANNEL: `teams:${AUDIT}`,
      WATCH_SAFETY_POLL_MINUTES: '10',
    }),
  });
}, 30_000);

afterAll(async () => {
  await h?.close();
  await sandbox?.close();
});

const posts = (conversationId: string) =>
  h.teams.calls.filter((c) => c.method === 'POST' && c.conversationId === conversationId);
const textOf = (id: string) => activityText(h.teams.messages.get(id)?.activity ?? {});

describe('an incident in a Teams channel', () => {
  it('is one message in the channel, updated in place, with its timeline in the thread', async () => {
    await waitForPush({ sandbox, h });
    disconnectEdge2(sandbox);
    await until('the alert in the Teams channel', () => posts(ONCALL).length >= 1);
    const [alert] = posts(ONCALL);
    expect(textOf(alert!.id)).toContain(`${TRUNK} is DEGRADED`);

    const thread = `${ONCALL};messageid=${alert!.id}`;
    await until('the opening reply in its thread', () => posts(thread).length >= 1);
    expect(textOf(posts(thread)[0]!.id)).toContain(EDGE_2);

    reconnect(sandbox);
    await until('the same message saying recovered', () => textOf(alert!.id).includes('Recovered'));
    expect(h.teams.messages.get(alert!.id)!.updates).toBeGreaterThanOrEqual(1);
    await until('the recovery reply', () => posts(thread).some((c) => textOf(c.id).includes('recovered after')));
    // Still one top-level message: the incident moved in place.
    expect(posts(ONCALL)).toHaveLength(1);
    // The poster sends on the service URL it was given (no activity to reply to) as the bot.
    expect(h.teams.calls.filter((c) => c.conversationId.startsWith(ONCALL)).every((c) => c.appId)).toBe(true);
  }, 60_000);

  it('a watch job that fails for good answers in that Teams channel, not on Slack', () => {
    const invocation = h.bot.services.watch.systemInvocation('watch-x');
    expect(invocation.platform).toBe('teams');
    expect(invocation.reply).toMatchObject({ platform: 'teams', conversationId: ONCALL });
  });
});

describe('the audit channel in Teams', () => {
  it('gets a copy of a finished change, and nothing for a refused press', async () => {
    const before = posts(AUDIT).length;
    await h.bot.services.audit.append({
      action: 'apply',
      actor: 'teams:lead',
      summary: 'Disable trunk Twilio',
      trunk: TRUNK,
      outcome: 'applied',
    });
    await h.bot.services.audit.append({
      action: 'approve',
      actor: 'teams:viewer',
      summary: 'Disable trunk Twilio',
      outcome: 'refused',
    });
    await until('the audit copy', () => posts(AUDIT).length > before);
    expect(posts(AUDIT)).toHaveLength(before + 1);
    expect(textOf(posts(AUDIT).at(-1)!.id)).toContain('Disable trunk Twilio');
  });
});

describe('the scheduled doctor in a Teams channel', () => {
  it('posts its card as a new message in the channel DOCTOR_CHANNEL names', async () => {
    const invocation = scheduledInvocation(`teams:${DAILY}`, h.bot.services.poster);
    expect(invocation.reply).toMatchObject({ platform: 'teams', conversationId: DAILY });
    await h.bot.queue.enqueue({ name: 'doctor-daily', payload: {} }, invocation, { jobId: 'doctor-daily-teams-1' });
    await until('the daily doctor in the Teams channel', () => posts(DAILY).length >= 1);
    expect(textOf(posts(DAILY)[0]!.id)).toContain('Daily doctor');
    expect(posts(DAILY)).toHaveLength(1);
  }, 60_000);
});
