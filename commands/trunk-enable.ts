/** `/byoc trunk enable TRUNK [--reason TEXT]`: asks to put a BYOC trunk in service; a second person approves. */
import { z } from 'zod';
import { CHANGE_REQUEST_JOB } from '../src/changes/job-names.js';
import { defineCommand } from '../src/router/command-definition.js';

export default defineCommand({
  name: 'trunk enable',
  summary: 'Ask to put a BYOC trunk in service (an approver applies it)',
  usage: 'trunk enable <trunk name> [--reason "<why>"]',
  examples: ['trunk enable Twilio --reason "maintenance done"'],
  role: 'operator',
  needs: ['genesys'],
  positionals: ['...trunk'],
  args: z.object({
    trunk: z.array(z.string()).min(1, 'name the trunk, e.g. Twilio'),
    reason: z.string().max(500).optional(),
  }),
  job: (args) => ({
    name: CHANGE_REQUEST_JOB,
    payload: { kind: 'trunk', trunk: args.trunk.join(' '), enable: true, reason: args.reason },
  }),
});
