/**
 * The Approve and Reject buttons of an approval card (docs/architecture.md, "The flow of a command").
 *
 * The button value is only an approval id; everything else is read from Redis, and every move is one atomic
 * script in the store, so fifty people pressing Approve at once move the approval once and enqueue one change
 * job (whose BullMQ job id is the approval id, so even a repeated enqueue is a no-op). Whoever may not decide, or
 * presses a button that no longer decides anything, gets a private explanation and the card stays as it is;
 * presses that carry something other than a live approval of this org (a forged or stale payload) are audited as
 * refused.
 */
import { type Actor, APPROVAL_ID_PATTERN, type Approval, actorKey, actorName } from '../approvals/approval.js';
import { type ApprovalRefusal, approvalNotFound } from '../approvals/refusals.js';
import type { AuditAction } from '../audit/audit-log.js';
import { roleIncludes, yourRole } from '../auth/roles.js';
import { replyMessage } from '../chat/invocation.js';
import { ERROR_CODES } from '../coded-error.js';
import { approvalCard } from '../presentation/approval-card.js';
import type { ActionContext } from '../router/action-definition.js';
import type { Services } from '../services.js';
import { actorOf, auditActor, changeAudit } from './change-audit.js';
import { APPLY_CHANGE_JOB, applyJobId, expireJobId, STUCK_APPROVED_MS } from './job-names.js';

/** What deciding on an approval reaches: the approval and its audit, who may approve, and the change queue. */
export const DECISION_SERVICES = ['approvals', 'snapshots', 'audit', 'authorizer', 'queue', 'now'] as const;
type DecisionContext = ActionContext<Pick<Services, (typeof DECISION_SERVICES)[number]>>;

export async function approve(ctx: DecisionContext): Promise<void> {
  const { services } = ctx;
  const actor = actorOf(ctx.invocation);
  const id = ctx.value;
  if (!APPROVAL_ID_PATTERN.test(id)) return refuseMalformed(ctx, 'approve', actor);
  if (!roleIncludes(ctx.role, 'approver')) {
    const approval = await services.approvals.get(id, services.snapshots.orgKey);
    await auditRefusal(ctx, 'approve', actor, approval, `needs the approver role (has ${ctx.role ?? 'none'})`);
    await ctx.whisper(
      `Approving a change needs the *approver* role; ${yourRole(ctx.role)}. ` + services.authorizer.describe(),
    );
    return;
  }

  // The plan is immutable: read first, so the decision's audit entry is written by the same script as the decision.
  const orgKey = services.snapshots.orgKey;
  const found = await services.approvals.get(id, orgKey);
  if (!found) return explainRefusal(ctx, 'approve', actor, approvalNotFound(id));
  const audit = services.audit.prepare(changeAudit(found, 'approve', actor, 'approved'));
  const outcome = await services.approvals.approve(id, actor, new Date(services.now()), {
    orgKey,
    selfApproval: services.authorizer.selfApprovalAllowed === true,
    audit,
  });
  if (!outcome.ok) return explainRefusal(ctx, 'approve', actor, outcome.refusal);

  // Approved and audited as one step; the change job is queued before any chat call (the working note comes after),
  // and should this process die in between, the sweeper queues it (STUCK_APPROVED_MS).
  const approval = outcome.approval;
  await ctx.enqueue(
    { name: APPLY_CHANGE_JOB, payload: { approvalId: approval.id } },
    {
      jobId: applyJobId(approval.id),
      workingText: `:hourglass_flowing_sand: Approved by ${actorName(actor)}; applying "${approval.plan.title}"…`,
    },
  );
  if (outcome.auditId) await services.audit.recorded(audit, outcome.auditId);
  await services.queue.remove(expireJobId(approval.id)).catch(() => false);
}

export async function reject(ctx: DecisionContext): Promise<void> {
  const { services } = ctx;
  const actor = actorOf(ctx.invocation);
  const id = ctx.value;
  if (!APPROVAL_ID_PATTERN.test(id)) return refuseMalformed(ctx, 'reject', actor);
  const orgKey = services.snapshots.orgKey;
  const approval = await services.approvals.get(id, orgKey);
  if (!approval) return explainRefusal(ctx, 'reject', actor, approvalNotFound(id));

  // An approver decides; the requester may withdraw their own request. Nobody else.
  const isRequester = actorKey(approval.requester) === actorKey(actor);
  if (!roleIncludes(ctx.role, 'approver') && !isRequester) {
    await auditRefusal(ctx, 'reject', actor, approval, `needs the approver role (has ${ctx.role ?? 'none'})`);
    await ctx.whisper(
      `Rejecting a change needs the *approver* role (or to be the person who asked); ${yourRole(ctx.role)}.`,
    );
    return;
  }
  const reason = isRequester ? 'withdrawn by the person who asked' : '';
  const audit = services.audit.prepare(changeAudit(approval, 'reject', actor, 'rejected', reason ? { reason } : {}));
  const outcome = await services.approvals.reject(id, actor, reason, new Date(services.now()), { orgKey, audit });
  if (!outcome.ok) return explainRefusal(ctx, 'reject', actor, outcome.refusal);
  if (outcome.auditId) await services.audit.recorded(audit, outcome.auditId);
  await services.queue.remove(expireJobId(id)).catch(() => false);
  await ctx.update(approvalCard(outcome.approval));
}

/** A value that cannot be an approval id: nothing to look up, so nothing about it is revealed. */
async function refuseMalformed(ctx: DecisionContext, action: AuditAction, actor: Actor): Promise<void> {
  ctx.log.warn({ action, value: ctx.value.slice(0, 64) }, 'button press with a value that is not an approval id');
  await ctx.services.audit.append({
    action,
    actor: auditActor(actor),
    summary: `${action} pressed with a value that is not an approval id`,
    outcome: 'refused',
    details: { value: ctx.value.slice(0, 64), reason: 'malformed' },
  });
  await ctx.whisper(approvalNotFound(ctx.value).message);
}

async function explainRefusal(
  ctx: DecisionContext,
  action: AuditAction,
  actor: Actor,
  refusal: ApprovalRefusal,
): Promise<void> {
  const { services } = ctx;
  const { approval } = refusal.details;
  if (refusal.code === ERROR_CODES.approvalNotFound || !approval) {
    // Unknown id or another org's: the same answer either way, so a forged id learns nothing.
    ctx.log.warn(
      { action, approvalId: refusal.details.approvalId },
      'button press for an approval that does not exist here',
    );
    await services.audit.append({
      action,
      actor: auditActor(actor),
      approvalId: refusal.details.approvalId,
      summary: `${action} pressed for an unknown approval`,
      outcome: 'refused',
      details: { reason: refusal.code },
    });
    await ctx.whisper(refusal.message);
    return;
  }
  await auditRefusal(ctx, action, actor, approval, refusal.code);
  if (refusal.code === ERROR_CODES.approvalExpired) {
    // The press found it past its time: the store recorded the expiry just now, so the card says so too.
    await services.audit.append(changeAudit(approval, 'expire', 'system', 'expired'));
    await services.queue.remove(expireJobId(approval.id)).catch(() => false);
    if (isItsCard(ctx, approval)) await ctx.update(approvalCard(approval));
  } else if (
    refusal.code === ERROR_CODES.approvalNotPending &&
    approval.state === 'approved' &&
    isStuck(ctx, approval)
  ) {
    // Approved long ago and still not applied: the process that won may have died before enqueueing. Enqueue
    // again; the job id is the approval id, so while the job exists this adds nothing, and the card is left alone.
    // (Never right after the approval: the winner is still about to enqueue and show "applying".)
    await services.queue.enqueue({ name: APPLY_CHANGE_JOB, payload: { approvalId: approval.id } }, ctx.invocation, {
      jobId: applyJobId(approval.id),
    });
  }
  await ctx.whisper(refusal.message);
}

function isStuck(ctx: DecisionContext, approval: Approval): boolean {
  const approvedAt = approval.approvedAt ? Date.parse(approval.approvedAt) : Number.NaN;
  return isItsCard(ctx, approval) && ctx.services.now() - approvedAt > STUCK_APPROVED_MS;
}

/** True when the pressed button is on this approval's own card (a forged press elsewhere must not touch it). */
function isItsCard(ctx: DecisionContext, approval: Approval): boolean {
  const message = replyMessage(ctx.invocation.reply);
  // Posted privately (no message of its own): only a press on a private message can be on that card.
  if (!approval.messageTs) return message === undefined;
  return message?.channelId === approval.channelId && message?.messageTs === approval.messageTs;
}

async function auditRefusal(
  ctx: DecisionContext,
  action: AuditAction,
  actor: Actor,
  approval: Approval | undefined,
  reason: string,
): Promise<void> {
  if (!approval) {
    await ctx.services.audit.append({
      action,
      actor: auditActor(actor),
      approvalId: ctx.value,
      summary: `${action} pressed for an unknown approval`,
      outcome: 'refused',
      details: { reason },
    });
    return;
  }
  await ctx.services.audit.append(changeAudit(approval, action, actor, 'refused', { reason, state: approval.state }));
}
