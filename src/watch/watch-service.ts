/**
 * The watch as the rest of the bot sees it (`services.watch`): the poll (read, judge, record), a notification
 * applied to the stored view, the incident engine and announcer, and what `/byoc watch` shows. The jobs in
 * `jobs/watch-*.ts` and `jobs/incident-*.ts` call it; `TrunkWatcher` drives it from the replica holding the lease.
 */

import { trunkHealth, twilioAlertHealth, type WatchView } from '../byoc/watch/health.js';
import type { ChannelPoster } from '../chat/channel-poster.js';
import type { Invocation } from '../chat/invocation.js';
import type { Config } from '../config.js';
import type { EdgeChangeTopicEdge, TrunkInstanceTopicTrunk } from '../genesys/client.js';
import type { Logger } from '../log.js';
import type { WatchOverview } from '../presentation/incident-card.js';
import { type JobScheduler, type RepeatingJobs, SCHEDULED_RUN_REMOVAL } from '../queue/job-scheduler.js';
import type { SnapshotVendors } from '../snapshot/gather-snapshot.js';
import { IncidentAnnouncer } from './incident-announcer.js';
import { IncidentEngine, type WatchScheduler } from './incident-engine.js';
import { WatchStore } from './watch-store.js';
import { changeOf, instanceOf, patchInstance, readWatchView } from './watch-view.js';

/** Elastic SIP Trunking alerts within one poll that make a burst worth an incident. */
export const TWILIO_ALERT_BURST = 3;

/**
 * Tries of an incident's announcement when chat refuses it (429, 5xx): as many as a card delivery gets (the outbox's
 * eight, about four minutes with Retry-After honoured), so a rate-limited channel delays an alert and never loses it.
 * Each try starts from what Redis says is already posted, so a retry posts nothing twice.
 */
export const ANNOUNCE_ATTEMPTS = 8;

export const WATCH_JOBS = {
  poll: 'watch-poll',
  check: 'watch-check',
  announce: 'incident-announce',
  remind: 'incident-remind',
} as const;

export interface WatchServiceDeps {
  config: Config;
  redis: import('ioredis').Redis;
  /**
   * Schedules the watch's jobs. The safety-net poll is a BullMQ job scheduler, so it needs the command queue's
   * BullMQ queue; a scheduler without one (a test's) runs no periodic poll.
   */
  queue: JobScheduler & { queue?: RepeatingJobs };
  vendors: SnapshotVendors;
  poster?: ChannelPoster;
  now: () => number;
  log: Logger;
}

export class WatchService {
  readonly store: WatchStore;
  readonly engine: IncidentEngine;
  readonly announcer: IncidentAnnouncer;
  private readonly log: Logger;

  constructor(private readonly deps: WatchServiceDeps) {
    const { config, redis, now } = deps;
    this.log = deps.log.child({ part: 'watch' });
    this.store = new WatchStore(redis, config.queuePrefix);
    this.engine = new IncidentEngine({
      store: this.store,
      scheduler: this.scheduler(),
      holdMs: config.watch.holdSeconds * 1000,
      remindMs: config.watch.remindMinutes * 60_000,
      now,
      log: this.log,
    });
    this.announcer = new IncidentAnnouncer({
      store: this.store,
      poster: deps.poster,
      channel: config.watch.alertChannel,
      now,
      log: this.log,
    });
  }

  /** Why the trunks are not watched, or undefined when they are. */
  disabledReason(): string | undefined {
    if (!this.deps.config.watch.alertChannel)
      return 'Set ALERT_CHANNEL (a Slack channel id, or teams:<conversation id>) to watch the trunks and alert there.';
    const g = this.deps.vendors.genesys;
    if ('notConfigured' in g) return `Genesys Cloud is not configured: ${g.notConfigured}`;
    return undefined;
  }

  /** The invocation system jobs carry: a job that fails for good says so in the alert channel. */
  systemInvocation(requestId: string): Invocation {
    const channel = this.deps.config.watch.alertChannel ?? '';
    // The poster knows how its platform names a new message in the channel (a Slack channel, a Teams conversation).
    let reply: Invocation['reply'] | undefined;
    try {
      reply = channel && this.deps.poster ? this.deps.poster.target(channel) : undefined;
    } catch (err) {
      // A platform this process does not serve: the alerts themselves say so when they are posted.
      this.log.warn({ err }, 'ALERT_CHANNEL names a platform this process cannot post on');
    }
    return {
      platform: reply?.platform ?? 'slack',
      userId: '',
      channelId: channel,
      text: 'watch',
      requestId,
      reply: reply ?? { platform: 'slack', channel, userId: '' },
    };
  }

  private scheduler(): WatchScheduler {
    const enqueue = (name: string, payload: unknown, jobId: string, delayMs?: number, attempts?: number) =>
      this.deps.queue
        .enqueue({ name, payload }, this.systemInvocation(jobId), { jobId, delayMs, ...(attempts ? { attempts } : {}) })
        .then(() => {});
    return {
      check: (subject, since, delayMs) =>
        enqueue(WATCH_JOBS.check, { subject, since }, `watch-check-${subject}-${since}`, delayMs),
      announce: (incidentId, revision) =>
        enqueue(
          WATCH_JOBS.announce,
          { incidentId },
          `incident-announce-${incidentId}-r${revision}`,
          undefined,
          ANNOUNCE_ATTEMPTS,
        ),
      remind: (incidentId, n, delayMs) =>
        enqueue(WATCH_JOBS.remind, { incidentId, n }, `incident-remind-${incidentId}-${n}`, delayMs),
    };
  }

  /** Polls every `everyMs` from now on (BullMQ job scheduler; upserting changes the period in place). */
  async schedulePolls(everyMs: number): Promise<void> {
    await this.deps.queue.queue?.upsertJobScheduler(
      WATCH_JOBS.poll,
      { every: Math.max(250, Math.round(everyMs)) },
      {
        name: WATCH_JOBS.poll,
        data: { invocation: this.systemInvocation('watch-poll'), payload: {} },
        opts: { attempts: 1, ...SCHEDULED_RUN_REMOVAL },
      },
    );
  }

  async stopPolls(): Promise<void> {
    await this.deps.queue.queue?.removeJobScheduler(WATCH_JOBS.poll);
  }

  /** One look at both vendors: store the view, judge it, record Twilio's alert burst. */
  async poll(): Promise<WatchView | undefined> {
    const { vendors, now } = this.deps;
    let view: WatchView | undefined;
    if ('client' in vendors.genesys) {
      try {
        // An event applied while this read was under way is newer than what it read: read again rather than
        // overwrite it (the event's change would be lost until the next poll).
        for (let attempt = 0; attempt < 3 && view === undefined; attempt++) {
          const started = now();
          const read = await readWatchView(vendors.genesys.client, new Date(started));
          const saved = await this.store.withLock('view', async () => {
            const stored = await this.store.view();
            if (stored && Date.parse(stored.at) > started) return false;
            await this.store.saveView(read);
            // Judged under the view's lock: an event cannot be judged in between and then be undone by this.
            await this.engine.observe(trunkHealth(read), { complete: true });
            return true;
          });
          if (saved) view = read;
        }
        if (!view) return undefined;
        await this.store.updateStatus(
          {
            lastPollAt: view.at,
            trunks: view.trunks.map((t) => t.name),
            instances: view.instances.length,
            edges: view.edges.filter((e) => view!.instances.some((i) => i.edge.id === e.id)).map((e) => e.name),
          },
          new Date(now()),
        );
      } catch (err) {
        this.log.warn({ err }, 'watch poll: Genesys could not be read');
      }
    }
    if ('client' in vendors.twilio) {
      try {
        await this.pollTwilio(vendors.twilio.client);
      } catch (err) {
        this.log.warn({ err }, 'watch poll: Twilio alerts could not be read');
      }
    }
    return view;
  }

  private async pollTwilio(client: import('../twilio/twilio-client.js').TwilioClient): Promise<void> {
    const { config, now } = this.deps;
    const until = new Date(now());
    const from =
      (await this.store.alertsReadUntil()) ?? new Date(now() - config.watch.intervalSeconds * 1000).toISOString();
    const alerts = await client.listAlerts({ startDate: new Date(from) });
    const fresh = alerts.filter((a) => !a.dateGenerated || a.dateGenerated.getTime() >= Date.parse(from));
    await this.store.setAlertsReadUntil(until.toISOString());
    await this.engine.observe([twilioAlertHealth(config.twilio.accountSid ?? 'account', fresh, TWILIO_ALERT_BURST)]);
  }

  /** A notification: patch the stored view (re-reading the trunk instance it names) and judge the trunks again. */
  async applyEvent(topicName: string, body: unknown): Promise<'applied' | 'unknown' | 'ignored'> {
    const change = changeOf(topicName);
    if (change.kind === 'none') return 'ignored';
    const { vendors, now } = this.deps;
    const at = new Date(now());
    await this.store.updateStatus({ lastEventAt: at.toISOString() }, at);
    const view = await this.store.withLock('view', async () => {
      const current = await this.store.view();
      if (!current) return undefined;
      if (change.kind === 'edge') {
        const edge = current.edges.find((e) => e.id === change.edgeId);
        if (!edge) return undefined;
        edge.online = (body as EdgeChangeTopicEdge).onlineStatus === 'ONLINE';
      } else {
        const index = current.instances.findIndex((i) => i.id === change.instanceId);
        if (index < 0) return undefined;
        // The event has no inService: read the instance, which has it, and fall back on the event's fields.
        let next = patchInstance(current.instances[index]!, body as TrunkInstanceTopicTrunk);
        if ('client' in vendors.genesys) {
          try {
            next = instanceOf(await vendors.genesys.client.trunk(change.instanceId));
          } catch (err) {
            this.log.warn({ err }, 'could not re-read the trunk instance of an event: using the event alone');
          }
        }
        current.instances[index] = next;
      }
      current.at = at.toISOString();
      await this.store.saveView(current);
      await this.engine.observe(trunkHealth(current), { complete: true });
      return current;
    });
    return view ? 'applied' : 'unknown';
  }

  async overview(): Promise<WatchOverview> {
    const why = this.disabledReason();
    const status = await this.store.status();
    const open = await this.store.openIncidents();
    return {
      enabled: why === undefined,
      why,
      mode: status?.mode,
      holder: status?.holder,
      trunks: status?.trunks ?? [],
      instances: status?.instances ?? 0,
      edges: status?.edges ?? [],
      lastEventAt: status?.lastEventAt,
      lastPollAt: status?.lastPollAt,
      alertChannel: this.deps.config.watch.alertChannel,
      ...(status?.subscriptions ? { subscriptions: status.subscriptions } : {}),
      open,
    };
  }
}
