/**
 * The change job's work: an approved approval in, its result card out. Reads the approval from Redis (the job
 * payload carries only its id), applies the plan against the vendors' current state, verifies, records the
 * outcome on the approval (approved -> applied | failed, atomically) and in the audit, and forgets the cached
 * snapshot so the next command sees the new state.
 *
 * A retryable vendor failure (429, 5xx, unreachable) is thrown back to BullMQ for another attempt while attempts
 * remain: the applier is idempotent, so the next attempt picks up where this one stopped. Anything else, or the
 * last attempt, marks the approval failed with a reason and a reference.
 */
import type { Approval } from '../approvals/approval.js';
import type { AuditOutcome } from '../audit/audit-log.js';
import type { Card } from '../cards/card.js';
import type { Logger } from '../log.js';
import { approvalCard } from '../presentation/approval-card.js';
import { isRetryable } from '../queue/retry-policy.js';
import { newReference } from '../reference.js';
import type { Services } from '../services.js';
import { isVendorError } from '../vendors/vendor-error.js';
import { applyPlan } from './apply-plan.js';
import { changeAudit } from './change-audit.js';
import { isChangeError } from './change-errors.js';
import { redisStepProgress } from './step-progress.js';
import { type VerifyDeps, verifyPlan } from './verify-plan.js';

/** What applying a change reaches: the approval, the vendors, its audit, and Redis for its step progress. */
export type RunChangeServices = Pick<
  Services,
  'approvals' | 'snapshots' | 'vendors' | 'redis' | 'config' | 'audit' | 'now'
>;

export interface RunChangeDeps {
  services: RunChangeServices;
  log: Logger;
  attempt: number;
  maxAttempts: number;
  jobId: string;
  /** Verification pacing (tests make it quick). */
  verify?: Pick<VerifyDeps, 'attempts' | 'pauseMs' | 'sleep'>;
}

export async function runChange(approvalId: string, deps: RunChangeDeps): Promise<Card> {
  const { services, log } = deps;
  const approval = await services.approvals.get(approvalId, services.snapshots.orgKey);
  if (!approval) {
    log.warn({ approvalId }, 'change job for an approval that does not exist');
    return {
      title: 'Change not applied',
      status: 'fail',
      summary: 'This approval no longer exists, so nothing was changed.',
      footer: `Approval ${approvalId}`,
    };
  }
  // A re-run after the outcome was recorded (the worker died before finishing the job): report, change nothing.
  if (approval.state !== 'approved') return approvalCard(approval);

  const genesys = 'client' in services.vendors.genesys ? services.vendors.genesys.client : undefined;
  const twilio = 'client' in services.vendors.twilio ? services.vendors.twilio.client : undefined;
  const progress = redisStepProgress(services.redis, services.config.queuePrefix, approval.id);
  try {
    const applied = await applyPlan(approval.plan.steps, { genesys, twilio, progress, log });
    const check = await verifyPlan(approval.plan.steps, { genesys, twilio, ...deps.verify });
    const result = { verified: check.verified, detail: check.detail, alreadyInPlace: !applied.changed };
    const outcome = await services.approvals.markApplied(approval.id, result, new Date(services.now()));
    const auditOutcome: AuditOutcome = !applied.changed ? 'unchanged' : check.verified ? 'applied' : 'unverified';
    await services.audit.append(
      changeAudit(approval, 'apply', approval.approvedBy ?? 'system', auditOutcome, {
        verified: check.verified,
        detail: check.detail,
        steps: applied.steps.map((s) => ({ target: approval.plan.steps[s.index]?.target, status: s.status })),
      }),
    );
    await progress.clear();
    await forgetSnapshot(services, log);
    return cardOf(outcome, approval);
  } catch (err) {
    if (!isChangeError(err) && isRetryable(err) && deps.attempt < deps.maxAttempts) throw err;
    await forgetSnapshot(services, log);
    return fail(approval, err, deps);
  }
}

async function fail(approval: Approval, err: unknown, deps: RunChangeDeps): Promise<Card> {
  const { services, log } = deps;
  const reference = isVendorError(err) && err.correlationId ? err.correlationId : newReference();
  const message = isChangeError(err)
    ? err.message
    : isVendorError(err)
      ? `${err.vendor === 'genesys' ? 'Genesys Cloud' : err.vendor === 'twilio' ? 'Twilio' : 'Slack'} answered ${err.status} (${err.code}): ${err.message}`
      : 'something went wrong inside byoc-bot; the reference finds the details in its logs';
  const code = isChangeError(err) || isVendorError(err) ? err.code : 'internal';
  log.error({ err, reference, approvalId: approval.id }, 'change failed');
  const outcome = await services.approvals.markFailed(
    approval.id,
    { message: message.replace(/\.$/, ''), reference, code },
    new Date(services.now()),
  );
  // Recorded as failed only when it is: an error after markApplied (the audit append, say) leaves it applied.
  if (outcome.ok) {
    await services.audit.append(
      changeAudit(approval, 'fail', approval.approvedBy ?? 'system', 'failed', { reference, code, message }),
    );
  }
  return cardOf(outcome, approval);
}

function cardOf(outcome: Awaited<ReturnType<Services['approvals']['markApplied']>>, fallback: Approval): Card {
  if (outcome.ok) return approvalCard(outcome.approval);
  return approvalCard(outcome.refusal.details.approval ?? fallback);
}

async function forgetSnapshot(services: Pick<Services, 'snapshots'>, log: Logger): Promise<void> {
  try {
    await services.snapshots.invalidate();
  } catch (err) {
    // Only costs a stale read for SNAPSHOT_CACHE_SECONDS; the change itself is done.
    log.warn({ err }, 'could not invalidate the cached snapshot');
  }
}
