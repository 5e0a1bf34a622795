/**
 * The fake Twilio REST API: one real HTTP server answering for every Twilio domain the bot uses (trunking, api,
 * insights, monitor), since the client rewrites each request's origin to it (docs/vendor-facts.md, "Twilio SDK"). State
 * comes from the scenario and changes with every write; faults (latency, 429 bursts, 5xx rate, not answering) change at
 * run time.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen } from '../../listen.js';
import type { FakeServer, RecordedRequest } from '../fake-server.js';
import { readBody } from '../read-body.js';
import { type Faults, faultsSchema, type Scenario } from '../scenario.js';
import { api2010Routes } from './api2010-routes.js';
import { eventRoutes, recordWriteEvent } from './events.js';
import { insightsMonitorRoutes } from './insights-monitor-routes.js';
import type { Route } from './router.js';
import { stateFromScenario, type TwilioFakeState } from './state.js';
import { trunkingRoutes } from './trunking-routes.js';
import { errorBody, errorBodyOf, notFound, twilioHttpErrorOf } from './wire.js';

export interface TwilioFake extends FakeServer {
  /** The account's live state; tests may read it or change it directly. */
  readonly state: TwilioFakeState;
  /** The live fault knobs (a copy of the scenario's; `setFaults` changes them). */
  readonly faults: Faults;
}

export interface TwilioFakeOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** The fake's clock (epoch ms), for dates and the scenario's "minutes ago". */
  now?: () => number;
  /** Decides which requests the 5xx rate fails; inject for a repeatable run. */
  random?: () => number;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const ROUTES: Route[] = [...trunkingRoutes, ...api2010Routes, ...insightsMonitorRoutes, ...eventRoutes];
const ADMIN_FAULTS_PATH = '/__sandbox/faults';

export async function startTwilioFake(scenario: Scenario, opts: TwilioFakeOptions = {}): Promise<TwilioFake> {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const host = opts.host ?? '127.0.0.1';
  const state = stateFromScenario(scenario, now());
  const faults: Faults = structuredClone(scenario.faults);
  const requests: RecordedRequest[] = [];
  let inFlight = 0;

  const setFaults = (patch: Partial<Faults>) => {
    Object.assign(faults, patch);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, errorBody(500, 20500, `Internal Server Error: ${(err as Error).message}`));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);

    if (url.pathname === ADMIN_FAULTS_PATH) {
      const reply = admin(method, raw);
      send(res, reply.status, reply.body);
      return;
    }
    requests.push({ method, path: url.pathname, at: now() });

    // A vendor that accepts the connection and never answers: the client's timeout is what ends the request.
    if (faults.twilioDown) return;
    inFlight++;
    try {
      const started = process.hrtime.bigint();
      if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
      const reply = answer(req, url, method, raw);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      send(res, reply.status, reply.body, {
        'Twilio-Request-Id': `RQ${randomBytes(16).toString('hex')}`,
        'Twilio-Concurrent-Requests': String(inFlight),
        'Twilio-Request-Duration': seconds.toFixed(3),
        ...reply.headers,
      });
    } finally {
      inFlight--;
    }
  }

  function answer(req: IncomingMessage, url: URL, method: string, raw: string): Reply {
    if (!authorized(req.headers.authorization, state)) {
      return {
        status: 401,
        body: errorBody(401, 20003, 'Authenticate'),
        headers: { 'WWW-Authenticate': 'Basic realm="Twilio API"' },
      };
    }
    // 429 is error 20429 and the request was not processed (docs/vendor-facts.md, "Rate limits, Retry-After and the
    // time budget").
    if (faults.twilio429Burst > 0) {
      faults.twilio429Burst--;
      const headers: Record<string, string> =
        faults.retryAfterSeconds > 0 ? { 'Retry-After': String(faults.retryAfterSeconds) } : {};
      return { status: 429, body: errorBody(429, 20429, 'Too Many Requests'), headers };
    }
    if (faults.twilio5xxRate > 0 && random() < faults.twilio5xxRate) {
      return { status: 500, body: errorBody(500, 20500, 'Internal Server Error') };
    }

    const candidates = ROUTES.map((r) => ({ r, m: r.pattern.exec(url.pathname) })).filter((x) => x.m !== null);
    if (candidates.length === 0) return { status: 404, body: errorBodyOf(notFound(url.pathname)) };
    const hit = candidates.find((x) => x.r.method === method);
    if (!hit) return { status: 405, body: errorBody(405, 20004, 'Method not allowed') };

    const origin = `http://${req.headers.host ?? `${host}:${port()}`}`;
    const request = (r: Route, m: RegExpExecArray, form: URLSearchParams) =>
      r.handle({
        params: m.slice(1).map(decodeURIComponent),
        path: url.pathname,
        query: url.searchParams,
        form,
        state,
        render: { origin, state },
        nowMs: now(),
      });
    /** The resource at the write's path as a GET gives it, for the event's before/after (nothing for a create). */
    const readBack = (): unknown => {
      const get = candidates.find((x) => x.r.method === 'GET');
      if (!get || (method === 'POST' && isCollection(url.pathname))) return undefined;
      try {
        return structuredClone(request(get.r, get.m!, new URLSearchParams()).body);
      } catch {
        return undefined;
      }
    };
    try {
      const before = method === 'GET' ? undefined : readBack();
      const result = request(hit.r, hit.m!, method === 'POST' ? new URLSearchParams(raw) : new URLSearchParams());
      if ((method === 'POST' || method === 'DELETE') && result.status < 300) {
        recordWriteEvent(state.events, {
          method,
          path: url.pathname,
          before,
          after: result.body,
          origin,
          actor: {
            accountSid: state.accountSid,
            ...(state.consoleUser ? { consoleUser: state.consoleUser } : {}),
            ...apiKeyOf(req.headers.authorization, state),
            ip: req.socket.remoteAddress ?? null,
          },
          nowMs: now(),
        });
      }
      return result;
    } catch (err) {
      const refused = twilioHttpErrorOf(err);
      if (refused) return { status: refused.status, body: errorBodyOf(refused) };
      throw err;
    }
  }

  function admin(method: string, raw: string): Reply {
    if (method === 'GET') return { status: 200, body: faults };
    if (method !== 'POST') return { status: 405, body: { error: 'GET or POST' } };
    let patch: Record<string, unknown>;
    try {
      patch = JSON.parse(raw || '{}') as Record<string, unknown>;
    } catch {
      return { status: 400, body: { error: 'a JSON object of fault knobs' } };
    }
    const shape = faultsSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
    const valid: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(patch)) {
      const parsed = shape[key]?.safeParse(value);
      if (!parsed?.success) return { status: 400, body: { error: `${key}: not a valid fault setting` } };
      valid[key] = parsed.data;
    }
    setFaults(valid as Partial<Faults>);
    return { status: 200, body: faults };
  }

  const boundPort = await listen(server, opts.port, host);
  const port = () => boundPort;

  return {
    url: `http://${host}:${port()}`,
    port: port(),
    get requests() {
      return requests;
    },
    resetRequests: () => {
      requests.length = 0;
    },
    setFaults,
    state,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        // Requests held open by `twilioDown` would keep close() waiting forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A list path (its last segment names a kind, not a sid): a POST there creates. */
function isCollection(pathname: string): boolean {
  const last =
    pathname
      .split('/')
      .at(-1)
      ?.replace(/\.json$/, '') ?? '';
  if (last === 'Recording') return false;
  return !/^[A-Z]{2}[0-9a-f]{32}$/.test(last);
}

/**
 * HTTP Basic with the account SID and auth token, or with an API key SID and its secret: Twilio accepts both for
 * the REST API (https://www.twilio.com/docs/iam/api-keys; docs/vendor-facts.md, "Twilio API keys").
 */
function authorized(header: string | undefined, state: TwilioFakeState): boolean {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i <= 0) return false;
  const user = decoded.slice(0, i);
  const password = decoded.slice(i + 1);
  if (user === state.accountSid) return password === state.authToken;
  return state.apiKeys.some((k) => k.sid === user && k.secret === password);
}

/** The API key a request authenticated with, if it used one rather than the auth token. */
function apiKeyOf(header: string | undefined, state: TwilioFakeState): { apiKeySid?: string } {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '');
  const user = m ? Buffer.from(m[1]!, 'base64').toString('utf8').split(':')[0] : undefined;
  return user && state.apiKeys.some((k) => k.sid === user) ? { apiKeySid: user } : {};
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}
