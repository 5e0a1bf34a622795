/**
 * A fake Slack: the Web API methods byoc-bot calls, a `response_url` sink, and a record of everything received.
 * Point the bot at it with `SLACK_API_URL=<fake.apiUrl>`. Tests assert on `calls`, `responses` and `messages`;
 * the sandbox mounts its try-it endpoints on it (try-it.ts) to let a newcomer try the bot without a workspace.
 *
 * It behaves like Slack where the bot depends on it: `chat.update` needs a message the bot posted, sending `text`
 * without `blocks` drops the old blocks, ok:false errors come with HTTP 200, and a 429 carries Retry-After.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listen } from '../../listen.js';
import { pollUntil } from '../wait-for.js';
import { parseParams, readBody, sendJson } from './http-body.js';
import { TEST_TEAM_ID } from './signed-requests.js';
import { buttonsOf, type FakeSlackButton, type FakeSlackMessage } from './slack-messages.js';
import { FakeSocketMode } from './socket-mode.js';

export * from './signed-requests.js';
export { blocksToText, type FakeSlackButton, type FakeSlackMessage } from './slack-messages.js';

/** A route added to the fake (the sandbox's try-it endpoints): gets the request, its body read, and the response. */
export type FakeSlackRoute = (req: IncomingMessage, raw: string, res: ServerResponse) => Promise<void>;

export interface SlackCall {
  method: string;
  params: Record<string, unknown>;
  token?: string;
  at: number;
  /** What the fake answered (absent when the call was made to fail). */
  result?: Record<string, unknown>;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeSlackUser {
  name?: string;
  realName?: string;
  email?: string;
  isBot?: boolean;
  /** A deactivated account: still in `users.list`, marked deleted. */
  deleted?: boolean;
}

/** What the next call to a method fails with: an HTTP status (429 with Retry-After), or an ok:false error. */
export interface SlackFailure {
  status?: number;
  retryAfterSeconds?: number;
  error?: string;
}

export interface FakeSlackOptions {
  port?: number;
  /** Interface to listen on; 127.0.0.1 unless a container must reach it from outside. */
  host?: string;
  /** When set, calls with another token get `invalid_auth`. */
  token?: string;
  /** Turns Socket Mode on: `apps.connections.open` with this app-level token (`xapp-…`) opens a socket. */
  appToken?: string;
  /** How often the Socket Mode server pings a connection (default 5 s). */
  socketPingMs?: number;
  teamId?: string;
  botUserId?: string;
  /** Usergroup id -> member user ids (`usergroups.users.list`). */
  usergroups?: Record<string, string[]>;
  /** User id -> profile (`users.info`, `users.list`). */
  users?: Record<string, FakeSlackUser>;
}

/** What `subscribe` listeners hear, as it happens (`t` is `performance.now()`, for benchmarks). */
export type FakeSlackEvent =
  | { kind: 'call'; call: SlackCall; t: number }
  | { kind: 'response'; response: ResponseUrlPost; t: number };

/** A user as `users.info` and `users.list` show one. */
function slackUserObject(id: string, user: FakeSlackUser, teamId: string): Record<string, unknown> {
  return {
    id,
    team_id: teamId,
    name: user.name ?? id.toLowerCase(),
    real_name: user.realName ?? user.name ?? id,
    is_bot: user.isBot ?? false,
    deleted: user.deleted ?? false,
    profile: {
      email: user.email,
      real_name: user.realName ?? user.name ?? id,
      display_name: user.name ?? '',
      display_name_normalized: user.name ?? '',
    },
  };
}

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly messages = new Map<string, FakeSlackMessage>();
  private readonly failures = new Map<string, SlackFailure[]>();
  private readonly periodicFailures = new Map<string, { every: number; failure: SlackFailure; seen: number }>();
  private readonly usergroups: Map<string, string[]>;
  private readonly users: Map<string, FakeSlackUser>;
  private readonly listeners = new Set<(event: FakeSlackEvent) => void>();
  private tsCounter = 0;
  private readonly routes = new Map<string, FakeSlackRoute>();
  port = 0;
  /** The Socket Mode server, when `appToken` was given. */
  readonly socketMode?: FakeSocketMode;

  private constructor(
    private readonly server: Server,
    private readonly options: FakeSlackOptions,
  ) {
    this.usergroups = new Map(Object.entries(options.usergroups ?? {}));
    this.users = new Map(Object.entries(options.users ?? {}));
    if (options.appToken) {
      const socketMode = new FakeSocketMode(() => this.url, options.socketPingMs);
      this.socketMode = socketMode;
      server.on('upgrade', (req, socket, head) => {
        if (!socketMode.handleUpgrade(req, socket, head)) socket.destroy();
      });
    }
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    let fake: FakeSlack | undefined;
    const server = createServer((req, res) => {
      fake?.handle(req, res).catch((err: unknown) => sendJson(res, 500, { ok: false, error: String(err) }));
    });
    fake = new FakeSlack(server, options);
    fake.port = await listen(server, options.port, options.host ?? '127.0.0.1');
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What SLACK_API_URL should be. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A fresh response_url whose posts are recorded under `id`. */
  responseUrl(id: string = randomUUID()): string {
    return `${this.url}/response/${id}`;
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  responsesTo(id: string): ResponseUrlPost[] {
    return this.responses.filter((r) => r.id === id);
  }

  message(channel: string, ts: string): FakeSlackMessage | undefined {
    return this.messages.get(`${channel}/${ts}`);
  }

  /** The buttons on the messages the bot posted (as they are now), newest message first. */
  buttons(): FakeSlackButton[] {
    return [...this.messages.values()].reverse().flatMap(buttonsOf);
  }

  /** The next call(s) to `method` fail as described, in order. */
  failNext(method: string, ...failures: SlackFailure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  /** From now on every `every`-th call to `method` gets `failure` (the others are answered); undefined stops it. */
  failEvery(method: string, every: number | undefined, failure: SlackFailure = { status: 429 }): void {
    if (every === undefined) this.periodicFailures.delete(method);
    else this.periodicFailures.set(method, { every, failure, seen: 0 });
  }

  setUsergroup(id: string, userIds: string[]): void {
    this.usergroups.set(id, userIds);
  }

  setUser(id: string, user: FakeSlackUser): void {
    this.users.set(id, user);
  }

  /** Hears every call and response_url post as it arrives; returns the unsubscribe function. */
  subscribe(listener: (event: FakeSlackEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: FakeSlackEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Answers `POST path` with `route` (the sandbox mounts its try-it endpoints this way). */
  mount(path: string, route: FakeSlackRoute): void {
    this.routes.set(path, route);
  }

  /** The display name of a user the fake knows (`users.info`). */
  userName(id: string): string | undefined {
    return this.users.get(id)?.name;
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.messages.clear();
    this.failures.clear();
  }

  /** Polls `find` until it returns something (the bot answers asynchronously). */
  waitFor<T>(what: string, find: () => T | undefined, timeoutMs = 15_000): Promise<T> {
    return pollUntil('Fake Slack', what, find, timeoutMs);
  }

  /** Waits until the message at channel/ts has been updated `times` times, and returns it. */
  waitForUpdate(channel: string, ts: string, times = 1, timeoutMs?: number): Promise<FakeSlackMessage> {
    return this.waitFor(
      `chat.update #${times} of ${channel}/${ts}`,
      () => {
        const m = this.message(channel, ts);
        return m && m.updates >= times ? m : undefined;
      },
      timeoutMs,
    );
  }

  async close(): Promise<void> {
    this.socketMode?.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const raw = await readBody(req);
    if (req.method === 'POST' && path.startsWith('/api/')) {
      this.handleApi(path.slice('/api/'.length), req, raw, res);
      return;
    }
    if (req.method === 'POST' && path.startsWith('/response/')) {
      const id = decodeURIComponent(path.slice('/response/'.length));
      const response: ResponseUrlPost = { id, body: parseParams(raw, 'application/json'), at: Date.now() };
      this.responses.push(response);
      this.emit({ kind: 'response', response, t: performance.now() });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    const route = req.method === 'POST' ? this.routes.get(path) : undefined;
    if (route) {
      await route(req, raw, res);
      return;
    }
    sendJson(res, 404, { ok: false, error: 'not_found' });
  }

  private handleApi(method: string, req: IncomingMessage, raw: string, res: ServerResponse): void {
    const params = parseParams(raw, req.headers['content-type']);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : (params.token as string | undefined);
    this.calls.push({ method, params, token, at: Date.now() });

    const periodic = this.periodicFailures.get(method);
    const failure =
      this.failures.get(method)?.shift() ??
      (periodic && ++periodic.seen % periodic.every === 0 ? periodic.failure : undefined);
    if (failure?.status !== undefined) {
      const headers: Record<string, string> =
        failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {};
      sendJson(res, failure.status, { ok: false, error: failure.error ?? 'fake_failure' }, headers);
      return;
    }
    if (failure?.error) {
      sendJson(res, 200, { ok: false, error: failure.error });
      return;
    }
    if (method === 'apps.connections.open') {
      // Only the app-level token opens a socket; Slack refuses a bot token with not_allowed_token_type.
      const refused = token?.startsWith('xoxb-') ? 'not_allowed_token_type' : 'invalid_auth';
      const result =
        this.socketMode && token === this.options.appToken
          ? { ok: true, url: this.socketMode.openConnection() }
          : { ok: false, error: refused };
      this.answered(result);
      sendJson(res, 200, result);
      return;
    }
    if (this.options.token !== undefined && token !== this.options.token) {
      sendJson(res, 200, { ok: false, error: 'invalid_auth' });
      return;
    }
    const result = this.answer(method, params);
    this.answered(result);
    sendJson(res, 200, result);
  }

  /** Records what the last call was answered, and tells the listeners. */
  private answered(result: Record<string, unknown>): void {
    const call = this.calls[this.calls.length - 1];
    if (call) {
      call.result = result;
      this.emit({ kind: 'call', call, t: performance.now() });
    }
  }

  private answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    const teamId = this.options.teamId ?? TEST_TEAM_ID;
    const botUserId = this.options.botUserId ?? 'U0BYOCBOT';
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://sandbox.slack.com/',
          team: 'Sandbox',
          user: 'byoc',
          team_id: teamId,
          user_id: botUserId,
          bot_id: 'B0BYOCBOT',
        };
      case 'chat.postMessage': {
        const channel = String(params.channel ?? '');
        if (!channel) return { ok: false, error: 'channel_not_found' };
        const ts = this.nextTs();
        const message: FakeSlackMessage = {
          channel,
          ts,
          text: params.text as string | undefined,
          blocks: params.blocks as unknown[] | undefined,
          updates: 0,
          ...(params.thread_ts ? { threadTs: String(params.thread_ts) } : {}),
          ...(isMetadata(params.metadata) ? { metadata: params.metadata } : {}),
        };
        this.messages.set(`${channel}/${ts}`, message);
        return { ok: true, channel, ts, message: { type: 'message', user: botUserId, text: message.text, ts } };
      }
      case 'chat.update': {
        const channel = String(params.channel ?? '');
        const ts = String(params.ts ?? '');
        const message = this.message(channel, ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        if (params.text !== undefined) message.text = params.text as string;
        // Slack keeps the old blocks only when neither text nor blocks is sent.
        if (params.blocks !== undefined) message.blocks = params.blocks as unknown[];
        else if (params.text !== undefined) message.blocks = undefined;
        message.updates += 1;
        return { ok: true, channel, ts, text: message.text };
      }
      // Metadata only when asked for (https://api.slack.com/metadata/using).
      case 'conversations.history':
      case 'conversations.replies': {
        const channel = String(params.channel ?? '');
        const thread = method === 'conversations.replies' ? String(params.ts ?? '') : undefined;
        if (!channel || thread === '')
          return { ok: false, error: thread === '' ? 'thread_not_found' : 'channel_not_found' };
        const oldest = Number(params.oldest ?? 0);
        const limit = Math.min(Number(params.limit ?? 100) || 100, 999);
        const withMetadata = params.include_all_metadata === true || params.include_all_metadata === 'true';
        const found = [...this.messages.values()]
          .filter((m) => m.channel === channel && Number(m.ts) >= oldest)
          .filter((m) => (thread === undefined ? !m.threadTs : m.ts === thread || m.threadTs === thread))
          // History is newest first; a thread's replies come oldest first, its parent at the top.
          .sort((a, b) => (thread === undefined ? Number(b.ts) - Number(a.ts) : Number(a.ts) - Number(b.ts)))
          .slice(0, limit);
        return {
          ok: true,
          has_more: false,
          messages: found.map((m) => ({
            type: 'message',
            user: botUserId,
            ts: m.ts,
            text: m.text,
            ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
            ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
          })),
        };
      }
      case 'chat.postEphemeral': {
        if (!params.channel || !params.user) return { ok: false, error: 'channel_not_found' };
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'usergroups.users.list': {
        const users = this.usergroups.get(String(params.usergroup ?? ''));
        return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
      }
      case 'users.info': {
        const id = String(params.user ?? '');
        const user = this.users.get(id);
        if (!user) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: slackUserObject(id, user, teamId) };
      }
      case 'users.list': {
        // Cursor paging as Slack does it: the cursor is opaque, an empty next_cursor means the last page.
        const limit = Math.max(1, Math.min(Number(params.limit) || 100, 1000));
        const start = params.cursor ? Number(Buffer.from(String(params.cursor), 'base64').toString('utf8')) : 0;
        if (!Number.isInteger(start) || start < 0) return { ok: false, error: 'invalid_cursor' };
        const all = [...this.users.entries()];
        const members = all.slice(start, start + limit).map(([id, user]) => slackUserObject(id, user, teamId));
        const next = start + limit < all.length ? Buffer.from(String(start + limit)).toString('base64') : '';
        return { ok: true, members, response_metadata: { next_cursor: next } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

export function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  return FakeSlack.start(options);
}

function isMetadata(v: unknown): v is { event_type: string; event_payload: Record<string, unknown> } {
  return typeof v === 'object' && v !== null && typeof (v as { event_type?: unknown }).event_type === 'string';
}
