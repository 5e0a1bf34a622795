/**
 * The approval sweeper's job (see src/changes/sweep-approvals.ts), run by a BullMQ job scheduler. It answers
 * nobody: the jobs it enqueues update the approval cards.
 */
import { z } from 'zod';
import { SWEEP_APPROVALS_JOB } from '../src/changes/job-names.js';
import { sweepApprovals } from '../src/changes/sweep-approvals.js';
import { defineJob, NO_CARD } from '../src/queue/job-definition.js';

export default defineJob({
  name: SWEEP_APPROVALS_JOB,
  // Reads the approvals and enqueues jobs, calls no vendor: it sweeps on time while a vendor hangs.
  lane: 'local',
  payload: z.object({}),
  uses: ['approvals', 'queue', 'now'],
  async process({ services, log }) {
    await sweepApprovals(services, log);
    return NO_CARD;
  },
});
