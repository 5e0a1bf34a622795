/** `/byoc trunk disable TRUNK [--reason TEXT]`: asks to take a BYOC trunk out of service; a second person approves. */
import { z } from 'zod';
import { CHANGE_REQUEST_JOB } from '../src/changes/job-names.js';
import { defineCommand } from '../src/router/command-definition.js';

export default defineCommand({
  name: 'trunk disable',
  summary: 'Ask to take a BYOC trunk out of service (an approver applies it)',
  usage: 'trunk disable <trunk name> [--reason "<why>"]',
  examples: ['trunk disable Twilio --reason "carrier maintenance 22:00-23:00"'],
  role: 'operator',
  needs: ['genesys'],
  positionals: ['...trunk'],
  args: z.object({
    trunk: z.array(z.string()).min(1, 'name the trunk, e.g. Twilio'),
    reason: z.string().max(500).optional(),
  }),
  job: (args) => ({
    name: CHANGE_REQUEST_JOB,
    payload: { kind: 'trunk', trunk: args.trunk.join(' '), enable: false, reason: args.reason },
  }),
});
