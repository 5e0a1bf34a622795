/** The `/byoc explain CODE` card: a table lookup, no vendor. */
import { z } from 'zod';
import { explainCode } from '../src/byoc/calls/causes.js';
import { explainCard } from '../src/presentation/explain-card.js';
import { defineJob } from '../src/queue/job-definition.js';

export default defineJob({
  name: 'explain',
  // Calls no vendor: answered at once, even while a vendor is slow.
  lane: 'local',
  payload: z.object({ code: z.string() }),
  uses: [],
  async process({ payload }) {
    return explainCard(explainCode(payload.code));
  },
});
