/**
 * The `/byoc status` card: one snapshot (shared with everyone asking at the same time) -> `trunkStatus` ->
 * `statusCard`. Its Refresh button asks for a snapshot taken after the click.
 */
import { z } from 'zod';
import { statusAnswer } from '../src/byoc/cards/status-answer.js';
import { defineJob } from '../src/queue/job-definition.js';
import { rerunFresh } from '../src/router/rerun-fresh.js';

const statusPayload = z.object({ trunk: z.string().optional(), fresh: z.boolean().default(false) });

export default defineJob({
  name: 'status',
  payload: statusPayload,
  async process({ payload, services }) {
    const snapshot = await services.snapshots.get({ fresh: payload.fresh });
    const { card } = statusAnswer(snapshot, payload.trunk === undefined ? {} : { trunk: payload.trunk });
    return rerunFresh(card, 'Refresh');
  },
});
