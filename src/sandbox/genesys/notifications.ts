/**
 * The fake's Notifications API (docs/vendor-facts.md, "Genesys Cloud notifications"): channels created with
 * `POST /api/v2/notifications/channels`, topics subscribed with `PUT`/`POST .../subscriptions`, and the channel's
 * `connectUri` served as a real WebSocket (the `ws` package) on the fake's own port.
 *
 * Events are not canned: after every change of the org (a trunk base written through the API, a fault set or
 * cleared) the hub compares each trunk instance and edge with what it last published and sends the topic events
 * of the ones that changed, in the shapes of the SDK's `TrunkInstanceTopicTrunk`, `TrunkMetricsTopicTrunkMetrics`
 * and `EdgeChangeTopicEdge` models. Like the real service it sends a `channel.metadata` heartbeat, warns with
 * `v2.system.socket_closing` before closing a socket, and closes a channel 24 hours after its last subscription.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { trunkInstances } from './derived.js';
import type { GenesysFakeState } from './state.js';
import { fail, ok, type Reply } from './wire.js';

export const HEARTBEAT_TOPIC = 'channel.metadata';
export const SOCKET_CLOSING_TOPIC = 'v2.system.socket_closing';
const CHANNELS = '/api/v2/notifications/channels';
/** The topics a BYOC watcher uses; anything else is refused as the real service refuses an unknown topic. */
const KNOWN_TOPIC = /^v2\.telephony\.providers\.edges\.(trunks\.[^.]+(\.metrics)?|[^.]+(\.metrics)?)$/;

export interface NotificationHubOptions {
  /** Base of `connectUri`, e.g. `ws://127.0.0.1:PORT`. */
  wsBase: () => string;
  now: () => number;
  /** Default 30 s, as the real service. */
  heartbeatMs?: number;
  /** Default 24 h. */
  channelTtlMs?: number;
  /** How long after `socket_closing` the fake closes a socket the client left open. Default 2 s. */
  closingGraceMs?: number;
}

interface FakeChannel {
  id: string;
  topics: Set<string>;
  expiresAt: number;
  sockets: Set<WebSocket>;
}

export interface NotificationHub {
  /** `/api/v2/notifications/...` requests; undefined for any other path. */
  route(method: string, pathname: string, body: unknown): Reply | undefined;
  /** Takes the WebSocket upgrade of a `connectUri`; false when the path is not a channel. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Publishes the events of whatever changed since the last call. */
  sync(): void;
  /** Closes every socket at once, as a network cut would (no close frame). */
  dropSockets(): void;
  /** Warns every socket with `v2.system.socket_closing`, then closes the ones still open after the grace. */
  socketClosing(): void;
  /** Events sent since start (heartbeats excluded): what tests and the bench count. */
  readonly sent: { topicName: string; at: number }[];
  readonly openSockets: number;
  close(): Promise<void>;
}

type Fingerprints = Map<string, string>;

export function createNotificationHub(state: GenesysFakeState, opts: NotificationHubOptions): NotificationHub {
  const heartbeatMs = opts.heartbeatMs ?? 30_000;
  const ttlMs = opts.channelTtlMs ?? 24 * 3600_000;
  const graceMs = opts.closingGraceMs ?? 2000;
  const channels = new Map<string, FakeChannel>();
  const wss = new WebSocketServer({ noServer: true });
  const sent: { topicName: string; at: number }[] = [];
  let published: Fingerprints = fingerprints(state);
  const timers = new Set<NodeJS.Timeout>();

  const heartbeat = setInterval(() => {
    const t = opts.now();
    for (const ch of channels.values()) {
      if (t >= ch.expiresAt) {
        for (const ws of ch.sockets) ws.close(1000, 'channel expired');
        channels.delete(ch.id);
        continue;
      }
      for (const ws of ch.sockets) send(ws, HEARTBEAT_TOPIC, { message: 'WebSocket Heartbeat' });
    }
  }, heartbeatMs);
  heartbeat.unref();

  function send(ws: WebSocket, topicName: string, eventBody: unknown): void {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(JSON.stringify({ topicName, version: '2', eventBody, metadata: { CorrelationId: randomUUID() } }));
  }

  function publish(topicName: string, eventBody: unknown): void {
    sent.push({ topicName, at: opts.now() });
    for (const ch of channels.values()) {
      if (!ch.topics.has(topicName)) continue;
      for (const ws of ch.sockets) send(ws, topicName, eventBody);
    }
  }

  function channelReply(ch: FakeChannel) {
    return {
      id: ch.id,
      connectUri: `${opts.wsBase()}/channels/${ch.id}`,
      expires: new Date(ch.expiresAt).toISOString(),
    };
  }

  function subscribe(ch: FakeChannel, body: unknown, replace: boolean): Reply {
    if (!Array.isArray(body)) return fail(400, 'bad.request', 'The body must be an array of {id: topic}');
    const topics: string[] = [];
    for (const item of body) {
      const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
      if (typeof id !== 'string' || !KNOWN_TOPIC.test(id)) {
        return fail(400, 'notification.subscription.invalid', `Topic ${String(id)} is not a valid topic`);
      }
      topics.push(id);
    }
    if (replace) ch.topics.clear();
    const refused = (t: string) => state.faults.refusedTopics.some((part) => part !== '' && t.includes(part));
    for (const t of topics) if (!refused(t)) ch.topics.add(t);
    if (ch.topics.size > 1000) return fail(400, 'bad.request', 'A channel holds at most 1000 topics');
    // Subscribing again keeps a channel alive for another 24 hours.
    ch.expiresAt = opts.now() + ttlMs;
    return ok({ entities: [...ch.topics].map((id) => ({ id, selfUri: `${CHANNELS}/${ch.id}/subscriptions` })) });
  }

  return {
    sent,
    get openSockets() {
      let n = 0;
      for (const ch of channels.values()) n += ch.sockets.size;
      return n;
    },
    route(method, pathname, body) {
      if (pathname === CHANNELS && method === 'POST') {
        const ch: FakeChannel = {
          id: `streaming-0-${randomUUID().replace(/-/g, '').slice(0, 26)}`,
          topics: new Set(),
          expiresAt: opts.now() + ttlMs,
          sockets: new Set(),
        };
        channels.set(ch.id, ch);
        // At most 20 channels per client: the oldest goes (vendor-facts.md).
        if (channels.size > 20) {
          const oldest = channels.values().next().value as FakeChannel;
          for (const ws of oldest.sockets) ws.close(1000, 'channel removed');
          channels.delete(oldest.id);
        }
        return ok(channelReply(ch));
      }
      if (pathname === CHANNELS && method === 'GET') {
        return ok({ entities: [...channels.values()].map(channelReply) });
      }
      const m = /^\/api\/v2\/notifications\/channels\/([^/]+)\/subscriptions$/.exec(pathname);
      if (!m)
        return pathname.startsWith('/api/v2/notifications/') ? fail(404, 'not.found', 'No such resource') : undefined;
      const ch = channels.get(m[1]!);
      if (!ch) return fail(404, 'not.found', `Channel ${m[1]} does not exist`);
      if (method === 'GET') return ok({ entities: [...ch.topics].map((id) => ({ id })) });
      if (method === 'PUT') return subscribe(ch, body, true);
      if (method === 'POST') return subscribe(ch, body, false);
      if (method === 'DELETE') {
        ch.topics.clear();
        return { status: 200 };
      }
      return fail(405, 'method.not.allowed', `${method} is not allowed here`);
    },
    upgrade(req, socket, head) {
      const m = /^\/channels\/([^/?]+)/.exec(req.url ?? '');
      if (!m) return false;
      const ch = channels.get(m[1]!);
      if (state.faults.notificationsDown || !ch) {
        socket.end(`HTTP/1.1 ${ch ? '503 Service Unavailable' : '404 Not Found'}\r\nConnection: close\r\n\r\n`);
        return true;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        ch.sockets.add(ws);
        ws.on('close', () => ch.sockets.delete(ws));
        ws.on('error', () => ch.sockets.delete(ws));
      });
      return true;
    },
    sync() {
      const now = fingerprints(state);
      const instances = new Map(trunkInstances(state).map((t) => [t.id!, t]));
      for (const [key, print] of now) {
        if (published.get(key) === print) continue;
        const [kind, id] = key.split(':') as [string, string];
        if (kind === 'edge') {
          const edge = state.edges.find((e) => e.id === id);
          if (edge) publish(`v2.telephony.providers.edges.${id}`, { id, onlineStatus: edge.onlineStatus });
          continue;
        }
        const t = instances.get(id);
        if (!t) continue;
        publish(`v2.telephony.providers.edges.trunks.${id}`, {
          id,
          connectedStatus: t.connectedStatus,
          optionsStatus: t.optionsStatus,
          registersStatus: [],
          ipStatus: { address: '' },
        });
        const counts = state.trunkMetrics.get(id) ?? { inboundCallCount: 0, outboundCallCount: 0 };
        publish(`v2.telephony.providers.edges.trunks.${id}.metrics`, {
          calls: counts,
          eventTime: new Date(opts.now()).toISOString(),
          qos: { mismatchCount: 0 },
          trunk: { id, name: t.name },
        });
      }
      published = now;
    },
    dropSockets() {
      for (const ch of channels.values()) for (const ws of ch.sockets) ws.terminate();
    },
    socketClosing() {
      for (const ch of channels.values()) {
        for (const ws of ch.sockets) {
          send(ws, SOCKET_CLOSING_TOPIC, { message: 'Socket closing' });
          const timer = setTimeout(() => {
            timers.delete(timer);
            ws.close(1001, 'socket closing');
          }, graceMs);
          timers.add(timer);
        }
      }
    },
    async close() {
      clearInterval(heartbeat);
      for (const t of timers) clearTimeout(t);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** What a subscriber can see of each trunk instance and edge, as comparable strings. */
function fingerprints(state: GenesysFakeState): Fingerprints {
  const out: Fingerprints = new Map();
  for (const e of state.edges) out.set(`edge:${e.id}`, String(e.onlineStatus));
  for (const t of trunkInstances(state)) {
    out.set(
      `trunk:${t.id}`,
      JSON.stringify([
        t.inService,
        t.connectedStatus?.connected,
        (t.optionsStatus ?? []).map((o) => [o.proxyAddress, o.optionState, o.errorInfo?.text]),
      ]),
    );
  }
  return out;
}
