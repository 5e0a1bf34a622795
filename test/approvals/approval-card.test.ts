import { describe, expect, it } from 'vitest';
import type { Actor, Approval } from '../../src/approvals/approval.js';
import type { ChangePlan } from '../../src/byoc/changes/change-plan.js';
import { planDidAssign } from '../../src/byoc/changes/did-assign.js';
import { planTrunkInService } from '../../src/byoc/changes/trunk-in-service.js';
import { type Card, cardTime, plainCardText } from '../../src/cards/card.js';
import { approvalCard } from '../../src/presentation/approval-card.js';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from '../../src/presentation/chat-names.js';
import { loadScenario } from '../../src/sandbox/scenario.js';
import { snapshotFromScenario } from '../../src/sandbox/scenario-snapshot.js';

const snap = snapshotFromScenario(loadScenario('default'));
const unwrap = (r: ReturnType<typeof planTrunkInService>): ChangePlan => {
  if (!r.ok) throw new Error(r.error.message);
  return r.plan;
};
const disable = unwrap(planTrunkInService(snap, 'Twilio', false));
const enableNoop = unwrap(planTrunkInService(snap, 'Twilio', true));
const didAssign = unwrap(
  planDidAssign(snap, '+33123456790', { kind: 'user', userId: 'u1', name: 'Alice Martin', email: 'alice@example.com' }),
);

const ops: Actor = { platform: 'slack', userId: 'U0OPS1', name: 'Olivia Ops' };
const lead: Actor = { platform: 'slack', userId: 'U0LEAD1', name: 'Lea Lead' };

function approval(plan: ChangePlan, over: Partial<Approval> = {}): Approval {
  return {
    id: 'ap-Abc123_-xyz9',
    orgKey: 'sandbox-client-id',
    kind: plan.kind,
    plan,
    requester: ops,
    reason: 'carrier maintenance',
    createdAt: '2030-05-01T10:00:00.000Z',
    expiresAt: '2030-05-01T10:15:00.000Z',
    updatedAt: '2030-05-01T10:00:00.000Z',
    state: 'pending',
    ...(plan.confirmRequired ? { confirmRequired: plan.confirmRequired } : {}),
    history: [],
    ...over,
  };
}

/** Every string on the card, to assert what a person reads regardless of where it sits. */
function text(card: Card): string {
  return JSON.stringify(card);
}

describe('approval card', () => {
  it('pending: who asked, why, each vendor change before -> after, impact, expiry and the two buttons', () => {
    const card = approvalCard(approval(didAssign));
    expect(card.title).toBe('Approval needed: Assign +33123456790 to Alice Martin <alice@example.com>');
    expect(card.status).toBe('pending');
    expect(card.fields).toEqual([
      { label: 'Requested by', value: 'Olivia Ops' },
      { label: 'Reason', value: 'carrier maintenance' },
      { label: 'Expires', value: [cardTime('2030-05-01T10:15:00.000Z')] },
    ]);
    expect(card.sections?.[0]?.checks).toEqual([
      {
        status: 'pending',
        label: 'Genesys Cloud · DID pool for +33123456790',
        detail: 'in no DID pool → in a new pool +33123456790–+33123456790 (PURE_CLOUD)',
      },
      {
        status: 'pending',
        label: 'Twilio · Twilio trunk "PureCloudDev"',
        detail: '+33123456790 on the account, not on the trunk → +33123456790 on the trunk',
      },
      {
        status: 'pending',
        label: 'Genesys Cloud · user Alice Martin <alice@example.com>',
        detail: '+33123456790 owned by nobody → +33123456790 a WORK phone of Alice Martin <alice@example.com>',
      },
    ]);
    expect(card.sections?.[1]).toEqual({ title: 'Impact', items: didAssign.impact });
    expect(card.buttons).toEqual([
      { actionId: APPROVE_ACTION_ID, label: 'Approve', value: 'ap-Abc123_-xyz9', style: 'primary' },
      { actionId: REJECT_ACTION_ID, label: 'Reject', value: 'ap-Abc123_-xyz9', style: 'danger' },
    ]);
    expect(plainCardText(card.footer)).toContain('ap-Abc123_-xyz9');
  });

  it('pending with a risk: the Approve button asks for confirmation naming it', () => {
    const card = approvalCard(approval(disable));
    const approve = card.buttons?.find((b) => b.actionId === 'approval.approve');
    expect(approve?.confirm?.text).toBe(disable.confirmRequired);
    expect(approve?.confirm?.text).toContain('"Twilio Route"');
    expect(card.sections).toContainEqual({ title: 'Needs explicit confirmation', text: disable.confirmRequired });
    expect(text(card)).toContain('Calls in progress on it now: 3 inbound, 2 outbound.');
    expect(text(card)).toContain('trunk_enabled: true (in service) → trunk_enabled: false (out of service)');
  });

  it('pending for a change already in place says approving changes nothing', () => {
    expect(text(approvalCard(approval(enableNoop)))).toContain(
      'Everything is already in place: approving changes nothing.',
    );
  });

  it('approved: says who approved and that it is being applied, without buttons', () => {
    const card = approvalCard(approval(disable, { state: 'approved', approvedBy: lead }));
    expect(card.status).toBe('info');
    expect(card.summary).toBe('Approved by Lea Lead; applying the change now.');
    expect(card.buttons).toBeUndefined();
  });

  it('applied and verified: who asked, who approved, what changed', () => {
    const card = approvalCard(
      approval(disable, {
        state: 'applied',
        approvedBy: lead,
        result: { verified: true, detail: 'Out of service on 2 of 2 edges.' },
      }),
    );
    expect(card.title).toBe('Applied: Take the trunk "Twilio" out of service');
    expect(card.status).toBe('ok');
    expect(card.fields).toEqual([
      { label: 'Requested by', value: 'Olivia Ops' },
      { label: 'Reason', value: 'carrier maintenance' },
      { label: 'Approved by', value: 'Lea Lead' },
      { label: 'Verified', value: 'yes' },
    ]);
    expect(card.sections?.[0]?.checks).toEqual([
      {
        status: 'ok',
        label: 'Genesys Cloud · trunk base "Twilio"',
        detail: 'trunk_enabled: true (in service) → trunk_enabled: false (out of service)',
      },
    ]);
    expect(card.sections?.[1]).toEqual({ title: 'Verification', text: 'Out of service on 2 of 2 edges.' });
    expect(card.buttons).toBeUndefined();
  });

  it('applied but not verified is a warning', () => {
    const card = approvalCard(
      approval(disable, {
        state: 'applied',
        approvedBy: lead,
        result: { verified: false, detail: '1 of 2 edges still in service' },
      }),
    );
    expect(card.status).toBe('warn');
    expect(card.fields).toContainEqual({ label: 'Verified', value: 'no' });
    expect(card.summary).toContain('not verified');
  });

  it('applied when it was already in place: nothing changed', () => {
    const card = approvalCard(
      approval(disable, {
        state: 'applied',
        approvedBy: lead,
        result: { verified: true, alreadyInPlace: true, detail: 'Already out of service.' },
      }),
    );
    expect(card.title).toBe('Already in place: Take the trunk "Twilio" out of service');
    expect(card.summary).toBe('Already in place — nothing changed.');
    expect(card.status).toBe('ok');
  });

  it('failed: why, and the reference to quote', () => {
    const card = approvalCard(
      approval(disable, {
        state: 'failed',
        approvedBy: lead,
        failure: { message: 'Genesys reported a version conflict twice', reference: 'corr-7f3a' },
      }),
    );
    expect(card.status).toBe('fail');
    expect(card.summary).toBe('The change failed: Genesys reported a version conflict twice.');
    expect(card.fields).toContainEqual({ label: 'Reference', value: 'corr-7f3a' });
    expect(card.buttons).toBeUndefined();
  });

  it('rejected: by whom and why', () => {
    const card = approvalCard(
      approval(disable, { state: 'rejected', rejectedBy: lead, rejectReason: 'not during business hours' }),
    );
    expect(card.title).toBe('Rejected: Take the trunk "Twilio" out of service');
    expect(card.summary).toBe('Rejected by Lea Lead: not during business hours');
    expect(card.fields).toContainEqual({ label: 'Rejected by', value: 'Lea Lead' });
    expect(card.buttons).toBeUndefined();
  });

  it('expired: says so and the buttons are gone', () => {
    const card = approvalCard(approval(disable, { state: 'expired' }));
    expect(card.title).toBe('Expired: Take the trunk "Twilio" out of service');
    // The moment is typed: each renderer writes it in its reader's zone (UTC where none is known).
    expect(plainCardText(card.summary)).toContain('Nobody decided before 2030-05-01 10:15 UTC');
    expect(plainCardText(card.summary)).toContain('Nothing was changed');
    expect(card.buttons).toBeUndefined();
  });
});
