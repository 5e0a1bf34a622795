/**
 * The fake Genesys Cloud Platform API: a real HTTP server the official SDK talks to through `setGateway`
 * (docs/vendor-facts.md, "Genesys Cloud client"). Login is the client-credentials grant; every `/api/v2` call needs a
 * live token, counts against a per-token limit of `rateLimitPerMinute` and answers with the rate-limit and correlation
 * headers (docs/vendor-facts.md, "Genesys Cloud wire conventions"). Faults (latency, 429 bursts, 5xx, silence,
 * disconnected trunks) come from the scenario and can be changed while it runs, by `setFaults` or `POST
 * /__sandbox/faults`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listen } from '../../listen.js';
import type { FakeServer, RecordedRequest } from '../fake-server.js';
import { readBody } from '../read-body.js';
import { type Faults, faultsSchema, type Scenario } from '../scenario.js';
import { auditRoute, isAuditedWrite, recordWriteAudit } from './audits.js';
import { createNotificationHub, type NotificationHub } from './notifications.js';
import { findRoute } from './routes.js';
import { buildState, type GenesysFakeState } from './state.js';
import { errorBody, fail, type Reply } from './wire.js';

export interface GenesysFakeOptions {
  port?: number;
  host?: string;
  /** The fake's clock (token expiry, rate-limit windows); tests pass a fake one. */
  now?: () => number;
  /** Decides which requests the 5xx rate fails; inject for a repeatable run. */
  random?: () => number;
  /** The notification heartbeat period (default 30 s, as the real service). */
  heartbeatMs?: number;
}

export interface GenesysFake extends FakeServer {
  readonly scenario: Scenario;
  /** The org as it is now: tests read it (`state.trunkBases`, `state.writes`) and may change it. */
  readonly state: GenesysFakeState;
  /** Successful client-credentials logins so far. */
  readonly logins: number;
  /** Forget every token issued so far, as if they had been revoked: the next API call gets 401. */
  revokeTokens(): void;
  /** Another OAuth client of the org (a script, Terraform): it can log in, and its writes are audited as its own. */
  addOAuthClient(clientId: string, clientSecret: string): void;
  /** The Notifications API and its WebSockets. */
  readonly notifications: NotificationHub;
  /** Tests that change `state` directly call this so subscribers get the events. */
  notifyStateChanged(): void;
}

const RATE_WINDOW_MS = 60_000;
const TOO_MANY = 'too.many.requests.retry.after';
/** Faults a caller may change at run time; unknown keys are refused so a typo does not pass silently. */
const faultsPatchSchema = faultsSchema.partial().strict();

interface Token {
  expiresAt: number;
  /** The OAuth client it was issued to: audits name it as the actor. */
  clientId: string;
}
interface Window {
  start: number;
  count: number;
}

export async function startGenesysFake(scenario: Scenario, opts: GenesysFakeOptions = {}): Promise<GenesysFake> {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const host = opts.host ?? '127.0.0.1';
  const state = buildState(scenario, now());
  const g = scenario.genesys;
  const tokens = new Map<string, Token>();
  const windows = new Map<string, Window>();
  const requests: RecordedRequest[] = [];
  /** Sockets of requests a "down" vendor is sitting on, so close() can let go of them. */
  const held = new Set<Socket>();
  let logins = 0;
  const otherClients = new Map<string, string>();
  let port = 0;
  const originalOnline = new Map(state.edges.map((e) => [e.id!, e.onlineStatus]));
  const hub = createNotificationHub(state, {
    wsBase: () => `ws://${host}:${port}`,
    now,
    heartbeatMs: opts.heartbeatMs,
  });

  /** `edgesOffline` overrides the scenario's `onlineStatus`; clearing it gives the scenario's back. */
  function applyEdgeFaults(): void {
    for (const e of state.edges) {
      e.onlineStatus = state.faults.edgesOffline.includes(e.name) ? 'OFFLINE' : originalOnline.get(e.id!);
    }
  }
  applyEdgeFaults();

  function setFaults(patch: Partial<Faults>): void {
    const { socketClosing, ...rest } = patch;
    state.faults = { ...state.faults, ...rest };
    applyEdgeFaults();
    if (state.faults.notificationsDown) hub.dropSockets();
    // socketClosing is an action, not a state: it happens once and the knob stays false.
    if (socketClosing) hub.socketClosing();
    hub.sync();
  }

  /** Counts one request against its key's window and says whether it is over the limit. */
  function countRequest(key: string): { window: Window; over: boolean } {
    let w = windows.get(key);
    const t = now();
    if (!w || t >= w.start + RATE_WINDOW_MS) {
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    w.count += 1;
    const over = w.count > g.rateLimitPerMinute;
    // A refused request does not use up a slot of the next one.
    if (over) w.count = g.rateLimitPerMinute;
    return { window: w, over };
  }

  function rateHeaders(w: Window | undefined): Record<string, string> {
    const t = now();
    const start = w?.start ?? t;
    return {
      'inin-ratelimit-count': String(w?.count ?? 0),
      'inin-ratelimit-allowed': String(g.rateLimitPerMinute),
      'inin-ratelimit-reset': String(Math.max(0, Math.ceil((start + RATE_WINDOW_MS - t) / 1000))),
    };
  }

  function tooMany(retryAfter: number, message: string): Reply {
    return { status: 429, body: errorBody(429, TOO_MANY, message), headers: { 'Retry-After': String(retryAfter) } };
  }

  function login(req: IncomingMessage, raw: string): Reply {
    const form = new URLSearchParams(raw);
    if (form.get('grant_type') !== 'client_credentials') {
      return {
        status: 400,
        body: { error: 'unsupported_grant_type', description: 'Only client_credentials is supported here' },
      };
    }
    const auth = req.headers.authorization ?? '';
    const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : '';
    const sep = decoded.indexOf(':');
    const [id, secret] = sep < 0 ? ['', ''] : [decoded.slice(0, sep), decoded.slice(sep + 1)];
    const known = id === g.credentials.clientId ? g.credentials.clientSecret : otherClients.get(id);
    if (known === undefined || secret !== known) {
      // The OAuth error shape, not ErrorBody (docs/vendor-facts.md, "Genesys Cloud wire conventions").
      return {
        status: 401,
        body: {
          error: 'invalid_client',
          description: 'client authentication failed',
          error_description: 'client authentication failed',
        },
      };
    }
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, { expiresAt: now() + g.tokenExpiresIn * 1000, clientId: id });
    logins += 1;
    return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: g.tokenExpiresIn } };
  }

  async function api(req: IncomingMessage, url: URL, raw: string): Promise<{ reply: Reply; window?: Window }> {
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const known = token ? tokens.get(token) : undefined;
    if (!token) return { reply: fail401('authentication.required', 'No authentication bearer token specified') };
    if (!known || known.expiresAt <= now()) {
      if (known) tokens.delete(token);
      return { reply: fail401('bad.credentials', 'Invalid login credentials.') };
    }
    const { window, over } = countRequest(token);
    if (over) {
      const retryAfter = Math.max(1, Math.ceil((window.start + RATE_WINDOW_MS - now()) / 1000));
      const reply = tooMany(
        retryAfter,
        `Rate limit exceeded the maximum [${g.rateLimitPerMinute}] requests within [60] seconds`,
      );
      return { reply, window };
    }
    if (state.faults.genesys429Burst > 0) {
      state.faults.genesys429Burst -= 1;
      const reply = tooMany(state.faults.retryAfterSeconds, 'Rate limit exceeded (sandbox 429 burst)');
      return { reply, window };
    }
    if (state.faults.genesys5xxRate > 0 && random() < state.faults.genesys5xxRate) {
      return { reply: fail(503, 'service.unavailable', 'The service is currently unavailable'), window };
    }
    const method = req.method ?? 'GET';
    const notification = hub.route(method, url.pathname, parseJson(raw));
    if (notification) return { reply: notification, window };
    let body: unknown;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        return { reply: fail(400, 'bad.request', 'The request body is not valid JSON'), window };
      }
    }
    const audit = auditRoute(method, url.pathname);
    if (audit) return { reply: audit({ state, url, body, now: now() }), window };
    const found = findRoute(method, url.pathname);
    if (!found) return { reply: fail(404, 'not.found', `No resource at ${url.pathname}`), window };
    // A write is audited with what a read of the same path gave just before it (nothing, for a create).
    const audited = isAuditedWrite(method, url.pathname);
    const before = audited && method !== 'POST' ? readBack(url) : undefined;
    const reply = found.handler({ state, url, params: found.params, body, now: now() });
    if (audited && reply.status < 300) {
      const actor = {
        clientId: known.clientId,
        remoteIp: req.socket.remoteAddress ?? '127.0.0.1',
        ...(state.actingUser ? { user: state.actingUser } : {}),
      };
      recordWriteAudit(state, { method, pathname: url.pathname, before, after: reply.body, actor, now: now() });
    }
    return { reply, window };
  }

  /** The entity at a path as a GET would return it, copied so the write that follows cannot change it. */
  function readBack(url: URL): unknown {
    const read = findRoute('GET', url.pathname);
    if (!read) return undefined;
    const reply = read.handler({ state, url, params: read.params, body: undefined, now: now() });
    return reply.status === 200 ? structuredClone(reply.body) : undefined;
  }

  function admin(req: IncomingMessage, url: URL, raw: string): Reply {
    if (url.pathname !== '/__sandbox/faults') return { status: 404, body: { message: 'unknown sandbox endpoint' } };
    if (req.method === 'GET') return { status: 200, body: state.faults };
    if (req.method !== 'POST') return { status: 405, body: { message: 'GET or POST' } };
    let json: unknown;
    try {
      json = JSON.parse(raw || '{}');
    } catch {
      return { status: 400, body: { message: 'a JSON object of faults' } };
    }
    const parsed = faultsPatchSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { status: 400, body: { message: `faults.${issue.path.join('.')}: ${issue.message}` } };
    }
    // partial() still fills defaults in; keep only what the caller sent.
    const sent = Object.keys(json as object);
    setFaults(Object.fromEntries(Object.entries(parsed.data).filter(([k]) => sent.includes(k))) as Partial<Faults>);
    return { status: 200, body: state.faults };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    if (url.pathname.startsWith('/__sandbox/')) {
      send(res, admin(req, url, raw), {});
      return;
    }
    requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, at: now() });
    if (state.faults.genesysDown) {
      // Accept and never answer, like a vendor whose load balancer is up and whose service is not.
      held.add(req.socket);
      req.socket.once('close', () => held.delete(req.socket));
      return;
    }
    if (state.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, state.faults.latencyMs));
    if (url.pathname === '/oauth/token' && req.method === 'POST') {
      send(res, login(req, raw), rateHeaders(undefined));
      return;
    }
    if (url.pathname.startsWith('/api/v2/')) {
      const { reply, window } = await api(req, url, raw);
      send(res, reply, rateHeaders(window));
      // A write may have changed what subscribers see (a trunk taken out of service).
      if (req.method !== 'GET' && reply.status < 300) hub.sync();
      return;
    }
    send(res, fail(404, 'not.found', `No resource at ${url.pathname}`), rateHeaders(undefined));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, fail(500, 'internal.server.error', String(err)), {});
    });
  });
  port = await listen(server, opts.port, host);
  server.on('upgrade', (req, socket, head) => {
    if (!hub.upgrade(req, socket, head)) socket.destroy();
  });

  return {
    url: `http://${host}:${port}`,
    port,
    scenario,
    state,
    get logins() {
      return logins;
    },
    get requests() {
      return requests;
    },
    resetRequests() {
      requests.length = 0;
    },
    setFaults,
    revokeTokens() {
      tokens.clear();
    },
    addOAuthClient(clientId, clientSecret) {
      otherClients.set(clientId, clientSecret);
    },
    notifications: hub,
    notifyStateChanged: () => hub.sync(),
    async close() {
      await hub.close();
      for (const socket of held) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseJson(raw: string): unknown {
  try {
    return raw === '' ? undefined : JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function fail401(code: string, message: string): Reply {
  return fail(401, code, message);
}

function send(res: ServerResponse, reply: Reply, headers: Record<string, string>): void {
  const correlationId = randomUUID();
  const body = reply.body === undefined ? '' : JSON.stringify(withContext(reply.body, correlationId));
  res.writeHead(reply.status, {
    'Content-Type': 'application/json',
    'ININ-Correlation-Id': correlationId,
    ...headers,
    ...reply.headers,
  });
  res.end(body);
}

/** ErrorBody carries the correlation id as `contextId`, which support asks for. */
function withContext(body: unknown, correlationId: string): unknown {
  if (typeof body === 'object' && body !== null && 'code' in body && 'status' in body && !Array.isArray(body)) {
    return { ...body, contextId: correlationId };
  }
  return body;
}

export type { GenesysFakeState } from './state.js';
