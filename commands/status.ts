/** `/byoc status [trunk]`: is the BYOC trunk carrying calls, and if not, why. */
import { z } from 'zod';
import statusJob from '../jobs/status.js';
import { defineCommand } from '../src/router/command-definition.js';

export default defineCommand({
  name: 'status',
  summary: 'Healthy, degraded or down: each BYOC trunk on each edge, and the Twilio trunk it sends to',
  usage: 'status [trunk name] [--fresh]',
  examples: ['status', 'status Twilio', 'status --fresh'],
  role: 'viewer',
  // A trunk name may contain spaces; unquoted, its words are the rest of the line.
  positionals: ['...trunk'],
  args: z.object({
    trunk: z.array(z.string()).default([]),
    /** Ignore the cached snapshot (the card's Refresh button sets it). */
    fresh: z.boolean().default(false),
  }),
  job: (args) =>
    statusJob.request({ ...(args.trunk.length > 0 ? { trunk: args.trunk.join(' ') } : {}), fresh: args.fresh }),
});
