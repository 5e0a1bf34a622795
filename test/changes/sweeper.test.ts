/**
 * The approval sweeper finishes what nothing else would: an approval approved by a process that died before it
 * enqueued the change is applied without anyone pressing again, and a pending approval past its time whose expiry
 * job is gone is expired, its card saying so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planTrunkInService } from '../../src/byoc/changes/trunk-in-service.js';
import { APPROVER, ask, type Bench, expectDisabledByOneWrite, OPERATOR, startBench, waitForCard } from './helpers.js';

let bench: Bench;

beforeAll(async () => {
  bench = await startBench({ bot: { approvalSweepMs: 500 } });
}, 30_000);

afterAll(async () => {
  await bench?.close();
});

async function approvalOnCard(reason: string, createdAgoMs: number, ttlMs?: number) {
  const { h } = bench;
  const services = h.bot.services;
  const holder = await ask(h, 'approvals', OPERATOR);
  const planned = planTrunkInService(await services.snapshots.get({ fresh: true }), 'Twilio', false);
  if (!planned.ok) throw new Error(planned.error.message);
  const approval = await services.approvals.create(
    {
      orgKey: services.snapshots.orgKey,
      plan: planned.plan,
      requester: { platform: 'slack', userId: OPERATOR },
      reason,
      channelId: holder.message.channel,
      messageTs: holder.ts,
      reply: { platform: 'slack', channel: holder.message.channel, userId: OPERATOR, ts: holder.ts },
      ...(ttlMs !== undefined ? { ttlMs } : {}),
    },
    new Date(Date.now() - createdAgoMs),
  );
  return { approval, ts: holder.ts };
}

describe('the approval sweeper', () => {
  it('applies an approval whose change job was never enqueued, with nobody pressing again', async () => {
    const { h, sandbox } = bench;
    sandbox.genesys.resetRequests();
    const { approval, ts } = await approvalOnCard('died after approving', 3 * 60_000);
    const approved = await h.bot.services.approvals.approve(
      approval.id,
      { platform: 'slack', userId: APPROVER },
      new Date(Date.now() - 2 * 60_000),
      { orgKey: h.bot.services.snapshots.orgKey },
    );
    expect(approved.ok).toBe(true);
    await waitForCard(h, ts, 'Applied and verified', 30_000);
    expectDisabledByOneWrite(sandbox);
    expect((await h.bot.services.approvals.get(approval.id))?.state).toBe('applied');
  }, 60_000);

  it('expires a pending approval past its time whose expiry job is gone, and the card says so', async () => {
    const { h } = bench;
    const { approval, ts } = await approvalOnCard('forgotten, expiry lost', 60_000, 30_000);
    await waitForCard(h, ts, 'Expired', 30_000);
    expect((await h.bot.services.approvals.get(approval.id))?.state).toBe('expired');
    const expiries = (await h.bot.services.audit.query({ last: 50 })).filter(
      (e) => e.approvalId === approval.id && e.action === 'expire',
    );
    expect(expiries).toHaveLength(1);
  }, 60_000);
});
