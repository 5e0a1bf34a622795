/** `/byoc changes [--since 24h] [--trunk NAME] [--number N]`: every change to the setup on both vendors, newest first. */
import { z } from 'zod';
import changesJob from '../jobs/changes.js';
import { parseSince, SINCE_EXAMPLE } from '../src/byoc/timeline/index.js';
import { defineCommand } from '../src/router/command-definition.js';

export default defineCommand({
  name: 'changes',
  summary: 'What changed: Genesys audits, Twilio events and approved changes in one timeline, newest first',
  usage: 'changes [--since <24h|90m|7d>] [--trunk <trunk name>] [--number <number>]',
  examples: ['changes', 'changes --since 7d --trunk Twilio', 'changes --number +33123456790'],
  role: 'viewer',
  args: z.object({
    since: z
      .string()
      .default('24h')
      .refine((v) => !('error' in parseSince(v)), {
        error: (issue) => {
          const parsed = parseSince(String(issue.input));
          return 'error' in parsed ? parsed.error : `use ${SINCE_EXAMPLE}`;
        },
      }),
    trunk: z.string().min(1).optional(),
    number: z
      .string()
      .regex(/^\+?[\d\s().-]{6,20}$/, 'a phone number such as +33123456790')
      .optional(),
  }),
  job: (args) =>
    changesJob.request({
      since: args.since,
      ...(args.trunk ? { trunk: args.trunk } : {}),
      ...(args.number ? { number: args.number } : {}),
    }),
});
