import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, APPROVAL_ID_PATTERN, type Approval } from '../../src/approvals/approval.js';
import { ApprovalStore } from '../../src/approvals/approval-store.js';
import type { ChangePlan } from '../../src/byoc/changes/change-plan.js';
import { planTrunkInService } from '../../src/byoc/changes/trunk-in-service.js';
import { ERROR_CODES } from '../../src/coded-error.js';
import { loadScenario } from '../../src/sandbox/scenario.js';
import { snapshotFromScenario } from '../../src/sandbox/scenario-snapshot.js';
import { REDIS_URL } from '../redis-url.js';

const prefix = `test-${randomUUID()}:`;
const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
const clients: Redis[] = [];

const ORG = 'sandbox-client-id';
const ops: Actor = { platform: 'slack', userId: 'U0OPS1', name: 'Olivia Ops' };
const lead1: Actor = { platform: 'slack', userId: 'U0LEAD1', name: 'Lea Lead' };
const lead2: Actor = { platform: 'slack', userId: 'U0LEAD2', name: 'Leo Lead' };
const t0 = new Date('2030-05-01T10:00:00.000Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

function disableTwilioPlan(): ChangePlan {
  const result = planTrunkInService(snapshotFromScenario(loadScenario('default')), 'Twilio', false);
  if (!result.ok) throw new Error(result.error.message);
  return result.plan;
}

const plan = disableTwilioPlan();
const store = () => new ApprovalStore(redis, { prefix });
const request = (s = store(), now = t0) =>
  s.create({ orgKey: ORG, plan, requester: ops, reason: 'maintenance window', channelId: 'C0ONCALL' }, now);

/** Everything the store holds under the test prefix, to prove a refusal changed nothing. */
async function dump(): Promise<Record<string, unknown>> {
  const keys = (await redis.keys(`${prefix}*`)).sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const type = await redis.type(k);
    out[k] =
      type === 'hash'
        ? await redis.hgetall(k)
        : type === 'list'
          ? await redis.lrange(k, 0, -1)
          : await redis.zrange(k, 0, -1, 'WITHSCORES');
  }
  return out;
}

beforeAll(async () => {
  await redis.connect();
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await Promise.all([redis, ...clients].map((c) => c.quit()));
});

describe('approval store', () => {
  it('records a pending approval with its plan, requester, expiry and a short URL-safe id', async () => {
    const a = await request();
    expect(a.id).toMatch(APPROVAL_ID_PATTERN);
    expect(a.id).not.toContain(':');
    expect(a).toMatchObject({
      orgKey: ORG,
      kind: 'trunk.disable',
      state: 'pending',
      requester: ops,
      reason: 'maintenance window',
      channelId: 'C0ONCALL',
      createdAt: t0.toISOString(),
      expiresAt: at(15).toISOString(),
      confirmRequired: plan.confirmRequired,
    });
    expect(a.plan).toEqual(plan);
    expect(a.history).toEqual([
      { from: null, to: 'pending', at: t0.toISOString(), by: ops, note: 'maintenance window' },
    ]);
    const ttl = await redis.pttl(`${prefix}approval:${a.id}`);
    expect(ttl).toBeGreaterThan(15 * 60_000);
  });

  it('fifty approvers pressing Approve at once approve it exactly once; the others hear who was first', async () => {
    const a = await request();
    for (let i = 0; i < 5; i++) {
      const c = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
      clients.push(c);
    }
    const stores = clients.map((c) => new ApprovalStore(c, { prefix }));
    const approvers: Actor[] = Array.from({ length: 50 }, (_, i) => ({ platform: 'slack', userId: `U0APP${i}` }));
    const outcomes = await Promise.all(
      approvers.map((who, i) => stores[i % stores.length]!.approve(a.id, who, at(1), { orgKey: ORG })),
    );
    const wins = outcomes.filter((o) => o.ok);
    expect(wins).toHaveLength(1);
    const winner = wins[0]!.ok ? wins[0]!.approval.approvedBy : undefined;
    for (const o of outcomes.filter((x) => !x.ok)) {
      if (o.ok) continue;
      const refusal = o.refusal;
      expect(refusal.code).toBe(ERROR_CODES.approvalNotPending);
      expect(refusal.details.approval?.state).toBe('approved');
      expect(refusal.details.by).toEqual(winner);
      expect(refusal.message).toBe(`Already approved by ${winner!.userId}; the change is being applied.`);
    }
    const stored = await store().get(a.id);
    expect(stored?.history.map((h) => h.to)).toEqual(['pending', 'approved']);
  });

  it("the requester's own Approve is refused and leaves the approval pending", async () => {
    const a = await request();
    const before = await dump();
    const outcome = await store().approve(a.id, { ...ops, name: 'someone else' }, at(1), { orgKey: ORG });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.refusal.code).toBe(ERROR_CODES.selfApproval);
      expect(outcome.refusal.message).toBe('You asked for this change, so someone else must approve it.');
    }
    expect(await dump()).toEqual(before);
  });

  it('the requester may approve their own change when the org allows self-approval', async () => {
    const a = await request();
    const outcome = await store().approve(a.id, ops, at(1), { orgKey: ORG, selfApproval: true });
    expect(outcome.ok && outcome.approval.state).toBe('approved');
    expect(outcome.ok && outcome.approval.approvedBy).toEqual(ops);
  });

  it('a reject records who and why, and a later Approve hears it was rejected', async () => {
    const a = await request();
    const rejected = await store().reject(a.id, lead1, 'not during business hours', at(2), { orgKey: ORG });
    expect(rejected.ok).toBe(true);
    if (rejected.ok) {
      expect(rejected.approval).toMatchObject({
        state: 'rejected',
        rejectedBy: lead1,
        rejectReason: 'not during business hours',
        rejectedAt: at(2).toISOString(),
      });
      expect(rejected.approval.history.at(-1)).toEqual({
        from: 'pending',
        to: 'rejected',
        at: at(2).toISOString(),
        by: lead1,
        note: 'not during business hours',
      });
    }
    const late = await store().approve(a.id, lead2, at(3), { orgKey: ORG });
    expect(!late.ok && late.refusal.code).toBe(ERROR_CODES.approvalNotPending);
    expect(!late.ok && late.refusal.message).toBe('Already rejected by Lea Lead.');
    expect(await store().listPending(ORG)).not.toContainEqual(expect.objectContaining({ id: a.id }));
  });

  it('an Approve after the expiry time is refused and records the expiry', async () => {
    const a = await request();
    const outcome = await store().approve(a.id, lead1, at(15), { orgKey: ORG });
    expect(!outcome.ok && outcome.refusal.code).toBe(ERROR_CODES.approvalExpired);
    expect(!outcome.ok && outcome.refusal.message).toBe(
      'This approval expired at 2030-05-01 10:15 UTC. Nothing was changed; ask again if it is still needed.',
    );
    const stored = await store().get(a.id);
    expect(stored?.state).toBe('expired');
    expect(stored?.approvedBy).toBeUndefined();
    const again = await store().approve(a.id, lead1, at(16), { orgKey: ORG });
    expect(!again.ok && again.refusal.code).toBe(ERROR_CODES.approvalNotPending);
  });

  it('the sweeper expires an approval once its time has come, and not a minute before', async () => {
    const s = store();
    const a = await request(s);
    expect(await s.dueForExpiry(at(14))).not.toContain(a.id);
    const early = await s.expire(a.id, at(14));
    expect(!early.ok && early.refusal.code).toBe(ERROR_CODES.approvalNotYetExpired);
    expect((await s.get(a.id))?.state).toBe('pending');

    expect(await s.dueForExpiry(at(15))).toContain(a.id);
    const expired = await s.expire(a.id, at(15));
    expect(expired.ok && expired.approval.state).toBe('expired');
    expect(expired.ok && expired.approval.history.at(-1)).toEqual({
      from: 'pending',
      to: 'expired',
      at: at(15).toISOString(),
    });
    expect(await s.dueForExpiry(at(60))).not.toContain(a.id);
    expect(await s.listPending(ORG)).not.toContainEqual(expect.objectContaining({ id: a.id }));
  });

  it('the ttl is configurable per store and per approval', async () => {
    const s = new ApprovalStore(redis, { prefix, ttlMs: 60_000 });
    const short = await s.create({ orgKey: ORG, plan, requester: ops, reason: '' }, t0);
    expect(short.expiresAt).toBe(at(1).toISOString());
    const custom = await s.create({ orgKey: ORG, plan, requester: ops, reason: '', ttlMs: 5 * 60_000 }, t0);
    expect(custom.expiresAt).toBe(at(5).toISOString());
  });

  it('an approved change is applied once with its result, and a second markApplied is refused', async () => {
    const s = store();
    const a = await request(s);
    await s.approve(a.id, lead1, at(1), { orgKey: ORG });
    const applied = await s.markApplied(a.id, { verified: true, detail: 'out of service on 2 edges' }, at(2));
    expect(applied.ok && applied.approval).toMatchObject({
      state: 'applied',
      approvedBy: lead1,
      result: { verified: true, detail: 'out of service on 2 edges' },
    });
    const twice = await s.markApplied(a.id, { verified: true, detail: 'again' }, at(3));
    expect(!twice.ok && twice.refusal.code).toBe(ERROR_CODES.approvalNotPending);
    expect(!twice.ok && twice.refusal.details.approval?.state).toBe('applied');
    expect((await s.get(a.id))?.result?.detail).toBe('out of service on 2 edges');
    expect((await s.get(a.id))?.history.map((h) => h.to)).toEqual(['pending', 'approved', 'applied']);
  });

  it('a failed change records why, and only an approved approval can be applied or failed', async () => {
    const s = store();
    const pending = await request(s);
    const tooEarly = await s.markApplied(pending.id, { verified: true, detail: 'x' }, at(1));
    expect(!tooEarly.ok && tooEarly.refusal.code).toBe(ERROR_CODES.approvalNotPending);
    expect((await s.get(pending.id))?.state).toBe('pending');

    await s.approve(pending.id, lead1, at(1), { orgKey: ORG });
    const failed = await s.markFailed(
      pending.id,
      { message: 'Genesys answered 409 twice', reference: 'corr-123' },
      at(2),
    );
    expect(failed.ok && failed.approval).toMatchObject({
      state: 'failed',
      failure: { message: 'Genesys answered 409 twice', reference: 'corr-123' },
    });
  });

  it('forged ids are refused and change nothing: unknown, of another org, with a colon, already applied', async () => {
    const s = store();
    const a = await request(s);
    const applied = await request(s);
    await s.approve(applied.id, lead1, at(1), { orgKey: ORG });
    await s.markApplied(applied.id, { verified: true, detail: 'done' }, at(2));
    const before = await dump();

    const unknown = await s.approve('ap-AAAAAAAAAAAA', lead1, at(1), { orgKey: ORG });
    expect(!unknown.ok && unknown.refusal.code).toBe(ERROR_CODES.approvalNotFound);
    const otherOrg = await s.approve(a.id, lead1, at(1), { orgKey: 'another-org' });
    expect(!otherOrg.ok && otherOrg.refusal.code).toBe(ERROR_CODES.approvalNotFound);
    const otherOrgReject = await s.reject(a.id, lead1, 'no', at(1), { orgKey: 'another-org' });
    expect(!otherOrgReject.ok && otherOrgReject.refusal.code).toBe(ERROR_CODES.approvalNotFound);
    const colon = await s.approve(`${a.id}:history`, lead1, at(1), { orgKey: ORG });
    expect(!colon.ok && colon.refusal.code).toBe(ERROR_CODES.approvalNotFound);
    const again = await s.approve(applied.id, lead2, at(3), { orgKey: ORG });
    expect(!again.ok && again.refusal.code).toBe(ERROR_CODES.approvalNotPending);
    expect(!again.ok && again.refusal.message).toBe('Already approved by Lea Lead and applied.');
    const rejectApplied = await s.reject(applied.id, lead2, 'undo', at(3), { orgKey: ORG });
    expect(!rejectApplied.ok && rejectApplied.refusal.code).toBe(ERROR_CODES.approvalNotPending);
    expect(await s.expire('ap-BBBBBBBBBBBB', at(60))).toMatchObject({ ok: false });
    expect(await s.markApplied('ap-BBBBBBBBBBBB', { verified: true, detail: '' }, at(60))).toMatchObject({ ok: false });
    expect(await s.get(a.id, 'another-org')).toBeUndefined();

    expect(await dump()).toEqual(before);
  });

  it('a new store over the same Redis (a restart, another replica) sees the approval and can decide it', async () => {
    const first = store();
    const a = await request(first);
    await first.attachMessage(a.id, ORG, 'C0ONCALL', '1714557600.000100');

    const replica = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    clients.push(replica);
    const restarted = new ApprovalStore(replica, { prefix });
    const seen = (await restarted.get(a.id)) as Approval;
    expect(seen).toMatchObject({ id: a.id, state: 'pending', plan, messageTs: '1714557600.000100' });
    expect((await restarted.listPending(ORG)).map((x) => x.id)).toContain(a.id);
    const outcome = await restarted.approve(a.id, lead2, at(1), { orgKey: ORG });
    expect(outcome.ok && outcome.approval.approvedBy).toEqual(lead2);
  });

  it('listPending shows only the pending approvals of that org', async () => {
    const s = store();
    const mine = await request(s);
    const decided = await request(s);
    await s.reject(decided.id, lead1, 'no', at(1), { orgKey: ORG });
    const theirs = await s.create({ orgKey: 'other-org', plan, requester: ops, reason: '' }, t0);
    const ids = (await s.listPending(ORG)).map((x) => x.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(decided.id);
    expect(ids).not.toContain(theirs.id);
    expect((await s.listPending('other-org')).map((x) => x.id)).toEqual([theirs.id]);
  });
});
