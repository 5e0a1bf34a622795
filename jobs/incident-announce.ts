/**
 * An incident changed: its message in ALERT_CHANNEL is posted or updated, and its new timeline entries threaded.
 * A trunk's incident also says the last change to that trunk within CHANGES_RECENT_MINUTES ("what changed?" is the
 * first question of an incident), read like the status card's and shared with it; without one the message is as is.
 */
import { z } from 'zod';
import { withLastChanges } from '../src/presentation/changes-card.js';
import { defineJob, NO_CARD } from '../src/queue/job-definition.js';
import { recentChanges } from '../src/timeline/recent-changes.js';
import { WATCH_JOBS } from '../src/watch/watch-service.js';

export default defineJob({
  name: WATCH_JOBS.announce,
  payload: z.object({ incidentId: z.string().min(1) }),
  uses: ['watch', 'snapshots', 'vendors', 'audit', 'config', 'redis', 'now'],
  async process({ payload, services }) {
    await services.watch.announcer.announce(payload.incidentId, async (card, incident) => {
      if (!incident.trunkName) return card;
      const changes = await recentChanges(services, services.snapshots.get({ fresh: false }));
      return withLastChanges(card, [incident.trunkName], changes, services.now());
    });
    return NO_CARD;
  },
});
