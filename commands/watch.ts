/** `/byoc watch`: is anybody watching the trunks, how, and what is open. */
import { z } from 'zod';
import watchJob from '../jobs/watch.js';
import { defineCommand } from '../src/router/command-definition.js';

export default defineCommand({
  name: 'watch',
  summary: 'What the bot watches (push or polling), the open incidents and the last event',
  usage: 'watch',
  examples: ['watch'],
  role: 'viewer',
  args: z.object({}),
  job: () => watchJob.request({}),
});
