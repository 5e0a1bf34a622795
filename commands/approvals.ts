/**
 * `/byoc approvals`: the changes waiting for an approver. This file also holds the buttons of the change flow:
 * Approve and Reject on an approval card, and the doctor's "fix it" buttons, which request a change the same way
 * a command does.
 */
import { z } from 'zod';
import approvalsJob from '../jobs/approvals.js';
import changeRequestJob from '../jobs/change-request.js';
import { approve, DECISION_SERVICES, reject } from '../src/changes/decide.js';
import {
  APPROVE_ACTION_ID,
  REJECT_ACTION_ID,
  REMEDIATE_ACTION_ID,
  SLASH_COMMAND,
} from '../src/presentation/chat-names.js';
import { type ActionDefinition, defineAction } from '../src/router/action-definition.js';
import { defineCommand } from '../src/router/command-definition.js';

/** `<rule id>|<index>`, as `remediationValue` makes it. */
const REMEDIATION_VALUE = /^[a-z0-9][a-z0-9._-]{0,80}\|\d{1,3}$/i;

export default defineCommand({
  name: 'approvals',
  summary: 'The changes waiting for an approver',
  usage: 'approvals',
  examples: ['approvals'],
  role: 'viewer',
  args: z.object({}),
  job: () => approvalsJob.request({}),
});

export const actions: ActionDefinition[] = [
  defineAction({
    actionId: APPROVE_ACTION_ID,
    // Everyone who may use the bot reaches the handler, which refuses (privately) and audits presses by people
    // who may not approve: a refused press is part of the record.
    role: 'viewer',
    uses: DECISION_SERVICES,
    handle: approve,
  }),
  defineAction({ actionId: REJECT_ACTION_ID, role: 'viewer', uses: DECISION_SERVICES, handle: reject }),
  defineAction({
    actionId: REMEDIATE_ACTION_ID,
    role: 'operator',
    uses: [],
    async handle(ctx) {
      if (!REMEDIATION_VALUE.test(ctx.value)) {
        await ctx.whisper(
          `This button does not name a fix I know. Run \`${SLASH_COMMAND} doctor\` again for fresh buttons.`,
        );
        return;
      }
      await ctx.enqueue(changeRequestJob.request({ kind: 'remediation', value: ctx.value }), {
        workingText: ':hourglass_flowing_sand: Checking again and preparing the change for approval…',
      });
    },
  }),
];
