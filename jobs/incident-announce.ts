/** An incident changed: its message in ALERT_CHANNEL is posted or updated, and its new timeline entries threaded. */
import { z } from 'zod';
import { defineJob, NO_CARD } from '../src/queue/job-definition.js';
import { WATCH_JOBS } from '../src/watch/watch-service.js';

export default defineJob({
  name: WATCH_JOBS.announce,
  payload: z.object({ incidentId: z.string().min(1) }),
  async process({ payload, services }) {
    await services.watch.announcer.announce(payload.incidentId);
    return NO_CARD;
  },
});
