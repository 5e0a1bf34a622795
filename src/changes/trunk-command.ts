/** `/byoc trunk enable|disable`: the two commands differ only in the direction of the change they ask for. */
import { z } from 'zod';
import changeRequestJob, { changeReason } from '../../jobs/change-request.js';
import { type Command, defineCommand } from '../router/command-definition.js';

export function trunkInServiceCommand(opts: { enable: boolean; summary: string; example: string }): Command {
  const verb = opts.enable ? 'enable' : 'disable';
  return defineCommand({
    name: `trunk ${verb}`,
    summary: opts.summary,
    usage: `trunk ${verb} <trunk name> [--reason "<why>"]`,
    examples: [opts.example],
    role: 'operator',
    needs: ['genesys'],
    positionals: ['...trunk'],
    args: z.object({
      trunk: z.array(z.string()).min(1, 'name the trunk, e.g. Twilio'),
      reason: changeReason,
    }),
    job: (args) =>
      changeRequestJob.request({
        kind: 'trunk',
        trunk: args.trunk.join(' '),
        enable: opts.enable,
        reason: args.reason,
      }),
  });
}
