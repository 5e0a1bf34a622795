/**
 * Configuration: every environment variable the bot reads, validated once at start.
 *
 * One table (`VARIABLES`) says, for each variable, how it is checked, an example, whether it is a secret and what it
 * is for. `loadConfig` reads it, `.env.example` and the README's table document it (a test keeps them in step), and
 * the logger learns the secret values from `secretValues` so they never reach a log line.
 */
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { parseChannelAddress, TEAMS_CHANNEL_PREFIX } from './chat/channel-address.js';
import { CodedError, ERROR_CODES, hasCode } from './coded-error.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface Variable {
  name: string;
  /** Parses the raw string (never undefined or empty: those mean "not set"). */
  schema: z.ZodType;
  example: string;
  description: string;
  /** Used when the variable is not set; a variable with neither default nor `optional` is required. */
  default?: string;
  optional?: boolean;
  secret?: boolean;
}

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const url = z.url();
const slackApiUrl = url.refine((u) => u.endsWith('/'), 'must end with a slash, like https://slack.com/api/');
const nonEmpty = z.string().min(1);
/** Five fields (or six, with seconds first), as BullMQ's job schedulers read them (cron-parser). */
const cronExpression = z.string().refine(
  (v) => {
    if (v.trim().split(/\s+/).length < 5) return false;
    try {
      CronExpressionParser.parse(v);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a cron expression such as "0 7 * * *" (07:00 UTC every day)' },
);
const redisUrl = url.refine((u) => /^rediss?:\/\//.test(u), 'must start with redis:// or rediss://');
/** `host:port,host:port`: Redis Cluster seed nodes or Sentinels. */
const hostPorts = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()))
  .pipe(
    z.array(
      z
        .string()
        .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'must be a comma-separated list of host:port')
        .transform((hp) => {
          const at = hp.lastIndexOf(':');
          return { host: hp.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(hp.slice(at + 1)) };
        }),
    ),
  );
/** A Redis Cluster hash tag: `{byoc}` puts every key of the bot in one slot. */
const HASH_TAG = /^\{[A-Za-z0-9_-]+\}$/;

export const VARIABLES = [
  {
    name: 'PORT',
    schema: port,
    default: '3000',
    example: '3000',
    description: 'HTTP port for Slack (/slack/events) and Teams (/api/messages) requests, /healthz, /readyz, /metrics.',
  },
  {
    name: 'REDIS_URL',
    schema: redisUrl,
    default: 'redis://127.0.0.1:6379',
    example: 'redis://127.0.0.1:6379',
    description: 'Redis for queues, approvals, de-duplication and caches (a password in it is redacted from logs).',
  },
  {
    name: 'REDIS_CLUSTER_NODES',
    schema: hostPorts,
    optional: true,
    example: '10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000',
    description:
      'Redis Cluster instead of REDIS_URL: some of its nodes (host:port, comma-separated). QUEUE_PREFIX must then be a hash tag (default {byoc}).',
  },
  {
    name: 'REDIS_SENTINELS',
    schema: hostPorts,
    optional: true,
    example: '10.0.0.1:26379,10.0.0.2:26379',
    description: 'Redis through Sentinel instead of REDIS_URL: the Sentinels (host:port, comma-separated).',
  },
  {
    name: 'REDIS_SENTINEL_MASTER',
    schema: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ., - and _ only'),
    optional: true,
    example: 'mymaster',
    description: 'With REDIS_SENTINELS: the master name the Sentinels monitor.',
  },
  {
    name: 'REDIS_PASSWORD',
    schema: nonEmpty,
    optional: true,
    example: 'change-me',
    description:
      'With REDIS_CLUSTER_NODES or REDIS_SENTINELS: the password of the Redis nodes (with REDIS_URL, put it in the URL).',
    secret: true,
  },
  {
    name: 'LOG_LEVEL',
    schema: z.enum(LOG_LEVELS),
    default: 'info',
    example: 'info',
    description: `One of ${LOG_LEVELS.join(', ')}.`,
  },
  {
    name: 'QUEUE_PREFIX',
    schema: z
      .string()
      .regex(
        /^(\{[A-Za-z0-9_-]+\}|[A-Za-z0-9_-]+)$/,
        'letters, digits, - and _ only, or those in braces as a Redis Cluster hash tag ({byoc})',
      ),
    default: 'byoc',
    example: 'byoc',
    description:
      'Prefix of every Redis key the bot writes (queues, de-dup keys): lets several bots share one Redis. In braces ({byoc}) on Redis Cluster.',
  },
  {
    name: 'SLACK_SIGNING_SECRET',
    schema: nonEmpty,
    example: '8f742231b10e8888abcd99yyyzzz85a5',
    description:
      'Slack app > Basic Information > Signing Secret. Unset together with SLACK_BOT_TOKEN: sandbox Slack. Not needed with SLACK_APP_TOKEN (Socket Mode).',
    secret: true,
  },
  {
    name: 'SLACK_APP_TOKEN',
    schema: z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-'),
    optional: true,
    example: 'xapp-1-A0123456789-1234567890123-abcdef',
    description:
      'Slack app > Basic Information > App-Level Tokens (scope connections:write). Set: Socket Mode, no public URL needed (manifest/slack-socket-mode.yml).',
    secret: true,
  },
  {
    name: 'SLACK_BOT_TOKEN',
    schema: z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-'),
    example: 'xoxb-1234-5678-abcdef',
    description: 'Slack app > OAuth & Permissions > Bot User OAuth Token.',
    secret: true,
  },
  {
    name: 'SLACK_API_URL',
    schema: slackApiUrl,
    optional: true,
    example: 'http://127.0.0.1:4999/api/',
    description:
      "Points the Slack Web API client elsewhere (tests, sandbox). Same form as Slack's https://slack.com/api/.",
  },
  {
    name: 'TEAMS_APP_ID',
    schema: z.string().regex(/^[0-9a-fA-F-]{36}$/, "must be the Azure Bot's Microsoft App ID, a GUID"),
    optional: true,
    example: '5f2a6c1e-8b7d-4c3a-9e1f-0a2b3c4d5e6f',
    description:
      'Azure Bot > Configuration > Microsoft App ID. Set with TEAMS_APP_PASSWORD to serve Teams on POST /api/messages.',
  },
  {
    name: 'TEAMS_APP_PASSWORD',
    schema: nonEmpty,
    optional: true,
    example: 'your_client_secret_value',
    description: 'A client secret of that app (Microsoft Entra ID > App registrations > Certificates & secrets).',
    secret: true,
  },
  {
    name: 'TEAMS_APP_TYPE',
    schema: z.enum(['MultiTenant', 'SingleTenant']),
    default: 'MultiTenant',
    example: 'SingleTenant',
    description: 'MultiTenant or SingleTenant, as the Azure Bot resource was created (new bots: SingleTenant).',
  },
  {
    name: 'TEAMS_APP_TENANT_ID',
    schema: nonEmpty,
    optional: true,
    example: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    description: "The app's Microsoft Entra tenant id; required when TEAMS_APP_TYPE is SingleTenant.",
  },
  {
    name: 'TEAMS_SERVICE_URL',
    schema: url,
    default: 'https://smba.trafficmanager.net/teams/',
    example: 'https://smba.trafficmanager.net/teams/',
    description:
      "Bot Connector address for posts nobody asked for (ALERT_CHANNEL or AUDIT_CHANNEL set to teams:<conversation id>). Default: Teams' public global one; use the serviceUrl of your tenant's activities if it differs.",
  },
  {
    name: 'TEAMS_OPENID_METADATA_URL',
    schema: url,
    default: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
    example: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
    description: 'Where the keys that sign inbound Teams requests are published (tests and the sandbox change it).',
  },
  {
    name: 'TEAMS_LOGIN_URL',
    schema: url,
    optional: true,
    example: 'https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token',
    description:
      "Token endpoint for the bot's own replies (client credentials). Default: botframework.com's, or the tenant's.",
  },
  {
    name: 'GENESYS_REGION',
    schema: nonEmpty,
    optional: true,
    example: 'eu_west_1',
    description: 'Genesys Cloud region: an SDK region key (eu_west_1) or its domain (mypurecloud.ie).',
  },
  {
    name: 'GENESYS_CLIENT_ID',
    schema: nonEmpty,
    optional: true,
    example: '7de3af06-c0b3-4f9b-af45-72f4a1403797',
    description: 'Genesys Cloud OAuth client (Client Credentials grant) id.',
  },
  {
    name: 'GENESYS_CLIENT_SECRET',
    schema: nonEmpty,
    optional: true,
    example: 'qLh-825R7YjJmGdZzWbOL4QjCrZm5Kq3Xyz',
    description: 'Secret of that OAuth client.',
    secret: true,
  },
  {
    name: 'GENESYS_API_URL',
    schema: url,
    optional: true,
    example: 'http://127.0.0.1:4101',
    description: 'Overrides the API base URL derived from GENESYS_REGION (sandbox, tests).',
  },
  {
    name: 'TWILIO_ACCOUNT_SID',
    schema: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits'),
    optional: true,
    example: 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    description: 'Twilio Account SID that owns the Elastic SIP Trunk.',
  },
  {
    name: 'TWILIO_AUTH_TOKEN',
    schema: nonEmpty,
    optional: true,
    example: 'your_auth_token',
    description: 'Twilio auth token. Or set TWILIO_API_KEY and TWILIO_API_SECRET instead.',
    secret: true,
  },
  {
    name: 'TWILIO_API_KEY',
    schema: z.string().regex(/^SK[0-9a-fA-F]{32}$/, 'must be SK followed by 32 hex digits'),
    optional: true,
    example: 'SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    description: 'Twilio API key SID (alternative to the auth token).',
  },
  {
    name: 'TWILIO_API_SECRET',
    schema: nonEmpty,
    optional: true,
    example: 'your_api_key_secret',
    description: 'Secret of that API key.',
    secret: true,
  },
  {
    name: 'TWILIO_API_URL',
    schema: url,
    optional: true,
    example: 'http://127.0.0.1:4102',
    description: "Sends every Twilio REST call to this base URL instead of Twilio's (sandbox, tests).",
  },
  {
    name: 'SNAPSHOT_CACHE_SECONDS',
    schema: z.coerce.number().int().min(0),
    default: '10',
    example: '10',
    description: 'How long a snapshot of both vendors is reused between commands (0: never).',
  },
  {
    name: 'BYOC_ACCESS_FILE',
    schema: nonEmpty,
    optional: true,
    example: './config/access.yml',
    description: 'YAML file mapping Slack/Teams users, groups and channels to roles. Unset: everyone is a viewer.',
  },
  {
    name: 'BYOC_ORG_CONFIG',
    schema: nonEmpty,
    optional: true,
    example: './config/org.yml',
    description: 'YAML file with per-org settings: doctor rules to silence, region data overrides.',
  },
  {
    name: 'APPROVAL_TTL_MINUTES',
    // Decimals are allowed (0.5 is 30 seconds): tests and demos watch an approval expire without waiting long.
    schema: z.coerce.number().positive(),
    default: '15',
    example: '15',
    description: 'A change request not approved within this time expires (decimals allowed: 0.5 is 30 seconds).',
  },
  {
    name: 'AUDIT_MAX_LENGTH',
    schema: positiveInt,
    default: '10000',
    example: '10000',
    description: 'Audit stream entries kept in Redis.',
  },
  {
    name: 'AUDIT_MAX_AGE_DAYS',
    schema: positiveInt,
    default: '90',
    example: '90',
    description: 'Audit stream entries older than this are trimmed.',
  },
  {
    name: 'AUDIT_CHANNEL',
    schema: nonEmpty,
    optional: true,
    example: 'C0123456789',
    description:
      'Where each finished change (applied, failed, rejected or expired) is also posted: a Slack channel id, or teams:<conversation id> for a Teams channel.',
  },
  {
    name: 'CHANGES_RECENT_MINUTES',
    schema: positiveInt,
    default: '60',
    example: '60',
    description: 'The status card names the last change to a trunk made within this many minutes.',
  },
  {
    name: 'DOCTOR_SCHEDULE',
    schema: cronExpression,
    optional: true,
    example: '0 7 * * *',
    description: 'Cron expression (UTC) for the daily doctor, which posts what got worse or better. Unset: off.',
  },
  {
    name: 'DOCTOR_CHANNEL',
    schema: nonEmpty,
    optional: true,
    example: 'C0123456789',
    description:
      'Where the scheduled doctor posts: a Slack channel id or teams:<conversation id>; required with DOCTOR_SCHEDULE.',
  },
  {
    name: 'ALERT_CHANNEL',
    schema: nonEmpty,
    optional: true,
    example: 'C0ONCALL01',
    description:
      'Where the watch alerts, one message per incident: a Slack channel id, or teams:<conversation id> for a Teams channel (e.g. teams:19:abc@thread.tacv2). Unset: the trunks are not watched.',
  },
  {
    name: 'ALERT_HOLD_SECONDS',
    // Decimals allowed (the bench holds 2 s; tests less).
    schema: z.coerce.number().positive(),
    default: '30',
    example: '30',
    description: 'A bad state (or a recovery) must hold this long before it alerts: flapping within it stays quiet.',
  },
  {
    name: 'ALERT_REMIND_MINUTES',
    schema: z.coerce.number().positive(),
    default: '15',
    example: '15',
    description: 'An incident nobody has acknowledged is re-announced in its thread this often.',
  },
  {
    name: 'WATCH_INTERVAL_SECONDS',
    schema: z.coerce.number().positive(),
    default: '60',
    example: '60',
    description: 'Poll period while push notifications are not working; also how fast a replica takes over the watch.',
  },
  {
    name: 'WATCH_SAFETY_POLL_MINUTES',
    schema: z.coerce.number().positive(),
    default: '10',
    example: '10',
    description: 'Poll period while push notifications work (the safety net for a missed event, and Twilio alerts).',
  },
  {
    name: 'JOB_ATTEMPTS',
    schema: positiveInt,
    default: '4',
    example: '4',
    description: 'Attempts per job for retryable failures (429, 5xx, unreachable), with exponential backoff.',
  },
  {
    name: 'WORKER_CONCURRENCY',
    schema: positiveInt,
    default: '10',
    example: '10',
    description: 'Jobs one worker process runs at the same time.',
  },
  {
    name: 'WORKER_STALLED_SECONDS',
    schema: positiveInt,
    default: '30',
    example: '30',
    description: 'A job whose worker died (kill -9, lost host) is taken over by another worker after about this long.',
  },
  {
    name: 'JOB_TIMEOUT_SECONDS',
    schema: positiveInt,
    default: '15',
    example: '15',
    description:
      "One attempt's time budget: vendor calls, their retries and waits stop there; a slow vendor's job retries.",
  },
  {
    name: 'SHUTDOWN_GRACE_SECONDS',
    schema: z.coerce.number().int().min(0),
    default: '20',
    example: '20',
    description: 'On SIGTERM, how long running jobs may take to finish before the process exits.',
  },
] as const satisfies readonly Variable[];

export type VariableName = (typeof VARIABLES)[number]['name'];
type Env = Record<string, string | undefined>;

/** Where Redis is: one server (REDIS_URL), a Redis Cluster, or a master found through Sentinel. */
export type RedisTarget =
  | { kind: 'single'; url: string }
  | { kind: 'cluster'; nodes: { host: string; port: number }[]; password?: string }
  | { kind: 'sentinel'; sentinels: { host: string; port: number }[]; masterName: string; password?: string };

export interface Config {
  port: number;
  /** REDIS_URL; with a cluster or Sentinel, still read (the CLI's default address) but not what the bot uses. */
  redisUrl: string;
  redis: RedisTarget;
  logLevel: (typeof LOG_LEVELS)[number];
  queuePrefix: string;
  /** `appToken` set: Socket Mode (the bot opens a WebSocket to Slack; no signing secret, no public URL). */
  slack: { signingSecret: string; botToken: string; apiUrl?: string; appToken?: string };
  /** Absent when TEAMS_APP_ID is not set: the bot does not serve Teams (and never loads botbuilder). */
  teams?: TeamsConfig;
  genesys: { region?: string; clientId?: string; clientSecret?: string; apiUrl?: string };
  twilio: { accountSid?: string; authToken?: string; apiKey?: string; apiSecret?: string; apiUrl?: string };
  snapshotCacheSeconds: number;
  accessFile?: string;
  orgConfigFile?: string;
  approvalTtlMinutes: number;
  audit: { maxLength: number; maxAgeDays: number; channel?: string };
  /** The status card's "last change to this trunk" looks back this far. */
  changesRecentMinutes: number;
  /** The scheduled doctor: off unless both are set. */
  doctorSchedule?: { pattern: string; channel: string };
  watch: {
    alertChannel?: string;
    holdSeconds: number;
    remindMinutes: number;
    intervalSeconds: number;
    safetyPollMinutes: number;
  };
  jobAttempts: number;
  workerConcurrency: number;
  /** BullMQ lock duration and stalled-job check interval, in seconds. */
  workerStalledSeconds: number;
  /** One job attempt's time budget (its AbortSignal), in seconds. */
  jobTimeoutSeconds: number;
  shutdownGraceSeconds: number;
}

export interface TeamsConfig {
  appId: string;
  appPassword: string;
  appType: 'MultiTenant' | 'SingleTenant';
  tenantId?: string;
  openIdMetadataUrl: string;
  /** The client-credentials token endpoint, resolved from the app type and tenant when not set. */
  loginUrl: string;
  /** The Bot Connector the bot posts to when no activity gave it one (alerts, audit copies). */
  serviceUrl: string;
}

/** The Bot Framework's public endpoints (https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication). */
export const BOT_FRAMEWORK_OPENID_METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';

export function defaultTeamsLoginUrl(appType: TeamsConfig['appType'], tenantId: string | undefined): string {
  const tenant = appType === 'SingleTenant' && tenantId ? tenantId : 'botframework.com';
  return `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
}

export interface ConfigProblem {
  variable: string;
  problem: string;
  example: string;
}

/** Thrown by `loadConfig`; its message names every bad variable with a valid example and is safe to print. */
export type ConfigError = CodedError<{ problems: ConfigProblem[] }>;

export function configError(problems: ConfigProblem[]): ConfigError {
  return new CodedError({
    code: ERROR_CODES.invalidConfig,
    message: [
      'Invalid configuration:',
      ...problems.map((p) => `  ${p.variable}: ${p.problem}. Example: ${p.variable}=${p.example}`),
      'See .env.example for every variable.',
    ].join('\n'),
    retryable: false,
    details: { problems },
  });
}

/** `err` when it is an invalid configuration (`config.invalid`), else undefined. */
export function configErrorOf(err: unknown): ConfigError | undefined {
  return hasCode(err, ERROR_CODES.invalidConfig) ? (err as ConfigError) : undefined;
}

/** A URL's user info (REDIS_URL's password) is as secret as any secret variable. */
function withoutPassword(value: string): string {
  return value.replace(/\/\/[^/@\s]*@/g, '//[REDACTED]@');
}

/** Unset and empty are the same thing: docker-compose and shells pass `VAR=` for "no value". */
function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

const SLACK_CREDENTIALS: readonly string[] = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN'];

export interface LoadConfigOptions {
  /**
   * False for a process that never talks to Slack (the CLI, benchmarks): Slack's credentials are then not required,
   * and `config.slack` holds empty strings where they are unset.
   */
  requireSlack?: boolean;
}

export function loadConfig(env: Env = process.env, options: LoadConfigOptions = {}): Config {
  // One process serves Slack, Teams or both: with Teams configured and no Slack credential at all, Slack is off.
  const teamsOnly = raw(env, 'TEAMS_APP_ID') !== undefined && wantsSlackSandbox(env);
  const requireSlack = (options.requireSlack ?? true) && !teamsOnly;
  const problems: ConfigProblem[] = [];
  const values = new Map<string, unknown>();
  for (const v of VARIABLES as readonly Variable[]) {
    const given = raw(env, v.name) ?? v.default;
    if (given === undefined) {
      // Socket Mode needs no signing secret: Slack's messages come over the socket the app token opened.
      const socketMode = v.name === 'SLACK_SIGNING_SECRET' && raw(env, 'SLACK_APP_TOKEN') !== undefined;
      const optional = v.optional || socketMode || (!requireSlack && SLACK_CREDENTIALS.includes(v.name));
      if (!optional) problems.push({ variable: v.name, problem: 'is not set', example: v.example });
      continue;
    }
    const parsed = v.schema.safeParse(given);
    if (parsed.success) {
      values.set(v.name, parsed.data);
    } else {
      const why = parsed.error.issues[0]?.message ?? 'is invalid';
      // Secret values are never echoed back, not even in a startup error.
      const got = v.secret ? '' : ` (got "${withoutPassword(given)}")`;
      problems.push({ variable: v.name, problem: `${why}${got}`, example: v.example });
    }
  }
  const twilioKey = values.get('TWILIO_API_KEY');
  const twilioKeySecret = values.get('TWILIO_API_SECRET');
  if ((twilioKey === undefined) !== (twilioKeySecret === undefined)) {
    const missing = twilioKey === undefined ? 'TWILIO_API_KEY' : 'TWILIO_API_SECRET';
    const example = VARIABLES.find((v) => v.name === missing)?.example ?? '';
    problems.push({ variable: missing, problem: 'is needed with the other half of the Twilio API key pair', example });
  }
  problems.push(...teamsProblems(values));
  problems.push(...channelProblems(values));
  // A schedule with nowhere to post would run the doctor every day for nobody.
  if (values.get('DOCTOR_SCHEDULE') !== undefined && values.get('DOCTOR_CHANNEL') === undefined) {
    problems.push({
      variable: 'DOCTOR_CHANNEL',
      problem: 'is needed with DOCTOR_SCHEDULE',
      example: exampleOf('DOCTOR_CHANNEL'),
    });
  }
  const redis = redisTarget(values, raw(env, 'QUEUE_PREFIX') !== undefined, problems);
  if (problems.length > 0) throw configError(problems);

  const get = <T>(name: VariableName): T => values.get(name) as T;
  return {
    port: get('PORT'),
    redisUrl: get('REDIS_URL'),
    redis: redis.target,
    logLevel: get('LOG_LEVEL'),
    queuePrefix: redis.prefix,
    slack: {
      signingSecret: get<string | undefined>('SLACK_SIGNING_SECRET') ?? '',
      botToken: get<string | undefined>('SLACK_BOT_TOKEN') ?? '',
      apiUrl: get('SLACK_API_URL'),
      appToken: get('SLACK_APP_TOKEN'),
    },
    genesys: {
      region: get('GENESYS_REGION'),
      clientId: get('GENESYS_CLIENT_ID'),
      clientSecret: get('GENESYS_CLIENT_SECRET'),
      apiUrl: get('GENESYS_API_URL'),
    },
    twilio: {
      accountSid: get('TWILIO_ACCOUNT_SID'),
      authToken: get('TWILIO_AUTH_TOKEN'),
      apiKey: get('TWILIO_API_KEY'),
      apiSecret: get('TWILIO_API_SECRET'),
      apiUrl: get('TWILIO_API_URL'),
    },
    ...teamsConfig(values),
    snapshotCacheSeconds: get('SNAPSHOT_CACHE_SECONDS'),
    accessFile: get('BYOC_ACCESS_FILE'),
    orgConfigFile: get('BYOC_ORG_CONFIG'),
    approvalTtlMinutes: get('APPROVAL_TTL_MINUTES'),
    audit: {
      maxLength: get('AUDIT_MAX_LENGTH'),
      maxAgeDays: get('AUDIT_MAX_AGE_DAYS'),
      channel: get('AUDIT_CHANNEL'),
    },
    changesRecentMinutes: get('CHANGES_RECENT_MINUTES'),
    ...doctorSchedule(get('DOCTOR_SCHEDULE'), get('DOCTOR_CHANNEL')),
    watch: {
      alertChannel: get('ALERT_CHANNEL'),
      holdSeconds: get('ALERT_HOLD_SECONDS'),
      remindMinutes: get('ALERT_REMIND_MINUTES'),
      intervalSeconds: get('WATCH_INTERVAL_SECONDS'),
      safetyPollMinutes: get('WATCH_SAFETY_POLL_MINUTES'),
    },
    jobAttempts: get('JOB_ATTEMPTS'),
    workerConcurrency: get('WORKER_CONCURRENCY'),
    workerStalledSeconds: get('WORKER_STALLED_SECONDS'),
    jobTimeoutSeconds: get('JOB_TIMEOUT_SECONDS'),
    shutdownGraceSeconds: get('SHUTDOWN_GRACE_SECONDS'),
  };
}

/**
 * Which Redis, and the key prefix that goes with it: on a cluster every key of the bot must hash to one slot (BullMQ's
 * scripts and the approvals' scripts touch several keys at once), so the prefix is a hash tag, `{byoc}` by default.
 * See https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags and
 * https://docs.bullmq.io/bull/patterns/redis-cluster.
 */
function redisTarget(
  values: Map<string, unknown>,
  prefixGiven: boolean,
  problems: ConfigProblem[],
): { target: RedisTarget; prefix: string } {
  const nodes = values.get('REDIS_CLUSTER_NODES') as { host: string; port: number }[] | undefined;
  const sentinels = values.get('REDIS_SENTINELS') as { host: string; port: number }[] | undefined;
  const masterName = values.get('REDIS_SENTINEL_MASTER') as string | undefined;
  const password = values.get('REDIS_PASSWORD') as string | undefined;
  const prefix = values.get('QUEUE_PREFIX') as string;
  const single = { target: { kind: 'single', url: values.get('REDIS_URL') as string } as RedisTarget, prefix };
  const problem = (variable: string, text: string) => {
    problems.push({ variable, problem: text, example: exampleOf(variable) });
    return single;
  };
  if (nodes && sentinels)
    return problem('REDIS_SENTINELS', 'cannot be set with REDIS_CLUSTER_NODES (one or the other)');
  if (sentinels && !masterName) return problem('REDIS_SENTINEL_MASTER', 'is needed with REDIS_SENTINELS');
  if (masterName && !sentinels) return problem('REDIS_SENTINELS', 'is needed with REDIS_SENTINEL_MASTER');
  if (password && !nodes && !sentinels)
    return problem('REDIS_PASSWORD', 'is only read with REDIS_CLUSTER_NODES or REDIS_SENTINELS (put it in REDIS_URL)');
  const auth = password ? { password } : {};
  if (sentinels && masterName) return { target: { kind: 'sentinel', sentinels, masterName, ...auth }, prefix };
  if (!nodes) return single;
  if (!prefixGiven) return { target: { kind: 'cluster', nodes, ...auth }, prefix: `{${prefix}}` };
  if (!HASH_TAG.test(prefix))
    problems.push({
      variable: 'QUEUE_PREFIX',
      problem: `must be a hash tag in braces with REDIS_CLUSTER_NODES, so that every key is in one slot (got "${prefix}")`,
      example: '{byoc}',
    });
  return { target: { kind: 'cluster', nodes, ...auth }, prefix };
}

function doctorSchedule(pattern: string | undefined, channel: string | undefined): Pick<Config, 'doctorSchedule'> {
  return pattern && channel ? { doctorSchedule: { pattern, channel } } : {};
}

function exampleOf(name: string): string {
  return VARIABLES.find((v) => v.name === name)?.example ?? '';
}

/** A channel setting that names a Teams conversation needs Teams configured and a conversation id. */
function channelProblems(values: Map<string, unknown>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const teamsOn = values.get('TEAMS_APP_ID') !== undefined && values.get('TEAMS_APP_PASSWORD') !== undefined;
  for (const name of ['ALERT_CHANNEL', 'AUDIT_CHANNEL', 'DOCTOR_CHANNEL'] as const) {
    const value = values.get(name) as string | undefined;
    if (value === undefined) continue;
    const address = parseChannelAddress(value);
    if (address.platform !== 'teams') continue;
    const example = `${TEAMS_CHANNEL_PREFIX}19:abc123@thread.tacv2`;
    if (!address.conversationId)
      problems.push({
        variable: name,
        problem: `names no Teams conversation after "${TEAMS_CHANNEL_PREFIX}"`,
        example,
      });
    else if (!teamsOn)
      problems.push({
        variable: name,
        problem: 'names a Teams conversation, but Teams is not configured (TEAMS_APP_ID, TEAMS_APP_PASSWORD)',
        example: exampleOf(name),
      });
  }
  return problems;
}

/** Teams is on with an app id and its secret; an app id alone would turn Bot Framework authentication off. */
function teamsProblems(values: Map<string, unknown>): ConfigProblem[] {
  const appId = values.get('TEAMS_APP_ID');
  const password = values.get('TEAMS_APP_PASSWORD');
  const problems: ConfigProblem[] = [];
  if (appId !== undefined && password === undefined)
    problems.push({
      variable: 'TEAMS_APP_PASSWORD',
      problem: 'is needed with TEAMS_APP_ID (without it nothing could be verified or sent)',
      example: exampleOf('TEAMS_APP_PASSWORD'),
    });
  if (appId === undefined && password !== undefined)
    problems.push({
      variable: 'TEAMS_APP_ID',
      problem: 'is needed with TEAMS_APP_PASSWORD',
      example: exampleOf('TEAMS_APP_ID'),
    });
  if (appId !== undefined && values.get('TEAMS_APP_TYPE') === 'SingleTenant' && !values.get('TEAMS_APP_TENANT_ID'))
    problems.push({
      variable: 'TEAMS_APP_TENANT_ID',
      problem: 'is needed when TEAMS_APP_TYPE is SingleTenant',
      example: exampleOf('TEAMS_APP_TENANT_ID'),
    });
  return problems;
}

function teamsConfig(values: Map<string, unknown>): { teams?: TeamsConfig } {
  const appId = values.get('TEAMS_APP_ID') as string | undefined;
  const appPassword = values.get('TEAMS_APP_PASSWORD') as string | undefined;
  if (!appId || !appPassword) return {};
  const appType = values.get('TEAMS_APP_TYPE') as TeamsConfig['appType'];
  const tenantId = values.get('TEAMS_APP_TENANT_ID') as string | undefined;
  return {
    teams: {
      appId,
      appPassword,
      appType,
      ...(tenantId ? { tenantId } : {}),
      openIdMetadataUrl: values.get('TEAMS_OPENID_METADATA_URL') as string,
      loginUrl: (values.get('TEAMS_LOGIN_URL') as string | undefined) ?? defaultTeamsLoginUrl(appType, tenantId),
      serviceUrl: values.get('TEAMS_SERVICE_URL') as string,
    },
  };
}

/**
 * Slack is served when its bot token is set with the signing secret (HTTP) or an app token (Socket Mode);
 * otherwise, with Teams configured, only Teams is.
 */
export function slackConfigured(config: Config): boolean {
  return config.slack.botToken !== '' && (config.slack.signingSecret !== '' || Boolean(config.slack.appToken));
}

/** Every secret value in the config, for the logger to scrub from any string. */
export function secretValues(config: Config): string[] {
  return [
    config.slack.signingSecret,
    config.slack.botToken,
    config.slack.appToken,
    config.teams?.appPassword,
    config.genesys.clientSecret,
    config.twilio.authToken,
    config.twilio.apiSecret,
    passwordOf(config.redisUrl),
    config.redis.kind === 'single' ? undefined : config.redis.password,
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

function passwordOf(redisUrl: string): string | undefined {
  try {
    const password = new URL(redisUrl).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

export type VendorName = 'genesys' | 'twilio';

export interface VendorStatus {
  configured: boolean;
  /** Variables still to set, in the order a person would set them. */
  missing: string[];
}

/** Which vendor credentials are complete, and what to set for the ones that are not. */
export function vendorConfigStatus(config: Config): Record<VendorName, VendorStatus> {
  const genesysMissing: string[] = [];
  if (!config.genesys.region && !config.genesys.apiUrl) genesysMissing.push('GENESYS_REGION');
  if (!config.genesys.clientId) genesysMissing.push('GENESYS_CLIENT_ID');
  if (!config.genesys.clientSecret) genesysMissing.push('GENESYS_CLIENT_SECRET');

  const twilioMissing: string[] = [];
  if (!config.twilio.accountSid) twilioMissing.push('TWILIO_ACCOUNT_SID');
  const hasKeyPair = Boolean(config.twilio.apiKey && config.twilio.apiSecret);
  if (!config.twilio.authToken && !hasKeyPair) twilioMissing.push('TWILIO_AUTH_TOKEN');

  return {
    genesys: { configured: genesysMissing.length === 0, missing: genesysMissing },
    twilio: { configured: twilioMissing.length === 0, missing: twilioMissing },
  };
}

/**
 * A vendor configured by halves (some of its variables set, not all): the bot would start without it, and in a sandbox
 * banner's words, which is not what the person meant. `npm start` stops on these instead, naming what is missing.
 */
export function halfConfiguredVendors(config: Config): ConfigProblem[] {
  const given = {
    genesys: [config.genesys.region, config.genesys.clientId, config.genesys.clientSecret, config.genesys.apiUrl],
    twilio: [config.twilio.accountSid, config.twilio.authToken, config.twilio.apiKey, config.twilio.apiSecret],
  };
  const status = vendorConfigStatus(config);
  const problems: ConfigProblem[] = [];
  for (const vendor of ['genesys', 'twilio'] as const) {
    if (status[vendor].configured || !given[vendor].some((v) => v !== undefined && v !== '')) continue;
    for (const name of status[vendor].missing) {
      const example = VARIABLES.find((v) => v.name === name)?.example ?? '';
      problems.push({
        variable: name,
        problem: `is needed with the other ${vendor === 'genesys' ? 'GENESYS_*' : 'TWILIO_*'} variables you set`,
        example,
      });
    }
  }
  return problems;
}

/** "set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN" */
export function describeMissing(missing: readonly string[]): string {
  if (missing.length === 0) return '';
  if (missing.length === 1) return `set ${missing[0]}`;
  return `set ${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}`;
}

const VENDOR_CREDENTIAL_VARIABLES = [
  'GENESYS_CLIENT_ID',
  'GENESYS_CLIENT_SECRET',
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_API_KEY',
  'TWILIO_API_SECRET',
] as const;

/** No Genesys and no Twilio credential at all: `npm start` runs against the built-in fake vendors. */
export function wantsVendorSandbox(env: Env = process.env): boolean {
  return VENDOR_CREDENTIAL_VARIABLES.every((name) => raw(env, name) === undefined);
}

/** No Slack credential at all. */
export function wantsSlackSandbox(env: Env = process.env): boolean {
  return (
    raw(env, 'SLACK_SIGNING_SECRET') === undefined &&
    raw(env, 'SLACK_BOT_TOKEN') === undefined &&
    raw(env, 'SLACK_APP_TOKEN') === undefined
  );
}

/** No Teams credential at all. */
export function wantsTeamsSandbox(env: Env = process.env): boolean {
  return raw(env, 'TEAMS_APP_ID') === undefined && raw(env, 'TEAMS_APP_PASSWORD') === undefined;
}

/**
 * No chat credential at all (neither Slack nor Teams): `npm start` runs the built-in fake Slack and fake Bot
 * Framework. A process configured for one real platform never starts a fake of the other.
 */
export function wantsChatSandbox(env: Env = process.env): boolean {
  return wantsSlackSandbox(env) && wantsTeamsSandbox(env);
}
