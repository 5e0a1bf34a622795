/**
 * The approval sweeper, run every few seconds by a BullMQ job scheduler (one schedule per queue, however many
 * replicas): what no delayed job or button press would ever finish gets finished here.
 *
 * - Pending approvals past their time (the `approvals:expiring` set): their expiry job is enqueued (its id is
 *   per approval, so one that is already waiting makes this a no-op); it moves them to expired and updates the card.
 * - Approvals approved more than STUCK_APPROVED_MS ago and still not applied or failed (the process that won the
 *   press died before enqueueing the change): their change job is enqueued again; its id is the approval id, so
 *   while it exists this adds nothing, and the job itself changes nothing twice.
 */
import type { Approval } from '../approvals/approval.js';
import type { Invocation } from '../chat/invocation.js';
import type { Logger } from '../log.js';
import type { Services } from '../services.js';
import { APPLY_CHANGE_JOB, applyJobId, EXPIRE_APPROVAL_JOB, expireJobId, STUCK_APPROVED_MS } from './job-names.js';

export interface SweepResult {
  expiring: number;
  restarted: number;
}

/** The invocation a job started by the sweeper carries: it answers on the approval's own card. */
function invocationFor(approval: Approval, requestId: string): Invocation {
  const actor = approval.approvedBy ?? approval.requester;
  return {
    platform: actor.platform,
    userId: actor.userId,
    channelId: approval.channelId ?? '',
    text: '',
    requestId,
    reply: approval.reply ?? { platform: actor.platform },
  };
}

export async function sweepApprovals(services: Pick<Services, 'approvals' | 'queue' | 'now'>, log: Logger) {
  const { approvals, queue } = services;
  const now = services.now();
  const result: SweepResult = { expiring: 0, restarted: 0 };
  for (const id of await approvals.dueForExpiry(new Date(now))) {
    const approval = await approvals.get(id);
    if (!approval) continue;
    await queue.enqueue(
      { name: EXPIRE_APPROVAL_JOB, payload: { approvalId: id } },
      invocationFor(approval, `sweep-expire-${id}`),
      { jobId: expireJobId(id) },
    );
    result.expiring += 1;
  }
  for (const id of await approvals.stuckApproved(new Date(now - STUCK_APPROVED_MS))) {
    const approval = await approvals.get(id);
    if (approval?.state !== 'approved') {
      await approvals.forgetStuck(id);
      continue;
    }
    await queue.enqueue(
      { name: APPLY_CHANGE_JOB, payload: { approvalId: id } },
      invocationFor(approval, `sweep-apply-${id}`),
      { jobId: applyJobId(id) },
    );
    result.restarted += 1;
  }
  if (result.expiring + result.restarted > 0) log.info(result, 'approval sweeper: enqueued what was due');
  return result;
}
