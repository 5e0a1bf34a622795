/**
 * A subject's state has held for ALERT_HOLD_SECONDS (this job was delayed by that much when it began): open, move
 * or recover its incident, or nothing if the state moved on meanwhile (flapping).
 */
import { z } from 'zod';
import { defineJob, NO_CARD } from '../src/queue/job-definition.js';
import { WATCH_JOBS } from '../src/watch/watch-service.js';

export default defineJob({
  name: WATCH_JOBS.check,
  payload: z.object({ subject: z.string().min(1), since: z.iso.datetime() }),
  uses: ['watch'],
  async process({ payload, services }) {
    await services.watch.engine.check(payload.subject, payload.since);
    return NO_CARD;
  },
});
