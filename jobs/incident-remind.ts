/** ALERT_REMIND_MINUTES after an incident opened (and after each reminder): re-announce it if nobody acknowledged. */
import { z } from 'zod';
import { defineJob, NO_CARD } from '../src/queue/job-definition.js';
import { WATCH_JOBS } from '../src/watch/watch-service.js';

export default defineJob({
  name: WATCH_JOBS.remind,
  payload: z.object({ incidentId: z.string().min(1), n: z.number().int().positive() }),
  uses: ['watch'],
  async process({ payload, services }) {
    await services.watch.engine.remind(payload.incidentId, payload.n);
    return NO_CARD;
  },
});
