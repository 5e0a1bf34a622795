/** Audit entries about a change, with the fields `/byoc audit --trunk T --number N` filters on. */
import type { Actor, Approval } from '../approvals/approval.js';
import type { AuditAction, AuditInput, AuditOutcome } from '../audit/audit-log.js';
import type { ChangePlan } from '../byoc/changes/change-plan.js';
import type { Invocation } from '../chat/invocation.js';

/** Who is asking or pressing, as an approval records them. */
export function actorOf(invocation: Pick<Invocation, 'platform' | 'userId' | 'userName'>): Actor {
  return {
    platform: invocation.platform,
    userId: invocation.userId,
    ...(invocation.userName ? { name: invocation.userName } : {}),
  };
}

/** The audit names people by their platform id (what an admin searches for); `system` is the bot itself. */
export function auditActor(actor: Actor | 'system'): string {
  return actor === 'system' ? 'system' : actor.userId;
}

export function planSubject(plan: ChangePlan): Pick<AuditInput, 'trunk' | 'number'> {
  return {
    ...(plan.subject.trunkBase ? { trunk: plan.subject.trunkBase.name } : {}),
    ...(plan.subject.phoneNumber ? { number: plan.subject.phoneNumber } : {}),
  };
}

export function changeAudit(
  approval: Pick<Approval, 'id' | 'plan'>,
  action: AuditAction,
  actor: Actor | 'system',
  outcome: AuditOutcome,
  details: Record<string, unknown> = {},
): AuditInput {
  return {
    action,
    actor: auditActor(actor),
    approvalId: approval.id,
    ...planSubject(approval.plan),
    summary: approval.plan.title,
    outcome,
    details: { kind: approval.plan.kind, objects: planObjects(approval.plan), ...details },
  };
}

/**
 * The vendor ids a plan's steps touch (trunk base, user, IVR, DID pool, Twilio list, trunk, number): the change
 * timeline recognises the vendors' own records of these writes by them and shows the change once.
 */
export function planObjects(plan: ChangePlan): string[] {
  const ids = plan.steps.flatMap((s) =>
    ['trunkBaseId', 'userId', 'ivrId', 'didPoolId', 'ipAccessControlListSid', 'trunkSid', 'phoneNumberSid']
      .map((k) => (s as unknown as Record<string, unknown>)[k])
      .filter((v): v is string => typeof v === 'string' && v !== ''),
  );
  return [...new Set(ids)];
}
