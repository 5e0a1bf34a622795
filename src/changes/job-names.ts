/** The jobs of the change flow (files in `jobs/`), named once so commands, actions and jobs agree. */
export const CHANGE_REQUEST_JOB = 'change-request';
export const APPLY_CHANGE_JOB = 'apply-change';
export const EXPIRE_APPROVAL_JOB = 'expire-approval';

/** BullMQ de-duplicates by job id: one change job per approval (its id), one expiry per approval. */
export const applyJobId = (approvalId: string) => approvalId;
export const expireJobId = (approvalId: string) => `expire-${approvalId}`;
export const SWEEP_APPROVALS_JOB = 'sweep-approvals';
/** The BullMQ job scheduler that runs the sweeper: one per queue, whatever the number of replicas. */
export const APPROVAL_SWEEPER_ID = 'approval-sweeper';

/**
 * How long an approval may sit in `approved` before its change job counts as lost: a press of Approve, or the
 * sweeper, enqueues it again (the job id makes a second enqueue of a live job a no-op).
 */
export const STUCK_APPROVED_MS = 60_000;
