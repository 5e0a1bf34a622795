/**
 * The change job: enqueued once per approval (its BullMQ job id is the approval id) by the Approve button.
 * Applies, verifies and reports; see src/changes/run-change.ts.
 */
import { z } from 'zod';
import { APPROVAL_ID_PATTERN } from '../src/approvals/approval.js';
import { APPLY_CHANGE_JOB } from '../src/changes/job-names.js';
import { runChange } from '../src/changes/run-change.js';
import { defineJob } from '../src/queue/job-definition.js';

export default defineJob({
  name: APPLY_CHANGE_JOB,
  payload: z.object({ approvalId: z.string().regex(APPROVAL_ID_PATTERN) }),
  uses: ['approvals', 'snapshots', 'vendors', 'redis', 'config', 'audit', 'now'],
  process: ({ payload, services, log, attempt, maxAttempts, jobId }) =>
    runChange(payload.approvalId, { services, log, attempt, maxAttempts, jobId }),
});
