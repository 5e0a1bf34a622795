/**
 * `/byoc explain CODE`: what a SIP response (`403`) or a Twilio error code (`32201`) means on this setup, the
 * checklist rule that usually explains it and the fix. Needs no vendor.
 */
import { z } from 'zod';
import explainJob from '../jobs/explain.js';
import { explainCode } from '../src/byoc/calls/causes.js';
import { defineCommand } from '../src/router/command-definition.js';

export default defineCommand({
  name: 'explain',
  summary: 'What a SIP response or a Twilio error code means on a BYOC trunk, and the fix',
  usage: 'explain <SIP response | Twilio error code>',
  examples: ['explain 32201', 'explain 403', 'explain 488'],
  role: 'viewer',
  positionals: ['...code'],
  args: z.object({
    code: z
      .array(z.string())
      .default([])
      .superRefine((words, ctx) => {
        const code = words.join(' ');
        if (code === '') {
          ctx.addIssue({ code: 'custom', message: 'give a code, e.g. `explain 32201` or `explain 403`' });
        } else if (explainCode(code).kind === 'invalid') {
          ctx.addIssue({
            code: 'custom',
            message: `"${code}" is not a SIP response (three digits, e.g. 403) or a Twilio error code (five digits, e.g. 32201)`,
          });
        }
      }),
  }),
  job: (args) => explainJob.request({ code: args.code.join(' ') }),
});
