/**
 * Puts the bot together: Redis, the command queue, the Slack adapter and HTTP routes (web role), the workers (worker
 * role), or both (`all`, the default). `main.ts` calls it for `npm start`; tests and benchmarks call it directly.
 */

import { webApi } from '@slack/bolt';
import { loadAuthorizer } from './auth/access.js';
import type { Authorizer } from './auth/roles.js';
import { slackGroupResolver } from './auth/slack-groups.js';
import {
  APPLY_CHANGE_JOB,
  APPROVAL_SWEEPER_ID,
  CHANGE_REQUEST_JOB,
  EXPIRE_APPROVAL_JOB,
  SWEEP_APPROVALS_JOB,
} from './changes/job-names.js';
import { ChannelPosters } from './chat/channel-posters.js';
import { Dispatcher } from './chat/dispatcher.js';
import type { CardDeliveries, Invocation } from './chat/invocation.js';
import { peopleOn } from './chat/people.js';
import { SlackCardDelivery } from './chat/slack/card-delivery.js';
import { SlackAdapter } from './chat/slack/slack-adapter.js';
import { SlackChannelPoster } from './chat/slack/slack-channel-poster.js';
import { slackPeopleDirectory } from './chat/slack/user-directory.js';
import { createSlackWebClient } from './chat/slack/web-client.js';
import { loadTeams, TEAMS_MESSAGES_PATH, type TeamsRuntime } from './chat/teams/index.js';
import { type Config, secretValues, slackConfigured } from './config.js';
import { createLogger, type Logger } from './log.js';
import { type OpsRoute, opsRoutes, type ReadinessCheck, startOpsServer } from './ops-routes.js';
import { withSandboxMark } from './presentation/sandbox-mark.js';
import type { ProcessRole } from './process-role.js';
import { CardDeliveryWorker } from './queue/card-delivery-worker.js';
import { CardOutbox } from './queue/card-outbox.js';
import { CommandQueue } from './queue/command-queue.js';
import { CommandWorker } from './queue/command-worker.js';
import { type JobRegistry, loadJobs } from './queue/job-registry.js';
import { connectRedis, describeRedis } from './redis-connection.js';
import { isConnectionError, RedisTrouble, redisRetryStrategy } from './redis-trouble.js';
import { assertCommandJobsExist } from './router/job-names-check.js';
import { type LoadedCommands, loadCommands } from './router/load.js';
import { Router } from './router/router.js';
import { applyDoctorSchedule } from './schedule/doctor-schedule.js';
import { createServices, type Services } from './services.js';
import { TrunkWatcher, type TrunkWatcherOptions } from './watch/trunk-watcher.js';

export { PROCESS_ROLES, type ProcessRole } from './process-role.js';

/** How often approvals past their time or stuck in "approved" are looked for. */
export const APPROVAL_SWEEP_MS = 15_000;

/** What a scheduled job that answers nobody carries as its invocation. */
const SYSTEM_INVOCATION: Invocation = {
  platform: 'cli',
  userId: 'system',
  channelId: '',
  text: '',
  requestId: 'system',
  reply: { platform: 'cli' },
};

export interface StartBotOptions {
  config: Config;
  role?: ProcessRole;
  log?: Logger;
  /** The vendors are the built-in fakes: every card says so (sandbox mode). */
  sandboxVendors?: boolean;
  /** Defaults to the access file (BYOC_ACCESS_FILE), or everyone-is-a-viewer without one. */
  authorizer?: Authorizer;
  /** Defaults to the `commands/` folder. */
  commands?: LoadedCommands;
  /** Defaults to the `jobs/` folder. */
  jobs?: JobRegistry;
  /** Replaces services (tests). */
  services?: Partial<Services>;
  /** Defaults to PORT; 0 picks a free port. */
  port?: number;
  /** Tests use a fresh queue each; production uses the default. */
  queueName?: string;
  /** First retry delay, doubled on each attempt. */
  backoffBaseMs?: number;
  /** How often the approval sweeper runs (default APPROVAL_SWEEP_MS; 0: this process does not schedule it). */
  approvalSweepMs?: number;
  /** Tuning of the trunk watcher (tests: its name, a shorter heartbeat timeout). */
  watcher?: Pick<TrunkWatcherOptions, 'owner' | 'stream'>;
}

export interface RunningBot {
  /** Which chat platforms this process serves (Teams only when TEAMS_APP_ID is set; then botbuilder is loaded). */
  platforms: { slack: boolean; teams: boolean };
  /** Port of the HTTP server (Slack, Teams and ops routes, or ops routes alone for `worker`). */
  port: number;
  url: string;
  role: ProcessRole;
  /** The bot's logger, its process role bound: what the process entry logs its own lines with. */
  log: Logger;
  queue: CommandQueue;
  worker?: CommandWorker;
  /** Where cards wait to be delivered (a queue of their own). */
  outbox: CardOutbox;
  deliveryWorker?: CardDeliveryWorker;
  /** Runs in worker roles when ALERT_CHANNEL is set and Genesys is configured. */
  watcher?: TrunkWatcher;
  services: Services;
  /** Stops taking requests, lets running jobs finish within the grace period, closes Redis. */
  stop(graceMs?: number): Promise<void>;
}

export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const { config } = options;
  const role = options.role ?? 'all';
  // The process role is bound here, once: every line of this bot says which role wrote it under one `role` key.
  const log = (options.log ?? createLogger({ level: config.logLevel, secrets: secretValues(config) })).child({ role });
  const redisTrouble = new RedisTrouble(log, describeRedis(config.redis));
  const redis = connectRedis(config.redis, { lazyConnect: false, retryStrategy: redisRetryStrategy });
  redisTrouble.watch(redis);

  const loaded = options.commands ?? (await loadCommands());
  // Both roles load the jobs: a command asking for a job that does not exist stops the process here, not a person.
  const jobs = options.jobs ?? (await loadJobs());
  if (!options.commands && !options.jobs) {
    assertCommandJobsExist(loaded.commands, new Set(jobs.names()), [
      CHANGE_REQUEST_JOB,
      APPLY_CHANGE_JOB,
      EXPIRE_APPROVAL_JOB,
      SWEEP_APPROVALS_JOB,
    ]);
  }
  const authorizer = options.authorizer ?? (await accessFromConfig(config, log));
  const queue = new CommandQueue(redis, {
    prefix: config.queuePrefix,
    attempts: config.jobAttempts,
    backoffBaseMs: options.backoffBaseMs,
    queueName: options.queueName,
    laneOf: (name) => jobs.get(name)?.lane,
    onError: (err) =>
      isConnectionError(err) ? redisTrouble.report(err) : log.warn({ err }, 'command queue: Redis error'),
  });
  const outbox = new CardOutbox(redis, {
    prefix: config.queuePrefix,
    queueName: options.queueName,
    backoffBaseMs: options.backoffBaseMs,
    onError: (err) =>
      isConnectionError(err) ? redisTrouble.report(err) : log.warn({ err }, 'card outbox: Redis error'),
  });
  const slackClient = createSlackWebClient(config);
  const slackDelivery = new SlackCardDelivery(slackClient);
  const slackOn = slackConfigured(config);
  // botbuilder is only loaded (dynamic import) when Teams is configured.
  const teams: TeamsRuntime | undefined = config.teams
    ? await loadTeams({
        teams: config.teams,
        redis,
        prefix: config.queuePrefix,
        log: log.child({ platform: 'teams' }),
      })
    : undefined;
  const poster = new ChannelPosters({
    ...(slackOn ? { slack: new SlackChannelPoster(slackClient) } : {}),
    ...(teams ? { teams: teams.poster } : {}),
  });
  const services = await createServices(
    {
      config,
      log,
      redis,
      authorizer,
      commands: loaded.commands,
      now: () => Date.now(),
      queue,
      people: peopleOn({ slack: slackPeopleDirectory(slackClient), ...(teams ? { teams: teams.people } : {}) }),
      // AUDIT_CHANNEL's copies and ALERT_CHANNEL's incidents go to the platform the setting names.
      announce: async (channel, card) => {
        await poster.post(channel, card);
      },
      poster,
    },
    options.services,
  );

  let stopped = false;
  let worker: CommandWorker | undefined;
  let deliveryWorker: CardDeliveryWorker | undefined;
  if (role !== 'web') {
    const deliveries: CardDeliveries = {
      ...(slackOn ? { slack: slackDelivery } : {}),
      ...(teams ? { teams: teams.delivery } : {}),
    };
    const workerLog = log.child({ component: 'worker' });
    worker = new CommandWorker({
      markCard: options.sandboxVendors ? withSandboxMark : undefined,
      redis: config.redis,
      prefix: config.queuePrefix,
      jobs,
      services,
      outbox,
      log: workerLog,
      concurrency: config.workerConcurrency,
      queueName: options.queueName,
      stalledMs: config.workerStalledSeconds * 1000,
      jobTimeoutMs: config.jobTimeoutSeconds * 1000,
      redisTrouble,
    });
    deliveryWorker = new CardDeliveryWorker({
      redis: config.redis,
      prefix: config.queuePrefix,
      deliveries,
      log: workerLog,
      concurrency: config.workerConcurrency,
      queueName: options.queueName,
      stalledMs: config.workerStalledSeconds * 1000,
      redisTrouble,
    });
    // In the background: a start while Redis is away must not wait for it (the scheduler is set once it answers).
    applyDoctorSchedule(queue, config, poster).catch((err: unknown) =>
      log.warn({ err }, 'could not set the scheduled doctor (DOCTOR_SCHEDULE)'),
    );
    const sweepMs = options.approvalSweepMs ?? APPROVAL_SWEEP_MS;
    // Not awaited: a Redis that is down at start must not keep the process from listening; retried until it works.
    const scheduleSweeper = (): void => {
      if (stopped) return;
      queue
        .schedule(APPROVAL_SWEEPER_ID, sweepMs, { name: SWEEP_APPROVALS_JOB, payload: {} }, SYSTEM_INVOCATION)
        .catch((err: unknown) => {
          // Redis away: redis-trouble already says so, once per interval; anything else is worth a line.
          if (!isConnectionError(err)) log.warn({ err }, 'could not schedule the approval sweeper yet; trying again');
          setTimeout(scheduleSweeper, 5000).unref();
        });
    };
    if (sweepMs > 0) scheduleSweeper();
  }

  let watcher: TrunkWatcher | undefined;
  const genesysSlot = services.vendors.genesys;
  if (worker && services.watch.disabledReason() === undefined && 'client' in genesysSlot) {
    watcher = new TrunkWatcher({
      watch: services.watch,
      genesys: genesysSlot.client,
      redis,
      log,
      intervalMs: config.watch.intervalSeconds * 1000,
      safetyPollMs: config.watch.safetyPollMinutes * 60_000,
      ...options.watcher,
    });
    watcher.start();
  }

  // While Redis does not answer, a command would wait in ioredis' offline queue: readiness says no at once instead.
  const checks: ReadinessCheck[] = [
    { name: 'redis', check: async () => redis.status === 'ready' && (await redis.ping()) === 'PONG' },
  ];
  const runningWorker = worker;
  const runningDelivery = deliveryWorker;
  if (runningWorker && runningDelivery) {
    checks.push({ name: 'workers', check: async () => runningWorker.isRunning() && runningDelivery.isRunning() });
  }
  const routes = opsRoutes(checks);
  const port = options.port ?? config.port;

  let http: { port: number; close(): Promise<void> };
  if (role === 'worker') {
    http = await startOpsServer(routes, port);
  } else {
    const router = new Router({ commands: loaded.commands, authorizer: services.authorizer, config });
    const dispatcher = new Dispatcher({ router, actions: loaded.actions, queue, services, log });
    const webRoutes: OpsRoute[] = teams
      ? [...routes, { path: TEAMS_MESSAGES_PATH, method: 'POST', handler: teams.endpoint(dispatcher) }]
      : routes;
    if (slackOn) {
      const slack = new SlackAdapter({ config, log, redis, dispatcher, customRoutes: webRoutes });
      http = await slack.start(port);
    } else {
      http = await startOpsServer(webRoutes, port);
    }
  }
  // The port is open (health and readiness answer) before the workers wait for Redis.
  await Promise.all([worker?.waitUntilReady(), deliveryWorker?.waitUntilReady()]);
  const platforms = { slack: slackOn, teams: teams !== undefined };
  log.info({ platforms, port: http.port }, 'byoc-bot started');

  let stopping: Promise<void> | undefined;
  return {
    port: http.port,
    url: `http://127.0.0.1:${http.port}`,
    role,
    platforms,
    log,
    queue,
    worker,
    outbox,
    deliveryWorker,
    watcher,
    services,
    stop(graceMs = config.shutdownGraceSeconds * 1000) {
      stopping ??= (async () => {
        stopped = true;
        await http.close().catch((err: unknown) => log.warn({ err }, 'HTTP server did not close cleanly'));
        // Let go of the watch first, so another replica takes it over at once.
        await watcher?.stop().catch((err: unknown) => log.warn({ err }, 'watcher did not stop cleanly'));
        if (worker) await worker.close(graceMs);
        // Cards of the jobs that just finished still go out, within the same grace.
        if (deliveryWorker) await deliveryWorker.close(graceMs);
        await queue.close();
        await outbox.close();
        await redis.quit().catch(() => redis.disconnect());
        log.info('byoc-bot stopped');
      })();
      return stopping;
    },
  };
}

/**
 * The access file's authorizer. Its Slack user-group lookups run before the ack, inside Slack's 3 seconds, so their
 * client does not retry and gives up quickly: a slow lookup denies rather than stalls.
 */
async function accessFromConfig(config: Config, log: Logger): Promise<Authorizer> {
  const client = new webApi.WebClient(config.slack.botToken, {
    slackApiUrl: config.slack.apiUrl,
    retryConfig: { retries: 0 },
    timeout: 1500,
    rejectRateLimitedCalls: true,
    logLevel: webApi.LogLevel.ERROR,
  });
  return loadAuthorizer(config.accessFile, {
    logger: log,
    resolveGroup: slackGroupResolver({ client, logger: log }),
  });
}
