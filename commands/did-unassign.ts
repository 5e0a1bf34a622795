/** `/byoc did unassign NUMBER [--reason TEXT]`: asks to take a number from its owner; a second person approves. */
import { z } from 'zod';
import changeRequestJob, { changeReason } from '../jobs/change-request.js';
import { defineCommand } from '../src/router/command-definition.js';

export default defineCommand({
  name: 'did unassign',
  summary: 'Ask to take a number from its person or IVR (it stays in its pool and on the trunk)',
  usage: 'did unassign <number> [--reason "<why>"]',
  examples: ['did unassign +33123456790 --reason "left the company"'],
  role: 'operator',
  needs: ['genesys'],
  positionals: ['number'],
  args: z.object({
    number: z.string({ error: 'give the number, e.g. +33123456790' }),
    reason: changeReason,
  }),
  job: (args) => changeRequestJob.request({ kind: 'did.unassign', ...args }),
});
