/**
 * `/byoc did assign NUMBER (@user | user@example.com | --ivr NAME) [--reason TEXT]`: asks to give a number to a
 * person or an IVR. The plan puts it in a DID pool and on the Twilio trunk when needed; a second person approves.
 */
import { z } from 'zod';
import changeRequestJob, { changeReason } from '../jobs/change-request.js';
import { defineCommand } from '../src/router/command-definition.js';

export default defineCommand({
  name: 'did assign',
  summary: 'Ask to give a number to a person or an IVR (pool, Twilio trunk and owner; an approver applies it)',
  usage: 'did assign <number> (@user | user@example.com | --ivr "<IVR name>") [--reason "<why>"]',
  examples: [
    'did assign +33123456790 @alice --reason "new hire"',
    'did assign +33123456790 alice@example.com',
    'did assign +33123456790 --ivr "Paris Main IVR"',
  ],
  role: 'operator',
  needs: ['genesys', 'twilio'],
  positionals: ['number', 'user'],
  args: z
    .object({
      number: z.string({ error: 'give the number, e.g. +33123456790' }),
      user: z.string().optional(),
      ivr: z.string().min(1).optional(),
      reason: changeReason,
    })
    .refine((a) => (a.user === undefined) !== (a.ivr === undefined), {
      message: 'say whose number it is: @user, user@example.com or --ivr "<IVR name>" (one of them)',
    }),
  job: (args) => changeRequestJob.request({ kind: 'did.assign', ...args }),
});
