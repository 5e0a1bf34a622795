/**
 * `/byoc incidents [--last N]`: the recent incidents, newest first. This module also handles the buttons on an
 * incident's message: Acknowledge (recorded once, stops the reminders), Status and Doctor (answered in the
 * incident's thread, so the incident message itself stays as it is).
 */
import { z } from 'zod';
import doctorJob from '../jobs/doctor.js';
import incidentsJob from '../jobs/incidents.js';
import statusJob from '../jobs/status.js';
import { newRequestId } from '../src/chat/invocation.js';
import {
  INCIDENT_ACK_ACTION,
  INCIDENT_DOCTOR_ACTION,
  INCIDENT_STATUS_ACTION,
  SLASH_COMMAND,
} from '../src/presentation/chat-names.js';
import { workingText } from '../src/presentation/working-text.js';
import { type ActionContext, type ActionDefinition, defineAction } from '../src/router/action-definition.js';
import { defineCommand, type JobRequest } from '../src/router/command-definition.js';
import type { Services } from '../src/services.js';

export default defineCommand({
  name: 'incidents',
  summary: 'The recent incidents of the trunk watch: when, how bad, how long, who acknowledged',
  usage: 'incidents [--last <n>]',
  examples: ['incidents', 'incidents --last 20'],
  role: 'viewer',
  args: z.object({ last: z.coerce.number().int().min(1).max(100).default(10) }),
  job: (args) => incidentsJob.request({ last: args.last }),
});

async function acknowledge(ctx: ActionContext<Pick<Services, 'watch'>>): Promise<void> {
  const who = ctx.invocation.userName ? `${ctx.invocation.userName}` : `<@${ctx.invocation.userId}>`;
  const result = await ctx.services.watch.engine.acknowledge(ctx.value, who);
  switch (result.outcome) {
    case 'acknowledged':
      await ctx.whisper(`You acknowledged ${result.incident.label}: no more reminders.`);
      return;
    case 'already':
      await ctx.whisper(
        `Already acknowledged by ${result.incident.acknowledged?.by} at ${result.incident.acknowledged?.at}.`,
      );
      return;
    case 'recovered':
      await ctx.whisper(`${result.incident.label} has already recovered: nothing to acknowledge.`);
      return;
    case 'unknown':
      await ctx.whisper(
        `This incident is no longer known to the bot (it may have been trimmed). See \`${SLASH_COMMAND} incidents\`.`,
      );
  }
}

/** Runs a read command for the incident and answers in its thread. */
function inThread(command: (trunkName: string | undefined) => { text: string; job: JobRequest }) {
  return async (ctx: ActionContext<Pick<Services, 'watch' | 'poster' | 'queue'>>): Promise<void> => {
    const { watch, poster, queue } = ctx.services;
    const incident = await watch.store.incident(ctx.value);
    const message = incident ? await watch.store.message(incident.id) : undefined;
    if (!incident || !message || !poster) {
      await ctx.whisper(
        `This incident is no longer known to the bot. Try \`${SLASH_COMMAND} status\` or \`${SLASH_COMMAND} doctor\`.`,
      );
      return;
    }
    const { text, job } = command(incident.trunkName);
    const working = await poster.reply(message, { title: workingText(text), status: 'pending' });
    const requestId = newRequestId();
    await queue.enqueue(job, { ...ctx.invocation, text, requestId, reply: working });
  };
}

/** The thread buttons post a working note under the incident and queue the read there. */
const THREAD_SERVICES = ['watch', 'poster', 'queue'] as const;

export const actions: ActionDefinition[] = [
  defineAction({ actionId: INCIDENT_ACK_ACTION, role: 'viewer', uses: ['watch'], handle: acknowledge }),
  defineAction({
    actionId: INCIDENT_STATUS_ACTION,
    role: 'viewer',
    uses: THREAD_SERVICES,
    handle: inThread((trunk) => ({
      text: trunk ? `status ${trunk} --fresh` : 'status --fresh',
      job: statusJob.request({ ...(trunk ? { trunk } : {}), fresh: true }),
    })),
  }),
  defineAction({
    actionId: INCIDENT_DOCTOR_ACTION,
    role: 'viewer',
    uses: THREAD_SERVICES,
    handle: inThread(() => ({ text: 'doctor --fresh', job: doctorJob.request({ fresh: true }) })),
  }),
];
