/** `/byoc incidents [--last N]`: the recent incidents, newest first. */
import { z } from 'zod';
import { incidentsCard } from '../src/presentation/incident-card.js';
import { defineJob } from '../src/queue/job-definition.js';

export default defineJob({
  name: 'incidents',
  // Calls no vendor: answered at once, even while a vendor is slow.
  lane: 'local',
  payload: z.object({ last: z.number().int().min(1).max(100).default(10) }),
  uses: ['watch', 'now'],
  async process({ payload, services }) {
    return incidentsCard(await services.watch.store.recentIncidents(payload.last), services.now());
  },
});
