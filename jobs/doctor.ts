/**
 * The `/byoc doctor` card: ONE snapshot -> every rule (`runDoctor`, with the org's silencing and region data) ->
 * `doctorCard`. The rules read nothing else, so the doctor costs the vendors exactly one snapshot.
 */
import { z } from 'zod';
import { doctorContext, runDoctor } from '../src/byoc/doctor/index.js';
import { doctorCard } from '../src/presentation/doctor-card.js';
import { defineJob } from '../src/queue/job-definition.js';

const doctorPayload = z.object({ fresh: z.boolean().default(false) });

export default defineJob({
  name: 'doctor',
  payload: doctorPayload,
  uses: ['snapshots', 'orgConfig'],
  async process({ payload, services }) {
    const snapshot = await services.snapshots.get({ fresh: payload.fresh });
    return doctorCard(runDoctor(snapshot, doctorContext(services.orgConfig)));
  },
});
