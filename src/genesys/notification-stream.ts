/**
 * One Genesys Cloud notification channel kept alive (docs/vendor-facts.md, "Genesys Cloud notifications"):
 * create the channel, subscribe its topics, open its `connectUri` WebSocket (`ws`), and hand every topic event on.
 *
 * - Heartbeats (`channel.metadata`, about every 30 s) prove the socket alive; silence for `heartbeatTimeoutMs`
 *   counts as a dead socket.
 * - `v2.system.socket_closing` means the service closes this socket within a minute: a new channel is opened at
 *   once, before it does.
 * - A channel lives 24 hours after its last subscription: the topics are subscribed again `renewBeforeMs` before.
 * - A dropped socket is reopened on a new channel with exponential backoff and jitter; every (re)connection calls
 *   `onConnected`, so the caller re-reads the state it may have missed meanwhile.
 */
import WebSocket from 'ws';
import type { Logger } from '../log.js';

export const HEARTBEAT_TOPIC = 'channel.metadata';
export const SOCKET_CLOSING_TOPIC = 'v2.system.socket_closing';

export interface ChannelApi {
  createNotificationChannel(): Promise<{ id: string; connectUri: string; expires?: string }>;
  setSubscriptions(channelId: string, topics: readonly string[]): Promise<string[]>;
}

export interface NotificationStreamOptions {
  api: ChannelApi;
  /** The topics wanted now (read on every (re)subscription). */
  topics: () => string[];
  onEvent(topicName: string, eventBody: unknown): void;
  /** After every successful (re)connection: `first` once, then `reconnected`. */
  onConnected?(how: 'first' | 'reconnected'): void;
  onDisconnected?(why: string): void;
  /**
   * After every subscription: the topics asked for and those Genesys did not subscribe (left out of its answer, or
   * all of them with `error` when it refused the request).
   */
  onSubscribed?(result: SubscriptionResult): void;
  log: Logger;
  /** No message at all for this long: the socket is dead. Default 75 s (two and a half heartbeats). */
  heartbeatTimeoutMs?: number;
  /** Subscribe again this long before the channel expires. Default 1 hour. */
  renewBeforeMs?: number;
  /** Reconnection backoff: first step and ceiling. Defaults 500 ms and 30 s. */
  backoffMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
}

export interface SubscriptionResult {
  wanted: string[];
  refused: string[];
  /** What Genesys said when it refused the whole request. */
  error?: string;
}

const DAY_MS = 24 * 3600_000;

export class NotificationStream {
  private ws: WebSocket | undefined;
  private channelId: string | undefined;
  private subscribed: string[] = [];
  private stopped = true;
  private connectedOnce = false;
  private failures = 0;
  private lastMessageAt = 0;
  private watchdog: NodeJS.Timeout | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private connecting: Promise<void> | undefined;
  /** Wall-clock time of the last topic event (not heartbeat). */
  lastEventAt: number | undefined;

  constructor(private readonly options: NotificationStreamOptions) {}

  /** True while a subscribed socket is open and heard from within the heartbeat timeout. */
  get healthy(): boolean {
    return (
      this.ws?.readyState === WebSocket.OPEN &&
      Date.now() - this.lastMessageAt < (this.options.heartbeatTimeoutMs ?? 75_000)
    );
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const timeout = this.options.heartbeatTimeoutMs ?? 75_000;
    this.watchdog = setInterval(
      () => {
        if (this.ws?.readyState === WebSocket.OPEN && Date.now() - this.lastMessageAt >= timeout) {
          this.options.log.warn({ timeoutMs: timeout }, 'notification socket silent: reconnecting');
          this.ws.terminate();
        }
      },
      Math.max(50, Math.floor(timeout / 3)),
    );
    this.watchdog.unref();
    this.connectSoon(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.watchdog);
    clearTimeout(this.renewTimer);
    clearTimeout(this.retryTimer);
    await this.connecting?.catch(() => {});
    const ws = this.ws;
    this.ws = undefined;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.terminate();
      });
    }
  }

  /** Trunks were added or deleted: subscribe the new topic list on the open channel. */
  async refreshTopics(): Promise<void> {
    const wanted = [...this.options.topics()].sort();
    if (!this.channelId || sameList(wanted, this.subscribed)) return;
    await this.subscribe(this.channelId, wanted);
  }

  private connectSoon(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.connecting = this.connect().finally(() => {
        this.connecting = undefined;
      });
    }, delayMs);
  }

  private backoff(): number {
    const base = this.options.backoffMs ?? 500;
    const max = this.options.maxBackoffMs ?? 30_000;
    const step = Math.min(max, base * 2 ** Math.min(this.failures, 16));
    this.failures += 1;
    // Full jitter over the upper half, so replicas that lost the same service do not come back in step.
    return Math.round(step / 2 + (step / 2) * (this.options.random ?? Math.random)());
  }

  private async subscribe(channelId: string, topics: string[]): Promise<void> {
    let accepted: string[];
    try {
      accepted = await this.options.api.setSubscriptions(channelId, topics);
    } catch (err) {
      this.options.onSubscribed?.({ wanted: topics, refused: topics, error: (err as Error).message });
      throw err;
    }
    const kept = new Set(accepted);
    const refused = topics.filter((t) => !kept.has(t));
    if (refused.length > 0)
      this.options.log.warn({ refused: refused.length, example: refused[0] }, 'Genesys did not subscribe some topics');
    this.options.onSubscribed?.({ wanted: topics, refused });
    this.subscribed = topics;
    this.scheduleRenewal(Date.now() + DAY_MS);
  }

  private scheduleRenewal(expiresAt: number): void {
    clearTimeout(this.renewTimer);
    const renewBefore = this.options.renewBeforeMs ?? 3600_000;
    this.renewTimer = setTimeout(
      () => {
        const id = this.channelId;
        if (!id || this.stopped) return;
        this.subscribe(id, [...this.options.topics()].sort()).catch((err: unknown) => {
          this.options.log.warn({ err }, 'could not renew the notification channel: opening a new one');
          this.ws?.terminate();
        });
      },
      Math.max(1000, expiresAt - renewBefore - Date.now()),
    );
    this.renewTimer.unref();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let ws: WebSocket;
    try {
      const channel = await this.options.api.createNotificationChannel();
      this.channelId = channel.id;
      await this.subscribe(channel.id, [...this.options.topics()].sort());
      const expires = channel.expires ? Date.parse(channel.expires) : Number.NaN;
      if (Number.isFinite(expires)) this.scheduleRenewal(expires);
      ws = await openSocket(channel.connectUri);
    } catch (err) {
      const delay = this.backoff();
      this.options.log.warn({ err, retryInMs: delay }, 'could not open the notification channel');
      this.options.onDisconnected?.('could not open the notification channel');
      this.connectSoon(delay);
      return;
    }
    if (this.stopped) {
      ws.terminate();
      return;
    }
    const previous = this.ws;
    this.ws = ws;
    // The old socket of a channel being replaced (socket_closing) may still be open: let it go quietly.
    if (previous && previous.readyState !== WebSocket.CLOSED) previous.terminate();
    this.failures = 0;
    this.lastMessageAt = Date.now();
    ws.on('message', (data) => this.onMessage(ws, data));
    ws.on('error', (err) => this.options.log.warn({ err }, 'notification socket error'));
    ws.on('close', (code) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      if (this.stopped) return;
      const delay = this.backoff();
      this.options.log.warn({ code, retryInMs: delay }, 'notification socket closed: reconnecting');
      this.options.onDisconnected?.(`socket closed (${code})`);
      this.connectSoon(delay);
    });
    const how = this.connectedOnce ? 'reconnected' : 'first';
    this.connectedOnce = true;
    this.options.log.info(
      { channelId: this.channelId, topics: this.subscribed.length, how },
      'notifications connected',
    );
    this.options.onConnected?.(how);
  }

  private onMessage(ws: WebSocket, data: WebSocket.RawData): void {
    this.lastMessageAt = Date.now();
    let message: { topicName?: unknown; eventBody?: unknown };
    try {
      message = JSON.parse(data.toString()) as typeof message;
    } catch {
      this.options.log.warn('notification message is not JSON: ignored');
      return;
    }
    const topic = typeof message.topicName === 'string' ? message.topicName : '';
    if (topic === HEARTBEAT_TOPIC || topic === '') return;
    if (topic === SOCKET_CLOSING_TOPIC) {
      if (this.ws !== ws) return;
      this.options.log.info('notification service closing this socket: moving to a new channel');
      this.options.onDisconnected?.('socket closing');
      // Open the next channel now; connect() lets go of this socket once the new one is up.
      this.connectSoon(0);
      return;
    }
    this.lastEventAt = Date.now();
    this.options.onEvent(topic, message.eventBody);
  }
}

function openSocket(uri: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(uri, { handshakeTimeout: 10_000 });
    const fail = (err: Error) => {
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      reject(err);
    };
    ws.once('open', () => {
      ws.removeListener('error', fail);
      ws.removeListener('unexpected-response', onUnexpected);
      resolve(ws);
    });
    ws.once('error', fail);
    const onUnexpected = (_req: unknown, res: { statusCode?: number }) =>
      fail(new Error(`notification socket refused with HTTP ${res.statusCode ?? '?'}`));
    ws.once('unexpected-response', onUnexpected);
  });
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
