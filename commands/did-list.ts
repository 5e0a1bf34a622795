/** `/byoc did list [--unassigned]`: the numbers in DID pools, who owns each, and whether Twilio routes it here. */
import { z } from 'zod';
import didListJob from '../jobs/did-list.js';
import { defineCommand } from '../src/router/command-definition.js';

export default defineCommand({
  name: 'did list',
  summary: 'The numbers in DID pools, their owners, and whether they are on the Twilio trunk',
  usage: 'did list [--unassigned]',
  examples: ['did list', 'did list --unassigned'],
  role: 'viewer',
  needs: ['genesys'],
  args: z.object({ unassigned: z.boolean().default(false) }),
  job: (args) => didListJob.request(args),
});
