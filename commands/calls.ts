/**
 * `/byoc calls [--failed] [--since 30m] [--number N] [--direction inbound|outbound]`: the recent calls through the
 * BYOC trunk from both vendors, and why the failed ones failed. Arguments are checked here, before any vendor is
 * read, so a typo costs nothing and says what a right one looks like.
 */
import { z } from 'zod';
import callsJob from '../jobs/calls.js';
import { parseSince } from '../src/byoc/calls/call-report.js';
import { defineCommand } from '../src/router/command-definition.js';

/** Digits and a leading +, as people paste them (`+33 1 23 45 67 89`). */
export function cleanE164(input: string): string {
  return input.replace(/[\s\-.()]/g, '');
}

const E164 = /^\+[1-9]\d{6,14}$/;

export default defineCommand({
  name: 'calls',
  summary: 'Recent calls through the BYOC trunk on both sides, failures grouped by cause with the fix',
  usage: 'calls [--failed] [--since 30m|4h|2d] [--number <E.164>] [--direction inbound|outbound]',
  examples: ['calls --failed', 'calls --since 4h', 'calls --number +33123456789 --direction outbound'],
  role: 'viewer',
  needs: ['twilio', 'genesys'],
  args: z.object({
    failed: z.boolean().default(false),
    since: z
      .string()
      .default('60m')
      .superRefine((value, ctx) => {
        const parsed = parseSince(value);
        if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: parsed.problem });
      }),
    number: z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        if (value !== undefined && !E164.test(cleanE164(value))) {
          ctx.addIssue({
            code: 'custom',
            message: `"${value}" is not a number in E.164: write it with + and the country code, e.g. +33123456789`,
          });
        }
      }),
    direction: z
      .enum(['inbound', 'outbound'], {
        error: (issue) =>
          `"${String(issue.input)}" is not a direction: inbound (from the PSTN to Genesys) or outbound (from Genesys to the PSTN)`,
      })
      .optional(),
  }),
  job: (args) => {
    const since = parseSince(args.since);
    return callsJob.request({
      sinceMinutes: 'minutes' in since ? since.minutes : 60,
      failedOnly: args.failed,
      ...(args.number !== undefined ? { number: cleanE164(args.number) } : {}),
      ...(args.direction !== undefined ? { direction: args.direction } : {}),
    });
  },
});
