/**
 * A fake Slack: the Web API methods byoc-bot calls, a `response_url` sink, and a record of everything received.
 * Point the bot at it with `SLACK_API_URL=<fake.apiUrl>`. Tests assert on `calls`, `responses` and `messages`;
 * the sandbox also uses it to let a newcomer try the bot without a Slack workspace (`POST /__sandbox/slash` sends
 * a command, `POST /__sandbox/click` presses a button on a message the bot posted).
 *
 * It behaves like Slack where the bot depends on it: `chat.update` needs a message the bot posted, sending `text`
 * without `blocks` drops the old blocks, ok:false errors come with HTTP 200, and a 429 carries Retry-After.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  blockActionsBody,
  type SendOptions,
  sendToSlackApp,
  slashCommandBody,
  TEST_CHANNEL_ID,
  TEST_TEAM_ID,
  TEST_USER_ID,
} from './signed-requests.js';

export * from './signed-requests.js';

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

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  /** How many times `chat.update` changed it. */
  updates: number;
}

export interface FakeSlackUser {
  name?: string;
  realName?: string;
  email?: string;
  isBot?: boolean;
}

/** A button on a message the bot posted (what `/__sandbox/click` presses). */
export interface FakeSlackButton {
  actionId: string;
  value?: string;
  label: string;
  /** The title of the dialog Slack shows before sending the press, when the button asks for confirmation. */
  confirm?: string;
  message: FakeSlackMessage;
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
  teamId?: string;
  botUserId?: string;
  /** Usergroup id -> member user ids (`usergroups.users.list`). */
  usergroups?: Record<string, string[]>;
  /** User id -> profile (`users.info`). */
  users?: Record<string, FakeSlackUser>;
}

/** What `subscribe` listeners hear, as it happens (`t` is `performance.now()`, for benchmarks). */
export type FakeSlackEvent =
  | { kind: 'call'; call: SlackCall; t: number }
  | { kind: 'response'; response: ResponseUrlPost; t: number };

export class SlackWaitTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`Fake Slack: gave up after ${ms} ms waiting for ${what}`);
    this.name = 'SlackWaitTimeoutError';
  }
}

function parseParams(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The Web API client form-encodes nested arguments (blocks, attachments) as JSON strings.
    params[key] = /^\s*[[{]/.test(value) ? safeJson(value) : value;
  }
  return params;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** The words a person would see in a message, for the sandbox's plain-text answers. */
export function blocksToText(message: { text?: string; blocks?: unknown[] }): string {
  if (!message.blocks || message.blocks.length === 0) return message.text ?? '';
  const lines: string[] = [];
  const textOf = (t: unknown) => {
    const text = (t as { text?: unknown } | undefined)?.text;
    return typeof text === 'string' ? text : undefined;
  };
  for (const block of message.blocks as Record<string, unknown>[]) {
    const own = textOf(block.text);
    if (own) lines.push(block.type === 'header' ? `== ${own} ==` : own);
    for (const field of (block.fields as unknown[] | undefined) ?? []) {
      const t = textOf(field);
      if (t) lines.push(t);
    }
    for (const element of (block.elements as Record<string, unknown>[] | undefined) ?? []) {
      const t = textOf(element) ?? textOf(element.text);
      if (!t) continue;
      // A button shows its value too (an approval id, a command), so a person can press it with /__sandbox/click.
      const value = typeof element.value === 'string' && element.value ? ` (${element.value})` : '';
      lines.push(block.type === 'actions' ? `[${t}${value}]` : t);
    }
  }
  // Slack shows mrkdwn's escaped &lt; &gt; &amp; as the characters themselves.
  return lines.join('\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * The dispatcher's "working on it" message (`:hourglass_flowing_sand: Working on …`, or "…applying …" after an
 * Approve): a section or plain text starting with the hourglass. A card starts with its header instead.
 */
function isWorkingMessage(message: { text?: string; blocks?: unknown[] }): boolean {
  const first = message.blocks?.[0] as { type?: string; text?: { text?: string } } | undefined;
  const text = first ? (first.type === 'section' ? first.text?.text : undefined) : message.text;
  return typeof text === 'string' && text.startsWith(':hourglass_flowing_sand:');
}

function buttonsOf(message: FakeSlackMessage): FakeSlackButton[] {
  const buttons: FakeSlackButton[] = [];
  for (const block of (message.blocks ?? []) as Record<string, unknown>[]) {
    const elements = [...((block.elements as Record<string, unknown>[] | undefined) ?? [])];
    if (block.accessory) elements.push(block.accessory as Record<string, unknown>);
    for (const element of elements) {
      if (element.type !== 'button' || typeof element.action_id !== 'string') continue;
      const label = (element.text as { text?: string } | undefined)?.text ?? element.action_id;
      const confirm = (element.confirm as { title?: { text?: string } } | undefined)?.title?.text;
      buttons.push({
        actionId: element.action_id,
        ...(typeof element.value === 'string' ? { value: element.value } : {}),
        label,
        ...(confirm ? { confirm } : {}),
        message,
      });
    }
  }
  return buttons;
}

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly messages = new Map<string, FakeSlackMessage>();
  private readonly failures = new Map<string, SlackFailure[]>();
  private readonly usergroups: Map<string, string[]>;
  private readonly users: Map<string, FakeSlackUser>;
  private readonly listeners = new Set<(event: FakeSlackEvent) => void>();
  private tsCounter = 0;
  private bot?: { eventsUrl: string; signingSecret: string };
  port = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: FakeSlackOptions,
  ) {
    this.usergroups = new Map(Object.entries(options.usergroups ?? {}));
    this.users = new Map(Object.entries(options.users ?? {}));
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    let fake: FakeSlack | undefined;
    const server = createServer((req, res) => {
      fake?.handle(req, res).catch((err: unknown) => sendJson(res, 500, { ok: false, error: String(err) }));
    });
    fake = new FakeSlack(server, options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    const address = server.address();
    fake.port = typeof address === 'object' && address ? address.port : 0;
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

  /** Lets `POST /__sandbox/slash` and `/__sandbox/click` send signed requests to a running bot. */
  connectBot(eventsUrl: string, signingSecret: string): void {
    this.bot = { eventsUrl, signingSecret };
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.messages.clear();
    this.failures.clear();
  }

  /** Polls `find` until it returns something (the bot answers asynchronously). */
  async waitFor<T>(what: string, find: () => T | undefined, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new SlackWaitTimeoutError(what, timeoutMs);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
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
    if (req.method === 'POST' && path === '/__sandbox/slash') {
      await this.trySlash(req, raw, res);
      return;
    }
    if (req.method === 'POST' && path === '/__sandbox/click') {
      await this.tryClick(req, raw, res);
      return;
    }
    sendJson(res, 404, { ok: false, error: 'not_found' });
  }

  private handleApi(method: string, req: IncomingMessage, raw: string, res: ServerResponse): void {
    const params = parseParams(raw, req.headers['content-type']);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : (params.token as string | undefined);
    this.calls.push({ method, params, token, at: Date.now() });

    const failure = this.failures.get(method)?.shift();
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
    if (this.options.token !== undefined && token !== this.options.token) {
      sendJson(res, 200, { ok: false, error: 'invalid_auth' });
      return;
    }
    const result = this.answer(method, params);
    const call = this.calls[this.calls.length - 1];
    if (call) {
      call.result = result;
      this.emit({ kind: 'call', call, t: performance.now() });
    }
    sendJson(res, 200, result);
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
        return {
          ok: true,
          user: {
            id,
            team_id: teamId,
            name: user.name ?? id.toLowerCase(),
            real_name: user.realName ?? user.name ?? id,
            is_bot: user.isBot ?? false,
            deleted: false,
            profile: { email: user.email, real_name: user.realName ?? user.name ?? id, display_name: user.name ?? '' },
          },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** The fields of a "try it" request, from its form body or its query string. */
  private sandboxInput(req: IncomingMessage, raw: string): (name: string) => string | undefined {
    const query = new URL(req.url ?? '/', this.url).searchParams;
    const form = parseParams(raw, req.headers['content-type']);
    return (name) => {
      const value = form[name] ?? query.get(name);
      return value === undefined || value === null ? undefined : String(value);
    };
  }

  /** Answers a "try it" request with a message: as plain text, or with `format=json` the raw Block Kit. */
  private replyWith(res: ServerResponse, asJson: boolean, message: { text?: string; blocks?: unknown[] }, note = '') {
    if (asJson) {
      sendJson(res, 200, message);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${note}${blocksToText(message)}\n`);
  }

  /**
   * The sandbox's "try it": `curl -s <fake>/__sandbox/slash --data-urlencode 'text=status'` sends a signed
   * `/byoc status` to the bot and answers with the card that ends up in Slack, as plain text (`format=json` for the
   * raw Block Kit). `user=U…` sends it as someone else (default U0SANDBOX).
   */
  private async trySlash(req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
    if (!this.bot) {
      sendJson(res, 409, { ok: false, error: 'no bot connected to this fake Slack' });
      return;
    }
    const input = this.sandboxInput(req, raw);
    const text = input('text') ?? '';
    const user = input('user') || TEST_USER_ID;
    const asJson = input('format') === 'json';
    const responseId = randomUUID();
    const since = Date.now();
    const userName = this.users.get(user)?.name;
    const body = slashCommandBody({
      text,
      userId: user,
      ...(userName ? { userName } : {}),
      channelId: TEST_CHANNEL_ID,
      responseUrl: this.responseUrl(responseId),
    });
    const options: SendOptions = { secret: this.bot.signingSecret };
    const ack = await sendToSlackApp(this.bot.eventsUrl, body, options);
    if (ack.status !== 200) {
      sendJson(res, 502, { ok: false, error: `the bot answered HTTP ${ack.status}` });
      return;
    }
    if (ack.body.trim().startsWith('{')) {
      this.replyWith(res, asJson, JSON.parse(ack.body) as { text?: string; blocks?: unknown[] });
      return;
    }
    try {
      const answer = await this.waitFor(
        'the answer',
        () => {
          const viaUrl = this.responsesTo(responseId).find((r) => r.body.replace_original === true);
          if (viaUrl) return viaUrl.body as { text?: string; blocks?: unknown[] };
          // The working message the bot posted for this request names the person who asked.
          const posted = this.callsTo('chat.postMessage').find(
            (c) => c.at >= since && String(c.params.text ?? '').includes(`<@${user}>`) && c.result?.ts,
          );
          const message = posted && this.message(String(posted.params.channel), String(posted.result?.ts));
          return message && message.updates > 0 ? { text: message.text, blocks: message.blocks } : undefined;
        },
        60_000,
      );
      this.replyWith(res, asJson, answer);
    } catch (err) {
      sendJson(res, 504, { ok: false, error: (err as Error).message });
    }
  }

  /**
   * The sandbox's button press: `curl -s <fake>/__sandbox/click -d action=approval.approve -d user=U0SANDBOXLEAD`
   * finds the button with that action id (and `value`, e.g. an approval id; without it, on the newest message that
   * has one) on a message the bot posted, sends the signed `block_actions` Slack would send for it, and answers with
   * what the press led to: the card once the message settles (past "working on it"), or the private answer.
   */
  private async tryClick(req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
    if (!this.bot) {
      sendJson(res, 409, { ok: false, error: 'no bot connected to this fake Slack' });
      return;
    }
    const input = this.sandboxInput(req, raw);
    const actionId = input('action') ?? '';
    const value = input('value') || undefined;
    const user = input('user') || TEST_USER_ID;
    const asJson = input('format') === 'json';
    const buttons = this.buttons();
    const button = buttons.find((b) => b.actionId === actionId && (value === undefined || b.value === value));
    if (!button) {
      const which = actionId
        ? `no button with action "${actionId}"${value !== undefined ? ` and value "${value}"` : ''} on the bot's messages`
        : 'say which button to press: action=<action id> (and value=<button value> for a particular one)';
      sendJson(res, actionId ? 404 : 400, {
        ok: false,
        error: which,
        buttons: buttons.slice(0, 20).map((b) => ({
          action: b.actionId,
          value: b.value,
          label: b.label,
          message: b.message.ts,
        })),
      });
      return;
    }
    const { message } = button;
    const updatesBefore = message.updates;
    const responseId = randomUUID();
    const userName = this.users.get(user)?.name;
    const body = blockActionsBody({
      actionId: button.actionId,
      value: button.value ?? '',
      userId: user,
      ...(userName ? { userName } : {}),
      channelId: message.channel,
      messageTs: message.ts,
      responseUrl: this.responseUrl(responseId),
    });
    const ack = await sendToSlackApp(this.bot.eventsUrl, body, { secret: this.bot.signingSecret });
    if (ack.status !== 200) {
      sendJson(res, 502, { ok: false, error: `the bot answered HTTP ${ack.status}` });
      return;
    }
    // Slack shows a button's confirmation dialog before it sends anything: here the press is always confirmed.
    const confirmed = button.confirm ? `(Slack asked "${button.confirm}" first; confirmed.)\n` : '';
    const settled = () => (message.updates > updatesBefore && !isWorkingMessage(message) ? message : undefined);
    try {
      const answer = await this.waitFor(
        `an answer to the press of "${button.label}"`,
        () => {
          for (const r of this.responsesTo(responseId)) {
            const m = r.body as { text?: string; blocks?: unknown[]; replace_original?: boolean };
            if (r.body.replace_original === true && isWorkingMessage(m)) continue;
            return { message: m, note: r.body.response_type === 'ephemeral' ? '(only you see this)\n' : '' };
          }
          const updated = settled();
          return updated ? { message: updated, note: '' } : undefined;
        },
        60_000,
      );
      this.replyWith(
        res,
        asJson,
        { text: answer.message.text, blocks: answer.message.blocks },
        confirmed + answer.note,
      );
    } catch (err) {
      // Still working after a minute: show where it stands rather than nothing.
      if (message.updates > updatesBefore) this.replyWith(res, asJson, message, confirmed);
      else sendJson(res, 504, { ok: false, error: (err as Error).message });
    }
  }
}

export function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  return FakeSlack.start(options);
}
