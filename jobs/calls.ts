/**
 * The `/byoc calls` card: one shared snapshot (which trunks, which edges, and the doctor's findings for the "the
 * doctor finds this now" line), then the calls of the window from both vendors, merged and grouped by cause.
 * Read-only: running it twice reads twice and changes nothing.
 */
import { z } from 'zod';
import { troubleshootCalls } from '../src/byoc/calls/call-report.js';
import { doctorContext, runDoctor } from '../src/byoc/doctor/index.js';
import { gatherCalls } from '../src/calls/gather-calls.js';
import { callsCard } from '../src/presentation/calls-card.js';
import { defineJob } from '../src/queue/job-definition.js';

export const callsPayload = z.object({
  sinceMinutes: z.number().int().positive(),
  failedOnly: z.boolean().default(false),
  number: z.string().optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
});

export default defineJob({
  name: 'calls',
  payload: callsPayload,
  uses: ['snapshots', 'vendors', 'orgConfig', 'now'],
  async process({ payload, services }) {
    const until = new Date(Math.floor(services.now() / 1000) * 1000);
    const since = new Date(until.getTime() - payload.sinceMinutes * 60_000);
    const snapshot = await services.snapshots.get({ fresh: false });
    const evidence = await gatherCalls(services.vendors, snapshot, { since, until });
    const doctor = runDoctor(snapshot, doctorContext(services.orgConfig));
    const report = troubleshootCalls(
      evidence,
      {
        failedOnly: payload.failedOnly,
        ...(payload.number ? { number: payload.number } : {}),
        ...(payload.direction ? { direction: payload.direction } : {}),
      },
      doctor,
    );
    return callsCard(report);
  },
});
