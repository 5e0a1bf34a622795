/**
 * The approval flow end to end, through signed Slack payloads against the sandbox: an operator asks to take the
 * trunk out of service, the wrong people's presses are refused privately, an approver's press applies it in the
 * fake Genesys and the card reports the verified result; rejection, withdrawal, refusals and the audit.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditLog } from '../../src/audit/audit-log.js';
import { planTrunkInService } from '../../src/byoc/changes/trunk-in-service.js';
import { runChange } from '../../src/changes/run-change.js';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from '../../src/presentation/chat-names.js';
import { trunkInstances } from '../../src/sandbox/genesys/derived.js';
import { readable } from '../foundation/harness.js';
import {
  APPROVER,
  APPROVER_2,
  approvalIdOn,
  approve,
  ask,
  askToDisable,
  expectDisabledByOneWrite,
  messageAt,
  OPERATOR,
  press,
  TRUNK_BASE_ID,
  trunkBasePuts,
  trunkEnabled,
  useBench,
  VIEWER,
  waitForCard,
  whisperTo,
} from './helpers.js';

const bench = useBench();

/** Puts the trunk back in service between stories, straight in the fake's state. */
function resetTrunk(): void {
  const tb = bench.sandbox.genesys.state.trunkBases[0]!;
  const props = tb.properties as Record<string, { value: { instance: unknown } }>;
  props.trunk_enabled!.value.instance = true;
  bench.sandbox.genesys.resetRequests();
}

beforeEach(() => resetTrunk());

describe('taking the trunk out of service', () => {
  it('an operator asks; their own press is refused; an approver applies it and the card shows the verified result', async () => {
    const { h, sandbox } = bench;
    const card = await askToDisable(h, 'carrier maintenance');
    expect(card.text).toContain('Approval needed');
    expect(card.text).toContain('Take the trunk');
    expect(card.text).toContain('carrier maintenance');
    expect(card.text).toContain('trunk_enabled: true (in service)');
    // The only trunk of the outbound route: the Approve button asks for explicit confirmation.
    expect(card.text).toContain('last in-service trunk');
    expect(card.text).toContain('"confirm"');
    const id = approvalIdOn(card.message);

    // The operator cannot approve (wrong role), privately; the card and the trunk stay as they are.
    const updatesBefore = messageAt(h, card.ts).updates;
    const own = await press(h, APPROVE_ACTION_ID, id, card.ts, OPERATOR);
    expect(await whisperTo(h, own)).toContain('*approver* role');
    expect(messageAt(h, card.ts).updates).toBe(updatesBefore);
    expect(trunkEnabled(sandbox)).toBe(true);

    const approved = await approve(h, card);
    expect(approved.status).toBe(200);
    const result = await waitForCard(h, card.ts, 'Applied and verified');
    expect(result).toContain('report out of service');
    expect(result).toContain('Approved by');
    expectDisabledByOneWrite(sandbox);

    const stored = await h.bot.services.approvals.get(id);
    expect(stored?.state).toBe('applied');
    expect(stored?.approvedBy?.userId).toBe(APPROVER);
    expect(stored?.result?.verified).toBe(true);

    // The trunk instances on both edges say so too.
    const instances = trunkInstances(sandbox.genesys.state).filter((t) => t.trunkBase?.id === TRUNK_BASE_ID);
    expect(instances.map((t) => t.inService)).toEqual([false, false]);
  });

  it('an approver who asked cannot approve their own change (self-approval), and the card does not change', async () => {
    const { h, sandbox } = bench;
    const card = await ask(h, 'trunk disable Twilio', APPROVER);
    const id = approvalIdOn(card.message);
    const updatesBefore = messageAt(h, card.ts).updates;
    const own = await approve(h, card);
    expect(await whisperTo(h, own)).toContain('someone else must approve');
    expect(messageAt(h, card.ts).updates).toBe(updatesBefore);
    expect((await h.bot.services.approvals.get(id))?.state).toBe('pending');
    expect(trunkBasePuts(sandbox)).toBe(0);

    // Another approver may.
    await press(h, APPROVE_ACTION_ID, id, card.ts, APPROVER_2);
    await waitForCard(h, card.ts, 'Applied and verified');
    expect(trunkEnabled(sandbox)).toBe(false);
  });

  it('Slack refuses the "applying" note (429): the approved change is applied all the same and the card says so', async () => {
    const { h, sandbox } = bench;
    const card = await askToDisable(h, 'slack is busy');
    const id = card.id;
    h.slack.failNext('chat.update', { status: 429, retryAfterSeconds: 1 });
    await approve(h, card);
    await waitForCard(h, card.ts, 'Applied and verified');
    expectDisabledByOneWrite(sandbox);
    expect((await h.bot.services.approvals.get(id))?.state).toBe('applied');
  });

  it('a viewer cannot ask for a change: a private refusal, nothing is enqueued', async () => {
    const { h } = bench;
    const counts = async () => {
      const c = await h.bot.queue.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
      return Object.values(c).reduce((a, b) => a + b, 0);
    };
    const before = await counts();
    const posts = h.slack.callsTo('chat.postMessage').length;
    const result = await h.slash('trunk disable Twilio', { userId: VIEWER });
    expect(result.status).toBe(200);
    expect(result.body).toContain('needs the *operator* role');
    expect(result.body).toContain('ephemeral');
    expect(await counts()).toBe(before);
    expect(h.slack.callsTo('chat.postMessage').length).toBe(posts);
  });
});

describe('an approval whose change job was never enqueued', () => {
  it('(the process that won the press died before enqueueing) is applied by the next press on its card', async () => {
    const { h, sandbox } = bench;
    const services = h.bot.services;
    const holder = await ask(h, 'approvals', OPERATOR);
    const planned = planTrunkInService(await services.snapshots.get({ fresh: true }), 'Twilio', false);
    if (!planned.ok) throw new Error(planned.error.message);
    const orgKey = services.snapshots.orgKey;
    const approval = await services.approvals.create(
      {
        orgKey,
        plan: planned.plan,
        requester: { platform: 'slack', userId: OPERATOR },
        reason: 'stuck',
        channelId: holder.message.channel,
        messageTs: holder.ts,
      },
      new Date(Date.now() - 3 * 60_000),
    );
    // Approved two minutes ago, and nothing was enqueued.
    const approved = await services.approvals.approve(
      approval.id,
      { platform: 'slack', userId: APPROVER },
      new Date(Date.now() - 2 * 60_000),
      { orgKey },
    );
    expect(approved.ok).toBe(true);
    expect(await h.bot.queue.queue.getJob(approval.id)).toBeUndefined();

    const again = await press(h, APPROVE_ACTION_ID, approval.id, holder.ts, APPROVER_2);
    expect(await whisperTo(h, again)).toContain('Already approved');
    await waitForCard(h, holder.ts, 'Applied and verified');
    expectDisabledByOneWrite(sandbox);
  });
});

describe('an error after the change was recorded as applied', () => {
  it('(the apply audit entry could not be written on the last attempt) does not record it as failed', async () => {
    const { h, sandbox } = bench;
    const services = h.bot.services;
    const orgKey = services.snapshots.orgKey;
    const planned = planTrunkInService(await services.snapshots.get({ fresh: true }), 'Twilio', false);
    if (!planned.ok) throw new Error(planned.error.message);
    const now = new Date();
    const approval = await services.approvals.create(
      { orgKey, plan: planned.plan, requester: { platform: 'slack', userId: OPERATOR }, reason: 'audit hiccup' },
      now,
    );
    await services.approvals.approve(approval.id, { platform: 'slack', userId: APPROVER }, now, { orgKey });
    const appended: string[] = [];
    const audit = {
      append: async (input: Parameters<AuditLog['append']>[0]) => {
        appended.push(`${input.action} ${input.outcome}`);
        if (input.action === 'apply') throw new Error('redis went away for a moment');
        return services.audit.append(input);
      },
    } as unknown as AuditLog;

    const card = await runChange(approval.id, {
      services: { ...services, audit },
      log: services.log,
      attempt: 1,
      maxAttempts: 1,
      jobId: approval.id,
    });
    expect(trunkEnabled(sandbox)).toBe(false);
    expect((await services.approvals.get(approval.id))?.state).toBe('applied');
    expect(card.title).toContain('Applied');
    expect(appended).toEqual(['apply applied']);
  });
});

describe('rejecting', () => {
  it('an approver rejects: the card says who, nothing changes, Approve no longer works', async () => {
    const { h, sandbox } = bench;
    const card = await askToDisable(h, 'test');
    const id = card.id;
    await press(h, REJECT_ACTION_ID, id, card.ts, APPROVER);
    const text = await waitForCard(h, card.ts, 'Rejected');
    expect(text).toContain('Rejected by');
    expect(text).not.toContain(APPROVE_ACTION_ID);

    const late = await press(h, APPROVE_ACTION_ID, id, card.ts, APPROVER_2);
    expect(await whisperTo(h, late)).toContain('Already rejected');
    expect(trunkEnabled(sandbox)).toBe(true);
    expect(trunkBasePuts(sandbox)).toBe(0);
  });

  it('the person who asked may withdraw their request; another operator may not reject it', async () => {
    const { h } = bench;
    const card = await ask(h, 'trunk disable Twilio', OPERATOR);
    const id = approvalIdOn(card.message);
    const stranger = await press(h, REJECT_ACTION_ID, id, card.ts, VIEWER);
    expect(await whisperTo(h, stranger)).toContain('*approver* role');
    expect((await h.bot.services.approvals.get(id))?.state).toBe('pending');

    await press(h, REJECT_ACTION_ID, id, card.ts, OPERATOR);
    const text = await waitForCard(h, card.ts, 'Rejected');
    expect(text).toContain('withdrawn by the person who asked');
  });
});

describe('requests that need no approval or cannot be planned', () => {
  it('a trunk already in service: says so, no approval', async () => {
    const { h } = bench;
    const card = await ask(h, 'trunk enable Twilio', OPERATOR);
    expect(card.text).toContain('Already in place');
    expect(card.text).not.toContain(APPROVE_ACTION_ID);
  });

  it('an unknown trunk: says what is wrong, lists the trunks, shows an example', async () => {
    const { h } = bench;
    const card = await ask(h, 'trunk disable Nope', OPERATOR);
    expect(card.text).toContain('There is no BYOC trunk named');
    expect(card.text).toContain('Twilio');
    expect(card.text).toContain('/byoc trunk disable Twilio');
  });
});

describe('forged button payloads', () => {
  it('are refused, change nothing, and are audited as refused', async () => {
    const { h, sandbox } = bench;
    const services = h.bot.services;
    // A real, applied approval.
    const card = await ask(h, 'trunk disable Twilio', OPERATOR);
    const appliedId = approvalIdOn(card.message);
    await press(h, APPROVE_ACTION_ID, appliedId, card.ts, APPROVER);
    await waitForCard(h, card.ts, 'Applied and verified');
    resetTrunk();

    // Another org's approval, in the same Redis.
    const plan = (await services.approvals.get(appliedId))!.plan;
    const foreign = await services.approvals.create(
      { orgKey: 'another-org', plan, requester: { platform: 'slack', userId: OPERATOR }, reason: '' },
      new Date(),
    );
    // An approval whose time has run out.
    const stale = await services.approvals.create(
      { orgKey: services.snapshots.orgKey, plan, requester: { platform: 'slack', userId: OPERATOR }, reason: '' },
      new Date(Date.now() - 60 * 60_000),
    );

    const forged: { value: string; says: string }[] = [
      { value: 'ap-AAAAAAAAAAAA', says: 'does not exist' },
      { value: foreign.id, says: 'does not exist' },
      { value: 'status; DROP', says: 'does not exist' },
      { value: `${appliedId}:x`, says: 'does not exist' },
      { value: appliedId, says: 'Already approved' },
      { value: stale.id, says: 'expired' },
    ];
    const before = messageAt(h, card.ts).updates;
    for (const f of forged) {
      const r = await press(h, APPROVE_ACTION_ID, f.value, card.ts, APPROVER_2);
      expect(await whisperTo(h, r), f.value).toContain(f.says);
    }
    expect(messageAt(h, card.ts).updates).toBe(before);
    expect(trunkBasePuts(sandbox)).toBe(0);
    expect(trunkEnabled(sandbox)).toBe(true);
    expect((await services.approvals.get(foreign.id))?.state).toBe('pending');
    expect((await services.approvals.get(appliedId))?.state).toBe('applied');

    const refused = (await services.audit.query({ last: 50 })).filter((e) => e.outcome === 'refused');
    expect(refused.length).toBeGreaterThanOrEqual(forged.length);
    expect(refused.some((e) => e.approvalId === foreign.id)).toBe(true);
    expect(refused.some((e) => e.details.reason === 'malformed')).toBe(true);
  });
});

describe('the audit', () => {
  it('/byoc audit shows who asked, approved and applied, filtered by trunk', async () => {
    const { h } = bench;
    const card = await askToDisable(h, 'audit story');
    const id = card.id;
    await approve(h, card);
    await waitForCard(h, card.ts, 'Applied and verified');

    const audit = await ask(h, 'audit --trunk Twilio --last 5', VIEWER);
    expect(audit.text).toContain('Audit log: trunk Twilio');
    expect(audit.text).toContain(id);
    expect(audit.text).toContain('*applied*');
    expect(audit.text).toContain('*approved*');
    expect(audit.text).toContain(APPROVER);

    const entries = await h.bot.services.audit.query({ trunk: 'Twilio', last: 10 });
    const mine = entries.filter((e) => e.approvalId === id).map((e) => `${e.action}:${e.outcome}`);
    expect(mine).toEqual(['apply:applied', 'approve:approved', 'request:pending']);
    expect(readable(messageAt(h, audit.ts))).toContain('Take the trunk');
  });
});
