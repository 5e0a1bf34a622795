/**
 * A fake Microsoft Bot Framework, as a real HTTP server: what a bot talks to when Teams is its channel.
 *
 * - `GET /v1/.well-known/openidconfiguration` and `/v1/.well-known/keys`: the OpenID metadata and JWKS whose key
 *   (generated at start, endorsed for `msteams`) signs every activity this fake sends (TEAMS_OPENID_METADATA_URL).
 * - `POST /{tenant}/oauth2/v2.0/token`: the client-credentials grant the bot uses for its replies
 *   (TEAMS_LOGIN_URL); it answers only the registered app id and secret.
 * - The Bot Connector: `POST /v3/conversations/{id}/activities[/{replyTo}]` and
 *   `PUT /v3/conversations/{id}/activities/{activityId}`, which need a token from the endpoint above, record
 *   everything, and answer `{ id }`. A PUT of an activity the bot never sent is a 404, as in Teams.
 *   `GET /v3/conversations/{id}/members` lists the members (`TeamsChannelAccount`s: Teams user id, AAD object id,
 *   name, email), which is how the bot learns who an @mention names.
 * - `POST /__sandbox/message` and `/__sandbox/press`: try it. They send a signed message (or the press of a button
 *   on the bot's newest card) to the bot, as Teams would, and print the card that comes back.
 *
 * Protocol references: https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
 * and https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from 'jose';
import { listen } from '../../listen.js';
import { pollUntil } from '../wait-for.js';
import {
  actionInvokeActivity,
  type BotAnswer,
  type ConversationInit,
  type FakeTeamsMember,
  messageActivity,
  SANDBOX_TEAMS_MEMBERS,
  SANDBOX_TEAMS_OPERATOR,
  SANDBOX_TEAMS_PEOPLE,
  sendToBot,
  signChannelToken,
} from './activities.js';
import { activityText, adaptiveCardOf, buttonsOf, isWorking } from './card-text.js';

type Json = Record<string, unknown>;
type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const CONNECTOR_AUDIENCE = 'https://api.botframework.com';

export interface ConnectorCall {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** PUT: the activity updated; POST: the activity replied to, if any. */
  activityId?: string;
  /** The id the fake gave the activity (POST) or the one updated (PUT). */
  id: string;
  activity: Json;
  /** The app id the bearer token was issued to. */
  appId: string;
  at: number;
  /** performance.now(), for benchmarks. */
  t: number;
}

export interface FakeTeamsMessage {
  id: string;
  conversationId: string;
  /** The activity as it is now. */
  activity: Json;
  updates: number;
}

export interface ConnectorFailure {
  status: number;
  retryAfterSeconds?: number;
}

export interface FakeBotFrameworkOptions {
  port?: number;
  host?: string;
  /** App id -> secret the token endpoint accepts. */
  apps?: Record<string, string>;
  /** Who `GET /v3/conversations/{id}/members` lists (every conversation has the same members); default the sandbox's. */
  members?: FakeTeamsMember[];
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

export class FakeBotFramework {
  readonly calls: ConnectorCall[] = [];
  readonly messages = new Map<string, FakeTeamsMessage>();
  /** Token requests: app id and whether they were granted. */
  readonly tokenRequests: { appId: string; granted: boolean }[] = [];
  /** Requests the connector refused (no or bad token). */
  readonly refused: { path: string; reason: string }[] = [];
  /** Connector calls answered with a failure set by `failNext` (each one a try the bot made). */
  readonly failed: { method: string; conversationId: string; activityId?: string; status: number; at: number }[] = [];
  readonly kid = `sandbox-${randomUUID().slice(0, 8)}`;
  /** Conversations whose members the bot asked for, in order. */
  readonly memberRequests: string[] = [];
  members: FakeTeamsMember[];
  port = 0;
  private readonly apps: Map<string, string>;
  private readonly failures: ConnectorFailure[] = [];
  private readonly listeners = new Set<(call: ConnectorCall) => void>();
  private bot?: { endpoint: string; appId: string };
  private counter = 0;

  private constructor(
    private readonly server: Server,
    private readonly privateKey: SigningKey,
    private readonly publicKey: SigningKey,
    private readonly publicJwk: JWK,
    options: FakeBotFrameworkOptions,
  ) {
    this.apps = new Map(Object.entries(options.apps ?? {}));
    this.members = options.members ?? SANDBOX_TEAMS_MEMBERS;
  }

  static async start(options: FakeBotFrameworkOptions = {}): Promise<FakeBotFramework> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    let fake: FakeBotFramework | undefined;
    const server = createServer((req, res) => {
      fake?.handle(req, res).catch((err: unknown) => sendJson(res, 500, { error: String(err) }));
    });
    fake = new FakeBotFramework(server, privateKey, publicKey, publicJwk, options);
    fake.port = await listen(server, options.port, options.host ?? '127.0.0.1');
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The `serviceUrl` of every activity this fake sends (the connector lives here too). */
  get serviceUrl(): string {
    return `${this.url}/`;
  }

  get openIdMetadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  loginUrl(tenant = 'botframework.com'): string {
    return `${this.url}/${tenant}/oauth2/v2.0/token`;
  }

  registerApp(appId: string, secret: string): void {
    this.apps.set(appId, secret);
  }

  /** Lets `/__sandbox/message` and `/__sandbox/press` reach a running bot. */
  connectBot(endpoint: string, appId: string): void {
    this.bot = { endpoint, appId };
  }

  /** The next connector call(s) fail with these statuses, in order. */
  failNext(...failures: ConnectorFailure[]): void {
    this.failures.push(...failures);
  }

  subscribe(listener: (call: ConnectorCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  reset(): void {
    this.calls.length = 0;
    this.messages.clear();
    this.failures.length = 0;
    this.refused.length = 0;
    this.failed.length = 0;
    this.memberRequests.length = 0;
    this.tokenRequests.length = 0;
  }

  /** A Bot Connector token for an activity to `appId`, signed with this fake's key unless told otherwise. */
  channelToken(
    appId: string,
    options: { serviceUrl?: string; issuer?: string; expiresIn?: number; key?: SigningKey; kid?: string } = {},
  ): Promise<string> {
    return signChannelToken(options.key ?? this.privateKey, {
      appId,
      serviceUrl: options.serviceUrl ?? this.serviceUrl,
      issuer: options.issuer,
      expiresIn: options.expiresIn,
      kid: options.kid ?? this.kid,
    });
  }

  /** A person's message to the bot (signed), as Teams sends it. */
  async sendMessage(
    endpoint: string,
    appId: string,
    init: Omit<ConversationInit, 'serviceUrl' | 'botId'> & { text: string; mentions?: { id: string; name: string }[] },
  ): Promise<{ answer: BotAnswer; activity: Json }> {
    const activity = messageActivity({ ...init, serviceUrl: this.serviceUrl, botId: appId });
    return { answer: await sendToBot(endpoint, activity, await this.channelToken(appId)), activity };
  }

  /** The press of a button (its verb and data) on the card in activity `replyToId`. */
  async press(
    endpoint: string,
    appId: string,
    init: Omit<ConversationInit, 'serviceUrl' | 'botId'> & { replyToId: string; verb: string; data: Json },
  ): Promise<{ answer: BotAnswer; activity: Json }> {
    const activity = actionInvokeActivity({ ...init, serviceUrl: this.serviceUrl, botId: appId });
    return { answer: await sendToBot(endpoint, activity, await this.channelToken(appId)), activity };
  }

  /**
   * What Teams does with an `adaptiveCard/action` answer that carries a card: it replaces the pressed card. When the
   * bot already updated that message after the press (`updatesBefore` is the count at the press), the newer update
   * stays: the answer card is the older of the two.
   */
  applyInvokeAnswer(replyToId: string, answer: BotAnswer, updatesBefore?: number): void {
    const body = answer.body as { type?: string; value?: unknown } | undefined;
    const message = this.messages.get(replyToId);
    if (!message || body?.type !== 'application/vnd.microsoft.card.adaptive') return;
    if (updatesBefore !== undefined && message.updates > updatesBefore) return;
    message.activity = {
      ...message.activity,
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: body.value }],
    };
    message.updates += 1;
  }

  /** Polls `find` until it returns something (the bot answers asynchronously). */
  waitFor<T>(what: string, find: () => T | undefined, timeoutMs = 15_000): Promise<T> {
    return pollUntil('Fake Bot Framework', what, find, timeoutMs);
  }

  /** The first message the bot sent into `conversationId` at or after `since` (ms). */
  firstSentAfter(conversationId: string, since: number): ConnectorCall | undefined {
    return this.calls.find((c) => c.method === 'POST' && c.conversationId === conversationId && c.at >= since);
  }

  /** Waits until message `id` no longer says "working on it" (it was replaced by the answer) and returns it. */
  waitForAnswer(id: string, timeoutMs?: number): Promise<FakeTeamsMessage> {
    return this.waitFor(
      `the answer replacing message ${id}`,
      () => {
        const m = this.messages.get(id);
        return m && !isWorking(m.activity) ? m : undefined;
      },
      timeoutMs,
    );
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.url).pathname.replace(/\/{2,}/g, '/');
    const raw = await readBody(req);
    if (req.method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
      sendJson(res, 200, {
        issuer: 'https://api.botframework.com',
        authorization_endpoint: `${this.url}/v1/authorize`,
        jwks_uri: `${this.url}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
      return;
    }
    if (req.method === 'GET' && path === '/v1/.well-known/keys') {
      sendJson(res, 200, {
        keys: [{ ...this.publicJwk, kid: this.kid, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }],
      });
      return;
    }
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    if (req.method === 'POST' && token) {
      await this.issueToken(raw, res);
      return;
    }
    const members = /^\/v3\/conversations\/([^/]+)\/members$/.exec(path);
    if (members && req.method === 'GET') {
      if ((await this.connectorApp(req, path, res)) === undefined) return;
      this.memberRequests.push(decodeURIComponent(members[1]!));
      sendJson(res, 200, this.members);
      return;
    }
    const connector = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (connector && (req.method === 'POST' || req.method === 'PUT')) {
      await this.connector(
        req,
        res,
        raw,
        decodeURIComponent(connector[1]!),
        connector[2] && decodeURIComponent(connector[2]),
      );
      return;
    }
    if (req.method === 'POST' && path === '/__sandbox/message') {
      await this.tryMessage(req, raw, res);
      return;
    }
    if (req.method === 'POST' && path === '/__sandbox/press') {
      await this.tryPress(req, raw, res);
      return;
    }
    sendJson(res, 404, { error: 'not_found' });
  }

  private async issueToken(raw: string, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(raw);
    const appId = form.get('client_id') ?? '';
    const granted =
      form.get('grant_type') === 'client_credentials' &&
      this.apps.has(appId) &&
      this.apps.get(appId) === form.get('client_secret') &&
      form.get('scope') === `${CONNECTOR_AUDIENCE}/.default`;
    this.tokenRequests.push({ appId, granted });
    if (!granted) {
      sendJson(res, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret.' });
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({ appid: appId, azp: appId, ver: '2.0' })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid })
      .setIssuer(`${this.url}/botframework.com/v2.0`)
      .setAudience(CONNECTOR_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(this.privateKey);
    sendJson(res, 200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: accessToken });
  }

  private async connector(
    req: IncomingMessage,
    res: ServerResponse,
    raw: string,
    conversationId: string,
    activityId: string | undefined,
  ): Promise<void> {
    const appId = await this.connectorApp(req, req.url ?? '', res);
    if (appId === undefined) return;
    const failure = this.failures.shift();
    if (failure) {
      this.failed.push({
        method: req.method ?? '',
        conversationId,
        ...(activityId ? { activityId } : {}),
        status: failure.status,
        at: Date.now(),
      });
      sendJson(
        res,
        failure.status,
        { error: { code: 'ServiceError', message: `fake failure ${failure.status}` } },
        failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {},
      );
      return;
    }
    const activity = JSON.parse(raw || '{}') as Json;
    const method = req.method as 'POST' | 'PUT';
    if (method === 'PUT') {
      const message = activityId ? this.messages.get(activityId) : undefined;
      if (!message || message.conversationId !== conversationId) {
        sendJson(res, 404, { error: { code: 'NotFound', message: 'The activity does not exist.' } });
        return;
      }
      message.activity = { ...activity, id: message.id };
      message.updates += 1;
      this.record({ method, conversationId, activityId, id: message.id, activity, appId });
      sendJson(res, 200, { id: message.id });
      return;
    }
    // A reply in a channel thread goes to `{channel};messageid={root}`: a root this fake knows must be in that channel
    // (roots it never saw are people's messages, which it does not record).
    const thread = /^(.*);messageid=(.+)$/.exec(conversationId);
    const root = thread ? this.messages.get(thread[2]!) : undefined;
    if (thread && root && root.conversationId !== thread[1]) {
      sendJson(res, 404, { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } });
      return;
    }
    this.counter += 1;
    const id = `1${String(Date.now()).slice(-9)}${String(this.counter).padStart(4, '0')}`;
    this.messages.set(id, { id, conversationId, activity: { ...activity, id }, updates: 0 });
    this.record({ method, conversationId, activityId, id, activity, appId });
    sendJson(res, 201, { id });
  }

  /** The app id of the connector request's bearer token, or undefined once it was answered 401. */
  private async connectorApp(req: IncomingMessage, path: string, res: ServerResponse): Promise<string | undefined> {
    const bearer = req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7) : undefined;
    const deny = (reason: string) => {
      this.refused.push({ path, reason });
      sendJson(res, 401, {
        error: { code: 'Unauthorized', message: 'Authorization has been denied for this request.' },
      });
      return undefined;
    };
    if (!bearer) return deny('no token');
    try {
      const { payload } = await jwtVerify(bearer, this.publicKey, { audience: CONNECTOR_AUDIENCE });
      return String(payload.appid ?? '');
    } catch (err) {
      return deny((err as Error).message);
    }
  }

  private record(call: Omit<ConnectorCall, 'at' | 't'>): void {
    const full: ConnectorCall = { ...call, at: Date.now(), t: performance.now() };
    this.calls.push(full);
    for (const listener of this.listeners) listener(full);
  }

  private form(req: IncomingMessage, raw: string): { params: URLSearchParams; asJson: boolean } {
    const params = new URLSearchParams(raw);
    const asJson = params.get('format') === 'json' || (req.headers.accept ?? '').includes('application/json');
    return { params, asJson };
  }

  private answerWith(res: ServerResponse, asJson: boolean, activity: Json, note = ''): void {
    if (asJson) sendJson(res, 200, { activity });
    else {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${note}${activityText(activity)}\n`);
    }
  }

  /** `curl -s …/__sandbox/message --data-urlencode 'text=status' [-d user=AAD_ID] [-d kind=channel]` */
  private async tryMessage(req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
    const { params, asJson } = this.form(req, raw);
    if (!this.bot) {
      sendJson(res, 503, { error: 'no bot is connected to this fake Bot Framework yet' });
      return;
    }
    const user = params.get('user') || SANDBOX_TEAMS_OPERATOR;
    const kind = params.get('kind') === 'channel' ? 'channel' : 'personal';
    const since = Date.now();
    const { answer, activity } = await this.sendMessage(this.bot.endpoint, this.bot.appId, {
      text: params.get('text') ?? 'help',
      userAadId: user,
      userName: SANDBOX_TEAMS_PEOPLE[user] ?? 'Sandbox user',
      kind,
    });
    if (answer.status !== 200) {
      sendJson(res, 502, { error: `the bot answered HTTP ${answer.status}`, body: answer.body });
      return;
    }
    const conversationId = String((activity.conversation as Json).id);
    try {
      const first = await this.waitFor('the bot to answer', () => this.firstSentAfter(conversationId, since), 15_000);
      const answered = isWorking(first.activity)
        ? (await this.waitForAnswer(first.id, 60_000)).activity
        : (this.messages.get(first.id)?.activity ?? first.activity);
      this.answerWith(res, asJson, answered);
    } catch (err) {
      sendJson(res, 504, { error: (err as Error).message });
    }
  }

  /** `curl -s …/__sandbox/press -d action=approval.approve [-d user=AAD_ID]`: the newest card with that button. */
  private async tryPress(req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
    const { params, asJson } = this.form(req, raw);
    if (!this.bot) {
      sendJson(res, 503, { error: 'no bot is connected to this fake Bot Framework yet' });
      return;
    }
    const actionId = params.get('action') ?? '';
    const wanted = params.get('value');
    const user = params.get('user') || SANDBOX_TEAMS_OPERATOR;
    const found = [...this.messages.values()].reverse().flatMap((m) =>
      buttonsOf(adaptiveCardOf(m.activity))
        .filter((b) => b.verb === actionId && (wanted === null || b.data.value === wanted))
        .map((b) => ({ message: m, button: b })),
    )[0];
    if (!found) {
      sendJson(res, 404, {
        error: `no card the bot sent has a button "${actionId}"${wanted ? ` with value ${wanted}` : ''}`,
        buttons: [...this.messages.values()].flatMap((m) => buttonsOf(adaptiveCardOf(m.activity)).map((b) => b.verb)),
      });
      return;
    }
    const { message, button } = found;
    const kind = message.conversationId.startsWith('19:') ? 'channel' : 'personal';
    const updatesBefore = message.updates;
    const { answer } = await this.press(this.bot.endpoint, this.bot.appId, {
      replyToId: message.id,
      verb: button.verb,
      data: button.data,
      userAadId: user,
      userName: SANDBOX_TEAMS_PEOPLE[user] ?? 'Sandbox user',
      conversationId: message.conversationId,
      kind,
    });
    if (answer.status !== 200) {
      sendJson(res, 502, { error: `the bot answered HTTP ${answer.status}`, body: answer.body });
      return;
    }
    const confirmed = button.confirm ? `(Teams showed "${button.confirm}" first; confirmed.)\n` : '';
    const body = answer.body as { type?: string; value?: unknown };
    if (body.type !== 'application/vnd.microsoft.card.adaptive') {
      // A message answer: Teams shows it to the person who pressed, the card stays as it is.
      this.answerWith(
        res,
        asJson,
        { type: 'message', text: String(body.value ?? '') },
        `${confirmed}(only you see this)\n`,
      );
      return;
    }
    this.applyInvokeAnswer(message.id, answer, updatesBefore);
    try {
      const settled = await this.waitForAnswer(message.id, 60_000);
      this.answerWith(res, asJson, settled.activity, confirmed);
    } catch (err) {
      sendJson(res, 504, { error: (err as Error).message });
    }
  }
}
