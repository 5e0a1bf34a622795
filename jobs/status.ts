/**
 * The `/byoc status` card: one snapshot (shared with everyone asking at the same time) -> `trunkStatus` ->
 * `statusCard`, whose Refresh button asks for a snapshot taken after the click.
 */
import { z } from 'zod';
import { trunkStatus } from '../src/byoc/status.js';
import { statusCard } from '../src/presentation/status-card.js';
import { defineJob } from '../src/queue/job-definition.js';

const statusPayload = z.object({ trunk: z.string().optional(), fresh: z.boolean().default(false) });

export default defineJob({
  name: 'status',
  payload: statusPayload,
  async process({ payload, services }) {
    const snapshot = await services.snapshots.get({ fresh: payload.fresh });
    return statusCard(trunkStatus(snapshot, payload.trunk === undefined ? {} : { trunk: payload.trunk }));
  },
});
