/**
 * Puts an incident in chat: its one message (posted once, then updated in place) and each timeline entry not yet
 * posted as a reply in its thread. It works from what is in Redis, so running it twice for one revision changes
 * nothing twice; the incident's announce lock keeps two runs from posting the same entry.
 */

import type { Incident } from '../byoc/watch/incident.js';
import type { Card } from '../cards/card.js';
import type { ChannelPoster } from '../chat/channel-poster.js';
import type { Logger } from '../log.js';
import { incidentCard, timelineCard } from '../presentation/incident-card.js';
import type { WatchStore } from './watch-store.js';

export interface AnnouncerOptions {
  store: WatchStore;
  poster?: ChannelPoster;
  channel?: string;
  now: () => number;
  log: Logger;
}

/** Adds to the incident's message what the announcer cannot know by itself (the last change to the trunk). */
export type IncidentCardExtra = (card: Card, incident: Incident) => Promise<Card>;

export class IncidentAnnouncer {
  constructor(private readonly options: AnnouncerOptions) {}

  async announce(incidentId: string, extra: IncidentCardExtra = async (card) => card): Promise<void> {
    const { store, poster, channel, now, log } = this.options;
    if (!poster || !channel) {
      log.warn({ incidentId }, 'incident not announced: no ALERT_CHANNEL or no chat platform to post with');
      return;
    }
    await store.withLock(
      `announce:${incidentId}`,
      async () => {
        const incident = await store.incident(incidentId);
        if (!incident) return;
        let message = await store.message(incidentId);
        if (!message) {
          message = await poster.post(channel, await extra(incidentCard(incident, now()), incident));
          await store.saveMessage(incidentId, message);
          log.info({ incidentId }, 'incident posted');
        } else {
          await poster.update(message, await extra(incidentCard(incident, now()), incident));
        }
        for (let i = 0; i < incident.timeline.length; i++) {
          const entry = incident.timeline[i]!;
          if (entry.posted) continue;
          await poster.reply(message, timelineCard(incident, entry));
          // Mark it under the incident's own lock: a check or an acknowledgement may be saving it right now.
          await store.withLock(`incident:${incidentId}`, async () => {
            const latest = await store.incident(incidentId);
            const same = latest?.timeline[i];
            if (latest && same && same.at === entry.at && same.kind === entry.kind) {
              same.posted = true;
              await store.saveIncident(latest);
            }
          });
        }
      },
      // A replica killed mid-announcement holds this lock until it lapses: short, so the next update waits little.
      30_000,
      20_000,
    );
  }
}
