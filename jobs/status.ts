/**
 * The `/byoc status` card: one snapshot (shared with everyone asking at the same time) -> `trunkStatus` ->
 * `statusCard`, whose Refresh button asks for a snapshot taken after the click. Alongside the snapshot, the
 * changes of the last CHANGES_RECENT_MINUTES (shared the same way) give each trunk its "last change" line.
 */
import { z } from 'zod';
import { trunkStatus } from '../src/byoc/status.js';
import { withLastChanges } from '../src/presentation/changes-card.js';
import { statusCard } from '../src/presentation/status-card.js';
import { defineJob } from '../src/queue/job-definition.js';
import { recentChanges } from '../src/timeline/recent-changes.js';

const statusPayload = z.object({ trunk: z.string().optional(), fresh: z.boolean().default(false) });

export default defineJob({
  name: 'status',
  payload: statusPayload,
  uses: ['snapshots', 'vendors', 'audit', 'config', 'redis', 'now'],
  async process({ payload, services }) {
    const snapshotRead = services.snapshots.get({ fresh: payload.fresh });
    const [snapshot, changes] = await Promise.all([
      snapshotRead,
      recentChanges(services, snapshotRead, { fresh: payload.fresh }),
    ]);
    const result = trunkStatus(snapshot, payload.trunk === undefined ? {} : { trunk: payload.trunk });
    const card = statusCard(result);
    if (result.kind !== 'status') return card;
    return withLastChanges(
      card,
      result.trunks.map((t) => t.name),
      changes,
      services.now(),
    );
  },
});
