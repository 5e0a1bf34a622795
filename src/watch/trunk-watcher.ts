/**
 * The watch on the replica that holds it. Every worker replica runs one `TrunkWatcher`; the Redis lease lets one of
 * them at a time:
 *
 * - read the trunks once, then keep a Genesys notification channel open on their topics and apply each event;
 * - set the poll schedule: every WATCH_INTERVAL_SECONDS while push is not working, every WATCH_SAFETY_POLL_MINUTES
 *   while it is (the poll itself is a BullMQ job any worker may run);
 * - after every reconnection, poll at once for what the socket may have missed;
 * - subscribe again when the trunks change (a trunk added or deleted shows in the stored view).
 *
 * When it dies, its lease lapses and another replica's watcher takes over within WATCH_INTERVAL_SECONDS.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { GenesysClient } from '../genesys/client.js';
import { NotificationStream, type NotificationStreamOptions } from '../genesys/notification-stream.js';
import type { Logger } from '../log.js';
import { Lease } from './lease.js';
import type { WatchService } from './watch-service.js';
import { topicsOf } from './watch-view.js';

export interface TrunkWatcherOptions {
  watch: WatchService;
  genesys: GenesysClient;
  redis: Redis;
  log: Logger;
  intervalMs: number;
  safetyPollMs: number;
  /** Names this replica in the lease and in `/byoc watch`. */
  owner?: string;
  /** Stream tuning (tests shorten the heartbeat timeout). */
  stream?: Partial<Pick<NotificationStreamOptions, 'heartbeatTimeoutMs' | 'backoffMs' | 'maxBackoffMs'>>;
}

export class TrunkWatcher {
  readonly owner: string;
  private readonly lease: Lease;
  private stream: NotificationStream | undefined;
  private topics: string[] = [];
  private topicTimer: NodeJS.Timeout | undefined;
  private readonly log: Logger;
  /** Mode writes run one after another, each writing the stream's state at that moment (not a stale argument). */
  private modeChain: Promise<void> = Promise.resolve();
  private mode: 'push' | 'polling' | undefined;

  constructor(private readonly options: TrunkWatcherOptions) {
    this.owner = options.owner ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`;
    this.log = options.log.child({ part: 'watcher', owner: this.owner });
    // Taken over within the interval: the lease lapses after half of it, and others try every quarter.
    this.lease = new Lease({
      redis: options.redis,
      key: options.watch.store.leaseKey(),
      owner: this.owner,
      ttlMs: Math.max(200, options.intervalMs / 2),
      retryMs: Math.max(100, options.intervalMs / 4),
      log: this.log,
      onAcquired: () => void this.begin(),
      onLost: () => void this.end(),
    });
  }

  get holdsLease(): boolean {
    return this.lease.isHeld;
  }

  get pushHealthy(): boolean {
    return this.stream?.healthy ?? false;
  }

  start(): void {
    this.lease.start();
  }

  async stop(): Promise<void> {
    await this.end();
    await this.lease.stop();
  }

  private async setMode(mode: 'push' | 'polling'): Promise<void> {
    const { watch, intervalMs, safetyPollMs } = this.options;
    this.mode = mode;
    await watch.store.updateStatus({ mode, holder: this.owner }, new Date());
    await watch.schedulePolls(mode === 'push' ? safetyPollMs : intervalMs);
  }

  /**
   * A socket opened or closed: record the mode the stream is in now. `socket_closing` reports a disconnection
   * while the next socket opens, so the two notices can arrive in either order; the stream's own state decides.
   */
  private syncMode(): void {
    this.modeChain = this.modeChain
      .then(async () => {
        if (!this.lease.isHeld) return;
        const mode = this.stream?.healthy ? 'push' : 'polling';
        if (mode !== this.mode) await this.setMode(mode);
      })
      .catch((err: unknown) => this.log.warn({ err }, 'could not record the watch mode'));
  }

  private async begin(): Promise<void> {
    const { watch, genesys, intervalMs } = this.options;
    try {
      await this.setMode('polling');
      const view = await watch.poll();
      this.topics = view ? topicsOf(view) : [];
    } catch (err) {
      this.log.warn({ err }, 'watch: first read failed; the poll will retry');
    }
    if (!this.lease.isHeld) return;
    this.stream = new NotificationStream({
      api: genesys,
      topics: () => this.topics,
      log: this.log,
      ...this.options.stream,
      onEvent: (topic, body) => {
        watch.applyEvent(topic, body).then(
          (outcome) => {
            // An instance the view does not know: the trunks changed; read them again.
            if (outcome === 'unknown') void this.repoll();
          },
          (err: unknown) => {
            // The event is lost otherwise until the safety poll, minutes away: read the trunks again instead.
            this.log.warn({ err, topic }, 'could not apply a notification; reading the trunks again');
            void this.repoll();
          },
        );
      },
      onConnected: () => {
        this.syncMode();
        // Whatever changed while the socket was down is read now, not at the next poll.
        void this.repoll();
      },
      onDisconnected: () => this.syncMode(),
      onSubscribed: (result) => {
        const at = new Date();
        const subscriptions = {
          wanted: result.wanted.length,
          refused: result.refused,
          ...(result.error ? { error: result.error } : {}),
          at: at.toISOString(),
        };
        watch.store
          .updateStatus({ subscriptions }, at)
          .catch((err: unknown) => this.log.warn({ err }, 'could not record the subscription result'));
      },
    });
    this.stream.start();
    this.topicTimer = setInterval(() => void this.followTrunks(), Math.max(250, intervalMs));
    this.topicTimer.unref();
  }

  private async repoll(): Promise<void> {
    try {
      const view = await this.options.watch.poll();
      if (view) await this.resubscribe(topicsOf(view));
    } catch (err) {
      this.log.warn({ err }, 'watch re-read failed');
    }
  }

  /** The poll job (on any replica) stores the view: follow its trunks. */
  private async followTrunks(): Promise<void> {
    try {
      const view = await this.options.watch.store.view();
      if (view) await this.resubscribe(topicsOf(view));
    } catch (err) {
      this.log.warn({ err }, 'could not read the stored watch view');
    }
  }

  private async resubscribe(topics: string[]): Promise<void> {
    if (topics.join() === this.topics.join()) return;
    this.topics = topics;
    this.log.info({ topics: topics.length }, 'trunks changed: subscribing again');
    await this.stream?.refreshTopics();
  }

  private async end(): Promise<void> {
    clearInterval(this.topicTimer);
    this.mode = undefined;
    const stream = this.stream;
    this.stream = undefined;
    await stream?.stop();
  }
}
