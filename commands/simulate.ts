/**
 * `/byoc simulate NUMBER [--site SITE] [--from NUMBER]`: what Genesys would do with a dialed number, and whether
 * Twilio would take the call. People paste numbers as they see them (`01 23 45 67 89`, `(01) 23-45.67.89`), so
 * every word that is not an option is part of the number.
 */
import { z } from 'zod';
import simulateJob from '../jobs/simulate.js';
import { defineCommand } from '../src/router/command-definition.js';

export default defineCommand({
  name: 'simulate',
  summary: 'How a dialed number is routed, from number plan to Twilio, and why not when it is not',
  usage: 'simulate <number> [--site "<site name>"] [--from <caller id>]',
  examples: [
    'simulate +33123456789',
    'simulate 01 23 45 67 89',
    'simulate 0123456789 --site "Paris Office" --from +33123456789',
  ],
  role: 'viewer',
  positionals: ['...number'],
  args: z.object({
    number: z.array(z.string()).default([]),
    site: z.string().optional(),
    from: z.string().optional(),
  }),
  // An empty number still goes to the job: the answer gives examples for the site's country, which only the
  // snapshot knows.
  job: (args) =>
    simulateJob.request({
      number: args.number.join(' '),
      ...(args.site !== undefined ? { site: args.site } : {}),
      ...(args.from !== undefined ? { from: args.from } : {}),
    }),
});
