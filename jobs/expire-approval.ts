/**
 * An approval's expiry: a delayed job scheduled at its `expiresAt` when it is created. If nobody decided by then,
 * the approval moves to expired (atomically, so a press at the same instant either wins or finds it expired), the
 * card says so and loses its buttons, and the expiry is audited. If somebody decided, there is nothing to say.
 */

import { z } from 'zod';
import { APPROVAL_ID_PATTERN } from '../src/approvals/approval.js';
import { changeAudit } from '../src/changes/change-audit.js';
import { EXPIRE_APPROVAL_JOB } from '../src/changes/job-names.js';
import { CodedError, ERROR_CODES } from '../src/coded-error.js';
import { approvalCard } from '../src/presentation/approval-card.js';
import { defineJob, NO_CARD } from '../src/queue/job-definition.js';

function expiryTooEarlyError(expiresAt: string): CodedError {
  return new CodedError({
    code: ERROR_CODES.expiryTooEarly,
    message: `The approval expires at ${expiresAt}; this run came early (clock skew between processes): trying again.`,
    retryable: true,
  });
}

export default defineJob({
  name: EXPIRE_APPROVAL_JOB,
  // Calls no vendor (the org key is configuration): an approval expires on time while a vendor hangs.
  lane: 'local',
  payload: z.object({ approvalId: z.string().regex(APPROVAL_ID_PATTERN) }),
  uses: ['approvals', 'snapshots', 'audit', 'now'],
  async process({ payload, services, log }) {
    const outcome = await services.approvals.expire(payload.approvalId, new Date(services.now()), {
      orgKey: services.snapshots.orgKey,
    });
    if (outcome.ok) {
      await services.audit.append(changeAudit(outcome.approval, 'expire', 'system', 'expired'));
      log.info({ approvalId: payload.approvalId }, 'approval expired');
      return approvalCard(outcome.approval);
    }
    // BullMQ retries a thrown error with backoff: by the next attempt the approval's time has come.
    const { approval } = outcome.refusal.details;
    if (outcome.refusal.code === ERROR_CODES.approvalNotYetExpired && approval) {
      throw expiryTooEarlyError(approval.expiresAt);
    }
    return NO_CARD;
  },
});
