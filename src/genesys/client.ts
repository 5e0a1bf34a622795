/**
 * The bot's Genesys Cloud client: the official SDK with what it leaves to its callers (docs/vendor-facts.md, "Genesys
 * Cloud client").
 *
 * - Its own `ApiClientClass` instance, never the shared singleton, so two orgs (or two tests) cannot share a token,
 *   with the SDK's config-file watcher off (docs/vendor-facts.md, "Genesys Cloud SDK").
 * - Logs in with client credentials, again shortly before the token expires (the SDK never refreshes this grant), and
 *   once more when a call answers 401 (docs/vendor-facts.md, "Genesys Cloud SDK").
 * - Waits out a short 429 for its Retry-After and tries again; retries reads on 5xx and network errors with bounded
 *   backoff (docs/vendor-facts.md, "Rate limits, Retry-After and the time budget"). A long Retry-After, or any wait
 *   past the job's deadline, is left to the job queue. Every request first takes a slot from the shared rate limiter.
 * - Follows pagination for lists (docs/vendor-facts.md, "Genesys Cloud wire conventions"), and throws only
 *   `VendorError`s without secrets in them.
 */
import platformClient from 'purecloud-platform-client-v2';
import { currentBudget, OUT_OF_TIME_CODE, remainingMs, unlessAborted } from '../vendors/call-budget.js';
import { type Vendor, VendorError } from '../vendors/vendor-error.js';
import { gatewayFor, genesysConfigError, genesysEnvironment } from './environment.js';
import { type ExtendedResponse, toVendorError } from './errors.js';
import type {
  AnalyticsConversation,
  AuditLogMessage,
  Did,
  DidNumber,
  DidPool,
  Edge,
  EdgeGroup,
  Ivr,
  Location,
  NumberPlan,
  OutboundRoute,
  Product,
  Site,
  Trunk,
  TrunkBase,
  TrunkMetrics,
  UpdateUser,
  User,
} from './models.js';
import { type Clock, type RateLimiter, systemClock } from './rate-limiter.js';

/** One audit query: an ISO interval (`start/end`), the service (`Telephony`, `Architect`, …) and its filters. */
export interface AuditQuery {
  interval: string;
  serviceName: string;
  filters?: { property: string; value: string }[];
}

export { BYOC_CARRIER_METABASE } from '../byoc/snapshot.js';
export type * from './models.js';

import { BYOC_CARRIER_METABASE } from '../byoc/snapshot.js';

export interface GenesysClientOptions {
  /** `eu_west_1` or `mypurecloud.ie`; may be left out when `apiUrl` is given. */
  region?: string;
  clientId: string;
  clientSecret: string;
  /** `http://127.0.0.1:PORT`: send login and API calls there (the SDK's gateway). */
  apiUrl?: string;
  /** Shared by every replica; without one the client does not limit itself. */
  limiter?: RateLimiter;
  clock?: Clock;
  /** Called once per HTTP request sent (logins and retries included). */
  onCall?: (vendor: Vendor) => void;
  /** Log in again this long before the token expires. Default 5 minutes. */
  refreshMarginMs?: number;
  /** Extra tries for a read answered 5xx or not answered. Default 3. */
  maxRetries?: number;
  /** 429s waited out per call before giving up. Default 2. */
  max429Retries?: number;
  /**
   * A Retry-After longer than this is not waited out here: the 429 is thrown and the job queue retries the job after
   * the Retry-After, with the worker slot free meanwhile. Default 5.
   */
  maxRetryAfterSeconds?: number;
  /** First backoff step for 5xx/network retries, doubled each time. Default 250 ms. */
  backoffMs?: number;
  /** Per-request timeout. Default 16 s (the SDK's). */
  timeoutMs?: number;
  /** Page size used when following pagination. Default 100. */
  pageSize?: number;
}

export interface RateLimitSeen {
  count: number;
  allowed: number;
  resetSeconds: number;
}

interface Listing<T> {
  entities?: T[];
  pageCount?: number;
  nextUri?: string;
}

type CallKind = 'read' | 'write';
const MAX_PAGES = 1000;
/** Trunk ids per metrics request: they travel comma-joined in the query string. */
const METRICS_BATCH = 50;
/** The largest page the audit queries return. */
const AUDIT_PAGE_SIZE = 500;

export class GenesysClient {
  private readonly api: platformClient.ApiClientClass;
  private readonly edgesApi: platformClient.TelephonyProvidersEdgeApi;
  private readonly authorizationApi: platformClient.AuthorizationApi;
  private readonly locationsApi: platformClient.LocationsApi;
  private readonly usersApi: platformClient.UsersApi;
  private readonly architectApi: platformClient.ArchitectApi;
  private readonly auditApi: platformClient.AuditApi;
  private readonly analyticsApi: platformClient.AnalyticsApi;
  private readonly notificationsApi: platformClient.NotificationsApi;
  private readonly clock: Clock;
  private readonly opts: Required<
    Pick<
      GenesysClientOptions,
      'refreshMarginMs' | 'maxRetries' | 'max429Retries' | 'maxRetryAfterSeconds' | 'backoffMs' | 'pageSize'
    >
  >;
  private token: string | undefined;
  private tokenExpiresAt = 0;
  private loggingIn: Promise<void> | undefined;
  private calls = 0;
  private lastRateLimit: RateLimitSeen | undefined;

  constructor(private readonly options: GenesysClientOptions) {
    if (!options.clientId || !options.clientSecret) {
      throw genesysConfigError('GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET are both needed');
    }
    if (!options.region && !options.apiUrl) {
      throw genesysConfigError('GENESYS_REGION (e.g. eu_west_1) or GENESYS_API_URL is needed');
    }
    this.clock = options.clock ?? systemClock;
    this.opts = {
      refreshMarginMs: options.refreshMarginMs ?? 5 * 60_000,
      maxRetries: options.maxRetries ?? 3,
      max429Retries: options.max429Retries ?? 2,
      maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? 5,
      backoffMs: options.backoffMs ?? 250,
      pageSize: options.pageSize ?? 100,
    };
    const api = new platformClient.ApiClientClass();
    // First: stop reading and watching ~/.genesyscloudjavascript/config, whose reload resets the environment
    // (docs/vendor-facts.md, "Genesys Cloud SDK").
    api.config.setConfigPath('');
    if (options.region) api.setEnvironment(genesysEnvironment(options.region));
    if (options.apiUrl) api.setGateway(gatewayFor(options.apiUrl));
    // Headers (Retry-After, ININ-Correlation-Id) are only visible with extended responses (docs/vendor-facts.md,
    // "Genesys Cloud SDK").
    api.setReturnExtendedResponses(true);
    (api as unknown as { timeout: number }).timeout = options.timeoutMs ?? 16_000;
    this.api = api;
    this.edgesApi = new platformClient.TelephonyProvidersEdgeApi(api);
    this.authorizationApi = new platformClient.AuthorizationApi(api);
    this.locationsApi = new platformClient.LocationsApi(api);
    this.usersApi = new platformClient.UsersApi(api);
    this.architectApi = new platformClient.ArchitectApi(api);
    this.auditApi = new platformClient.AuditApi(api);
    this.analyticsApi = new platformClient.AnalyticsApi(api);
    this.notificationsApi = new platformClient.NotificationsApi(api);
  }

  /** HTTP requests sent so far, logins and retries included. */
  get callCount(): number {
    return this.calls;
  }

  /** The `inin-ratelimit-*` headers of the last answer. */
  get rateLimit(): RateLimitSeen | undefined {
    return this.lastRateLimit;
  }

  // ---------------------------------------------------------------- organisation

  /**
   * `GET /api/v2/authorization/products`: BYOC is enabled when one entity has id `byoc` (docs/vendor-facts.md, "Genesys
   * Cloud telephony objects").
   */
  async products(): Promise<Product[]> {
    // One listing without paging options: the org's products fit on it.
    const listing = await this.call('read', 'list the org products', () =>
      this.authorizationApi.getAuthorizationProducts(),
    );
    return listing.entities ?? [];
  }

  async locations(): Promise<Location[]> {
    return this.listAll('list locations', (pageNumber, pageSize) =>
      this.locationsApi.getLocations({ pageNumber, pageSize }),
    );
  }

  async sites(): Promise<Site[]> {
    return this.listAll('list sites', (pageNumber, pageSize) =>
      this.edgesApi.getTelephonyProvidersEdgesSites({ pageNumber, pageSize }),
    );
  }

  /** A bare array, the first 200 plans (docs/vendor-facts.md, "Genesys Cloud wire conventions"). */
  async numberPlans(siteId: string): Promise<NumberPlan[]> {
    return this.call('read', `list the number plans of site ${siteId}`, () =>
      this.edgesApi.getTelephonyProvidersEdgesSiteNumberplans(siteId),
    );
  }

  async outboundRoutes(siteId: string): Promise<OutboundRoute[]> {
    return this.listAll(`list the outbound routes of site ${siteId}`, (pageNumber, pageSize) =>
      this.edgesApi.getTelephonyProvidersEdgesSiteOutboundroutes(siteId, { pageNumber, pageSize }),
    );
  }

  async edges(): Promise<Edge[]> {
    return this.listAll('list edges', (pageNumber, pageSize) =>
      this.edgesApi.getTelephonyProvidersEdges({ pageNumber, pageSize }),
    );
  }

  async edgeGroups(): Promise<EdgeGroup[]> {
    return this.listAll('list edge groups', (pageNumber, pageSize) =>
      this.edgesApi.getTelephonyProvidersEdgesEdgegroups({ pageNumber, pageSize }),
    );
  }

  // ---------------------------------------------------------------- trunk base settings

  async trunkBases(): Promise<TrunkBase[]> {
    return this.listAll('list trunk base settings', (pageNumber, pageSize) =>
      this.edgesApi.getTelephonyProvidersEdgesTrunkbasesettings({ pageNumber, pageSize }),
    );
  }

  async trunkBase(id: string): Promise<TrunkBase> {
    return this.call('read', `read trunk base settings ${id}`, () =>
      this.edgesApi.getTelephonyProvidersEdgesTrunkbasesetting(id),
    );
  }

  /** The body must carry the `version` it was read with; a stale one is refused (see `isVersionMismatch`). */
  async putTrunkBase(id: string, body: TrunkBase): Promise<TrunkBase> {
    return this.call('write', `update trunk base settings ${id}`, () =>
      this.edgesApi.putTelephonyProvidersEdgesTrunkbasesetting(id, body),
    );
  }

  /**
   * Every property of a metabase with its schema: what property keys and values are valid (docs/vendor-facts.md,
   * "Genesys Cloud telephony objects").
   */
  async trunkBaseTemplate(metabaseId = BYOC_CARRIER_METABASE): Promise<TrunkBase> {
    return this.call('read', `read the trunk template ${metabaseId}`, () =>
      this.edgesApi.getTelephonyProvidersEdgesTrunkbasesettingsTemplate(metabaseId),
    );
  }

  // ---------------------------------------------------------------- trunks (instances on edges)

  /**
   * Trunk instances; EXTERNAL unless asked otherwise, optionally of one trunk base or one edge (docs/vendor-facts.md,
   * "Genesys Cloud telephony objects").
   */
  async trunks(filter: { trunkBaseId?: string; edgeId?: string; trunkType?: string } = {}): Promise<Trunk[]> {
    const { trunkBaseId, edgeId, trunkType = 'EXTERNAL' } = filter;
    return this.listAll('list trunks', (pageNumber, pageSize) =>
      this.edgesApi.getTelephonyProvidersEdgesTrunks({ pageNumber, pageSize, trunkBaseId, edgeId, trunkType }),
    );
  }

  async trunk(id: string): Promise<Trunk> {
    return this.call('read', `read trunk ${id}`, () => this.edgesApi.getTelephonyProvidersEdgesTrunk(id));
  }

  /** `trunks/metrics?trunkIds=a,b`, a bare array, asked in batches. */
  async trunkMetrics(trunkIds: readonly string[]): Promise<TrunkMetrics[]> {
    const out: TrunkMetrics[] = [];
    for (let i = 0; i < trunkIds.length; i += METRICS_BATCH) {
      const batch = trunkIds.slice(i, i + METRICS_BATCH).join(',');
      out.push(
        ...(await this.call('read', 'read trunk metrics', () =>
          this.edgesApi.getTelephonyProvidersEdgesTrunksMetrics(batch),
        )),
      );
    }
    return out;
  }

  // ---------------------------------------------------------------- DIDs

  async didPools(): Promise<DidPool[]> {
    return this.listAll('list DID pools', (pageNumber, pageSize) =>
      this.edgesApi.getTelephonyProvidersEdgesDidpools({ pageNumber, pageSize }),
    );
  }

  async createDidPool(body: DidPool): Promise<DidPool> {
    return this.call('write', 'create a DID pool', () => this.edgesApi.postTelephonyProvidersEdgesDidpools(body));
  }

  /**
   * The numbers in pools (`didpools/dids`), optionally of some pools only or matching some digits. Only this
   * endpoint knows the numbers nobody owns: they have no DID yet (docs/vendor-facts.md).
   */
  async didPoolNumbers(
    filter: { poolIds?: string[]; type?: 'ASSIGNED_AND_UNASSIGNED' | 'UNASSIGNED'; numberMatch?: string } = {},
  ): Promise<DidNumber[]> {
    const { poolIds, type = 'ASSIGNED_AND_UNASSIGNED', numberMatch } = filter;
    return this.listAll('list the numbers in DID pools', (pageNumber, pageSize) =>
      this.edgesApi.getTelephonyProvidersEdgesDidpoolsDids(type, {
        pageNumber,
        pageSize,
        id: poolIds?.length ? poolIds : undefined,
        numberMatch,
      }),
    );
  }

  /** DIDs: the numbers assigned to a user, phone, IVR or group. A number only in a pool is not one. */
  async dids(filter: { phoneNumber?: string; ownerId?: string; didPoolId?: string } = {}): Promise<Did[]> {
    return this.listAll('list DIDs', (pageNumber, pageSize) =>
      this.edgesApi.getTelephonyProvidersEdgesDids({ pageNumber, pageSize, ...filter }),
    );
  }

  // ---------------------------------------------------------------- audits

  /**
   * The realtime audit query (last 14 days only), every page, newest first. Pages of 500 keep a day of changes on
   * a large org to a request or two. A query is a POST that changes nothing, so it is retried like a read.
   */
  async auditsRealtime(query: AuditQuery): Promise<AuditLogMessage[]> {
    const out: AuditLogMessage[] = [];
    for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
      const page = await this.call('read', `query ${query.serviceName} audits`, () =>
        this.auditApi.postAuditsQueryRealtime({
          ...query,
          sort: [{ name: 'Timestamp', sortOrder: 'descending' }],
          pageNumber,
          pageSize: AUDIT_PAGE_SIZE,
        }),
      );
      out.push(...(page.entities ?? []));
      if (pageNumber >= (page.pageCount ?? 0) || (page.entities ?? []).length === 0) break;
    }
    return out;
  }

  /**
   * The asynchronous audit query, for ranges the realtime one does not cover: start it, wait until it succeeds
   * (polling every `pollMs`, at most `maxPolls` times), then read every page of results by cursor.
   */
  async auditsAsync(query: AuditQuery, opts: { pollMs?: number; maxPolls?: number } = {}): Promise<AuditLogMessage[]> {
    const what = `query ${query.serviceName} audits`;
    const started = await this.call('write', what, () =>
      this.auditApi.postAuditsQuery({ ...query, sort: [{ name: 'Timestamp', sortOrder: 'descending' }] }),
    );
    const id = started.id ?? '';
    let state = started.state;
    for (let poll = 0; state !== 'Succeeded'; poll++) {
      if (state === 'Failed' || state === 'Cancelled' || poll >= (opts.maxPolls ?? 30)) {
        const ended = state === 'Failed' || state === 'Cancelled';
        // Not finished in time is worth another try (status 0); a query Genesys failed or cancelled is not.
        throw new VendorError({
          vendor: 'genesys',
          status: ended ? 422 : 0,
          code: ended ? 'audit.query.failed' : 'audit.query.unfinished',
          message: `The audit query ${id} ${ended ? `ended ${state}` : 'did not finish in time'}`,
        });
      }
      if (poll > 0 || state !== 'Queued') await this.clock.sleep(opts.pollMs ?? 1000);
      state = (await this.call('read', what, () => this.auditApi.getAuditsQueryTransactionId(id))).state;
    }
    const out: AuditLogMessage[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const results = await this.call('read', what, () =>
        this.auditApi.getAuditsQueryTransactionIdResults(id, {
          pageSize: AUDIT_PAGE_SIZE,
          ...(cursor ? { cursor } : {}),
        }),
      );
      out.push(...(results.entities ?? []));
      cursor = results.cursor;
      if (!cursor) break;
    }
    return out;
  }

  // ---------------------------------------------------------------- users and IVRs

  async users(): Promise<User[]> {
    return this.listAll('list users', (pageNumber, pageSize) => this.usersApi.getUsers({ pageNumber, pageSize }));
  }

  async user(id: string): Promise<User> {
    return this.call('read', `read user ${id}`, () => this.usersApi.getUser(id));
  }

  /**
   * Assigning a DID is a PATCH of the user's addresses with its current `version` (docs/vendor-facts.md, "Genesys Cloud
   * telephony objects").
   */
  async patchUser(id: string, body: UpdateUser): Promise<User> {
    return this.call('write', `update user ${id}`, () => this.usersApi.patchUser(id, body));
  }

  async ivrs(filter: { dnis?: string; name?: string } = {}): Promise<Ivr[]> {
    return this.listAll('list IVRs', (pageNumber, pageSize) =>
      this.architectApi.getArchitectIvrs({ pageNumber, pageSize, ...filter }),
    );
  }

  async ivr(id: string): Promise<Ivr> {
    return this.call('read', `read IVR ${id}`, () => this.architectApi.getArchitectIvr(id));
  }

  async putIvr(id: string, body: Ivr): Promise<Ivr> {
    return this.call('write', `update IVR ${id}`, () => this.architectApi.putArchitectIvr(id, body));
  }

  // ---------------------------------------------------------------- analytics

  /**
   * Voice conversations that started in `[since, until)` with a session on one of `edgeIds`, oldest first
   * (`POST /api/v2/analytics/conversations/details/query`, pages of 100 followed up to `maxConversations`).
   * A query is a read: it is retried like one.
   */
  async conversationDetails(query: {
    since: Date;
    until: Date;
    edgeIds: readonly string[];
    maxConversations?: number;
  }): Promise<{ conversations: AnalyticsConversation[]; totalHits: number }> {
    const { since, until, edgeIds, maxConversations = 1000 } = query;
    if (edgeIds.length === 0) return { conversations: [], totalHits: 0 };
    const pageSize = 100;
    const out: AnalyticsConversation[] = [];
    let totalHits = 0;
    for (let pageNumber = 1; out.length < maxConversations; pageNumber++) {
      const body: platformClient.Models.ConversationQuery = {
        interval: `${since.toISOString()}/${until.toISOString()}`,
        order: 'asc',
        orderBy: 'conversationStart',
        paging: { pageSize, pageNumber },
        segmentFilters: [
          {
            type: 'or',
            predicates: edgeIds.map((value) => ({
              type: 'dimension',
              dimension: 'edgeId',
              operator: 'matches',
              value,
            })),
          },
        ],
      };
      const page = await this.call('read', 'query conversation details', () =>
        this.analyticsApi.postAnalyticsConversationsDetailsQuery(body),
      );
      totalHits = page.totalHits ?? 0;
      const got = page.conversations ?? [];
      out.push(...got);
      if (got.length < pageSize || out.length >= totalHits) break;
    }
    return { conversations: out.slice(0, maxConversations), totalHits };
  }

  // ---------------------------------------------------------------- notifications

  /**
   * `POST /api/v2/notifications/channels`: `{id, connectUri, expires}` (docs/vendor-facts.md, "Genesys Cloud
   * notifications").
   */
  async createNotificationChannel(): Promise<{ id: string; connectUri: string; expires?: string }> {
    const ch = await this.call('write', 'create a notification channel', () =>
      this.notificationsApi.postNotificationsChannels(),
    );
    if (!ch.id || !ch.connectUri) throw new Error('Genesys created a notification channel without an id or connectUri');
    return { id: ch.id, connectUri: ch.connectUri, expires: ch.expires };
  }

  /**
   * Replaces the channel's topics (`PUT .../subscriptions`); subscribing again also keeps the channel alive for
   * another 24 hours. Returns the topics Genesys accepted.
   */
  async setSubscriptions(channelId: string, topics: readonly string[]): Promise<string[]> {
    const listing = await this.call('write', `subscribe notification channel ${channelId}`, () =>
      this.notificationsApi.putNotificationsChannelSubscriptions(
        channelId,
        topics.map((id) => ({ id })),
      ),
    );
    return (listing.entities ?? []).map((t) => t.id ?? '').filter((id) => id !== '');
  }

  // ---------------------------------------------------------------- machinery

  /** Logs in now (normally done on demand). */
  async login(): Promise<void> {
    if (!this.loggingIn) {
      this.loggingIn = this.doLogin().finally(() => {
        this.loggingIn = undefined;
      });
    }
    return this.loggingIn;
  }

  private async doLogin(): Promise<void> {
    const { clientId, clientSecret } = this.options;
    this.countCall();
    try {
      const auth = await this.api.loginClientCredentialsGrant(clientId, clientSecret);
      // The SDK stamps expiry with the wall clock; keep the lifetime and measure it on ours.
      const lifetimeMs = Math.max(0, auth.tokenExpiryTime - Date.now());
      this.token = auth.accessToken;
      this.tokenExpiresAt = this.clock.now() + lifetimeMs;
    } catch (err) {
      throw toVendorError(err, 'log in with client credentials', this.secrets());
    }
  }

  private tokenFresh(): boolean {
    return this.token !== undefined && this.clock.now() < this.tokenExpiresAt - this.opts.refreshMarginMs;
  }

  private secrets(): string[] {
    const { clientSecret } = this.options;
    return [clientSecret, Buffer.from(`${this.options.clientId}:${clientSecret}`).toString('base64'), this.token ?? ''];
  }

  private countCall(): void {
    this.calls += 1;
    this.options.onCall?.('genesys');
  }

  /**
   * One API call with login, rate limiting and retries. `send` returns the SDK's promise, which resolves to an
   * extended response (`{status, headers, body}`) although the SDK's types say it is the body.
   *
   * Inside a job (src/vendors/call-budget.ts) every wait stops at the job's deadline: a wait that would end after it
   * is not started and the error goes up for the job queue to retry (a 429 with its Retry-After, so the retry is
   * delayed at least that long), and an answer that has not come by then is no longer waited for.
   */
  private async call<T>(kind: CallKind, what: string, send: () => Promise<T>): Promise<T> {
    const budget = currentBudget();
    const outOfTime = () => this.outOfTime(what);
    const within = <R>(work: Promise<R>) => unlessAborted(work, budget?.signal, outOfTime);
    let reloggedIn = false;
    let tries429 = 0;
    let retries = 0;
    for (;;) {
      if (!this.tokenFresh()) await within(this.login());
      const tokenUsed = this.token;
      if (this.options.limiter) await within(this.options.limiter.acquire(budget?.signal));
      this.countCall();
      try {
        const res = (await within(send())) as unknown as ExtendedResponse<T>;
        this.noteRateLimit(res.headers);
        return res.body;
      } catch (raw) {
        const err = toVendorError(raw, what, this.secrets());
        if (raw && typeof raw === 'object' && 'headers' in raw) this.noteRateLimit((raw as ExtendedResponse).headers);
        if (err.code === OUT_OF_TIME_CODE) throw err;
        if (err.status === 401 && !reloggedIn) {
          // The token expired early or was revoked: log in once more, unless another call already did.
          reloggedIn = true;
          if (this.token === tokenUsed) this.token = undefined;
          continue;
        }
        if (err.status === 429 && tries429 < this.opts.max429Retries) {
          const waitMs = (err.retryAfterSeconds ?? 1) * 1000;
          if (waitMs <= this.opts.maxRetryAfterSeconds * 1000 && waitMs < remainingMs(budget)) {
            tries429 += 1;
            await within(this.clock.sleep(waitMs));
            continue;
          }
        }
        const transient = err.status === 0 || err.status >= 500;
        if (transient && kind === 'read' && retries < this.opts.maxRetries) {
          const waitMs =
            err.retryAfterSeconds !== undefined ? err.retryAfterSeconds * 1000 : this.opts.backoffMs * 2 ** retries;
          if (waitMs < remainingMs(budget)) {
            retries += 1;
            await within(this.clock.sleep(waitMs));
            continue;
          }
        }
        throw err;
      }
    }
  }

  private outOfTime(what: string): VendorError {
    return new VendorError({
      vendor: 'genesys',
      status: 0,
      code: OUT_OF_TIME_CODE,
      message: `Genesys Cloud did not answer in time to ${what}`,
    });
  }

  /** Every page of a listing, `pageNumber` 1 up to `pageCount` (or while there is a `nextUri`). */
  private async listAll<T>(
    what: string,
    fetchPage: (pageNumber: number, pageSize: number) => Promise<Listing<T>>,
  ): Promise<T[]> {
    const out: T[] = [];
    for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
      const listing = await this.call('read', what, () => fetchPage(pageNumber, this.opts.pageSize));
      out.push(...(listing.entities ?? []));
      const more = listing.pageCount !== undefined ? pageNumber < listing.pageCount : listing.nextUri !== undefined;
      if (!more || (listing.entities ?? []).length === 0) break;
    }
    return out;
  }

  private noteRateLimit(headers: Record<string, unknown> | undefined): void {
    const get = (name: string) => {
      const h = headers as (Record<string, unknown> & { get?: (n: string) => unknown }) | undefined;
      const v = typeof h?.get === 'function' ? h.get(name) : h?.[name];
      return v === undefined || v === null ? undefined : Number(v);
    };
    const count = get('inin-ratelimit-count');
    const allowed = get('inin-ratelimit-allowed');
    const reset = get('inin-ratelimit-reset');
    if (count !== undefined && allowed !== undefined) {
      this.lastRateLimit = { count, allowed, resetSeconds: reset ?? 0 };
    }
  }
}
