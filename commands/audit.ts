/** `/byoc audit [--last N] [--trunk T] [--number N]`: the recorded requests, decisions and changes, newest first. */
import { z } from 'zod';
import auditJob from '../jobs/audit.js';
import { defineCommand } from '../src/router/command-definition.js';

export default defineCommand({
  name: 'audit',
  summary: 'Who asked for, approved, rejected and applied which change, newest first',
  usage: 'audit [--last <n>] [--trunk <trunk name>] [--number <number>]',
  examples: ['audit --last 10', 'audit --trunk Twilio', 'audit --number +33123456790'],
  role: 'viewer',
  args: z.object({
    last: z.coerce.number().int().min(1).max(500).optional(),
    trunk: z.string().min(1).optional(),
    number: z.string().min(1).optional(),
  }),
  job: (args) => auditJob.request(args),
});
