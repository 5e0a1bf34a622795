/** The jobs of the change flow (files in `jobs/`), named once so commands, actions and jobs agree. */
export const CHANGE_REQUEST_JOB = 'change-request';
export const APPLY_CHANGE_JOB = 'apply-change';
export const EXPIRE_APPROVAL_JOB = 'expire-approval';

/** BullMQ de-duplicates by job id: one change job per approval (its id), one expiry per approval. */
export const applyJobId = (approvalId: string) => approvalId;
export const expireJobId = (approvalId: string) => `expire-${approvalId}`;
