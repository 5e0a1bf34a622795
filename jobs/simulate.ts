/** The `/byoc simulate` card: one snapshot -> `simulateCall` -> `simulateCard`. */
import { z } from 'zod';
import { simulateCall } from '../src/byoc/simulate.js';
import { simulateCard } from '../src/presentation/simulate-card.js';
import { defineJob } from '../src/queue/job-definition.js';

const simulatePayload = z.object({
  number: z.string(),
  site: z.string().optional(),
  from: z.string().optional(),
});

export default defineJob({
  name: 'simulate',
  payload: simulatePayload,
  uses: ['snapshots'],
  async process({ payload, services }) {
    const snapshot = await services.snapshots.get();
    return simulateCard(simulateCall(snapshot, payload));
  },
});
