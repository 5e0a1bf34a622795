/**
 * `/byoc changes`: the setup's objects from the (shared, cached) snapshot, the change records of both vendors and
 * the bot's audit stream for the window, merged into one timeline card.
 */
import { z } from 'zod';
import { buildTimeline, parseSince } from '../src/byoc/timeline/index.js';
import { changesCard } from '../src/presentation/changes-card.js';
import { defineJob } from '../src/queue/job-definition.js';
import { botIdentity, gatherChanges } from '../src/timeline/gather-changes.js';

export default defineJob({
  name: 'changes',
  payload: z.object({ since: z.string().default('24h'), trunk: z.string().optional(), number: z.string().optional() }),
  uses: ['snapshots', 'vendors', 'audit', 'config', 'now'],
  async process({ payload, services }) {
    const since = parseSince(payload.since);
    // The command checked it; a payload from elsewhere gets the same answer rather than a crash.
    if ('error' in since) return { title: 'What changed', status: 'fail', summary: since.error };
    const until = services.now();
    const from = until - since.ms;
    const [snapshot, records] = await Promise.all([
      services.snapshots.get(),
      gatherChanges(services.vendors, { since: from, until, botAudit: services.audit }),
    ]);
    const timeline = buildTimeline({
      snapshot,
      ...records,
      self: botIdentity(services.config),
      since: from,
      until,
      filter: {
        ...(payload.trunk ? { trunk: payload.trunk } : {}),
        ...(payload.number ? { number: payload.number } : {}),
      },
    });
    return changesCard(timeline, payload.since);
  },
});
