/**
 * Puts an incident in chat: its one message (posted once, then updated in place) and each timeline entry not yet
 * posted as a reply in its thread. It works from what is in Redis, so running it twice for one revision changes
 * nothing twice; the incident's announce lock keeps two runs from posting the same entry.
 *
 * A run that died between a platform accepting a new message and its id reaching Redis left a "posting" mark: the
 * next run asks the platform for the message by its key before posting again (Slack keeps the key as message
 * metadata; Teams cannot be asked, so there a post is at least once).
 */

import type { Incident } from '../byoc/watch/incident.js';
import type { Card } from '../cards/card.js';
import type { ChannelPoster, PostPlace } from '../chat/channel-poster.js';
import type { ReplyTarget } from '../chat/invocation.js';
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
          const key = `incident/${incidentId}`;
          message = await this.lostPost(key, { channelId: channel });
          if (!message) {
            await store.markPosting(key, now());
            message = await poster.post(channel, await extra(incidentCard(incident, now()), incident), key);
          }
          await store.saveMessage(incidentId, message);
          await store.clearPosting(key);
          log.info({ incidentId }, 'incident posted');
        } else {
          await poster.update(message, await extra(incidentCard(incident, now()), incident));
        }
        for (let i = 0; i < incident.timeline.length; i++) {
          const entry = incident.timeline[i]!;
          if (entry.posted) continue;
          const key = `incident/${incidentId}/${entry.kind}/${entry.at}`;
          if (!(await this.lostPost(key, { thread: message }))) {
            await store.markPosting(key, now());
            await poster.reply(message, timelineCard(incident, entry), key);
          }
          // Mark it under the incident's own lock: a check or an acknowledgement may be saving it right now.
          await store.withLock(`incident:${incidentId}`, async () => {
            const latest = await store.incident(incidentId);
            const same = latest?.timeline[i];
            if (latest && same && same.at === entry.at && same.kind === entry.kind) {
              same.posted = true;
              await store.saveIncident(latest);
            }
          });
          await store.clearPosting(key);
        }
      },
      // A replica killed mid-announcement holds this lock until it lapses: short, so the next update waits little.
      30_000,
      20_000,
    );
  }

  /** The message a run that died before recording it may have posted with `key`, when the platform can say. */
  private async lostPost(key: string, place: PostPlace): Promise<ReplyTarget | undefined> {
    const { store, poster, log } = this.options;
    const since = await store.postingSince(key);
    if (since === undefined || !poster?.findPosted) return undefined;
    try {
      const found = await poster.findPosted(place, key, since - LOOKBACK_MS);
      log.info({ key, found: Boolean(found) }, 'an earlier run may have posted this: looked for it');
      return found;
    } catch (err) {
      // Not allowed to read the channel (a missing history scope), or the platform is away: post again rather than
      // not at all; the job's retries cover the platform being away.
      log.warn({ err, key }, 'could not look for an earlier post; posting it again');
      return undefined;
    }
  }
}

/** Clocks of this host and the platform's may differ a little: look a bit before the mark. */
const LOOKBACK_MS = 60_000;
