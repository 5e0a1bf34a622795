/** `/byoc watch`: what is watched, how, the open incidents and the last event. */
import { z } from 'zod';
import { watchCard } from '../src/presentation/incident-card.js';
import { defineJob } from '../src/queue/job-definition.js';

export default defineJob({
  name: 'watch',
  // Calls no vendor: answered at once, even while a vendor is slow.
  lane: 'local',
  payload: z.object({}),
  uses: ['watch', 'now'],
  async process({ services }) {
    return watchCard(await services.watch.overview(), services.now());
  },
});
