/**
 * The watch's safety net, run by a BullMQ job scheduler (every WATCH_INTERVAL_SECONDS while push is not working,
 * every WATCH_SAFETY_POLL_MINUTES while it is): read the trunks, edges and Twilio's new alerts, and record what is
 * seen. A missed notification is caught here. Any worker may run it.
 */
import { z } from 'zod';
import { defineJob, NO_CARD } from '../src/queue/job-definition.js';
import { WATCH_JOBS } from '../src/watch/watch-service.js';

export default defineJob({
  name: WATCH_JOBS.poll,
  payload: z.object({}),
  uses: ['watch'],
  async process({ services }) {
    if (services.watch.disabledReason() !== undefined) return NO_CARD;
    await services.watch.poll();
    return NO_CARD;
  },
});
