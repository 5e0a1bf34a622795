/**
 * `/byoc did list`: one row per number in a Genesys DID pool (owner, Twilio trunk), then the Twilio numbers no
 * pool covers: a number reaches Genesys only when it is in a pool and on the trunk (guide, numbers).
 */
import { z } from 'zod';
import { didListCard } from '../src/presentation/did-list-card.js';
import { defineJob } from '../src/queue/job-definition.js';

export default defineJob({
  name: 'did-list',
  payload: z.object({ unassigned: z.boolean().default(false) }),
  uses: ['snapshots'],
  async process({ payload, services }) {
    return didListCard(await services.snapshots.get(), payload);
  },
});
