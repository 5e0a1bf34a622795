/**
 * `npm start`: one process with the HTTP server and the workers (`--role web|worker|all`, default all).
 *
 * Configuration is validated first; a bad variable stops the process with a message naming it (exit 1). With no
 * credentials at all it runs in sandbox mode (see `sandbox-mode.ts`). SIGTERM or SIGINT: stop taking requests, let
 * running jobs finish within SHUTDOWN_GRACE_SECONDS (then hand those still running back to the queue), close
 * Redis, exit 0.
 */
import { parseArgs } from 'node:util';
import { ERROR_CODES, hasCode } from './coded-error.js';
import {
  configError,
  configErrorOf,
  halfConfiguredVendors,
  loadConfig,
  secretValues,
  wantsSlackSandbox,
  wantsVendorSandbox,
} from './config.js';
import { guardUnhandledRejections } from './process-guards.js';
import { PROCESS_ROLES, type ProcessRole } from './process-role.js';
import { ensureRedis, type RedisLocation } from './redis-bootstrap.js';

const USAGE = `usage: npm start -- [--role web|worker|all]

  web     Slack requests (POST /slack/events) and the ops routes; enqueues jobs
  worker  runs jobs and delivers cards; serves /healthz, /readyz, /metrics only
  all     both (default)

Configuration comes from the environment: see .env.example.`;

function parseRole(argv: string[]): ProcessRole | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: { role: { type: 'string', short: 'r' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) return 'help';
  const role = values.role ?? 'all';
  if (!(PROCESS_ROLES as readonly string[]).includes(role))
    throw new Error(`--role must be web, worker or all (got "${role}")`);
  return role as ProcessRole;
}

export async function main(argv: string[]): Promise<void> {
  let role: ProcessRole | 'help';
  try {
    role = parseRole(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (role === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  // A sandbox run (any fake half) may start a private Redis when none is set up; a real deployment must have one.
  const redis = await findRedis(wantsVendorSandbox(process.env) || wantsSlackSandbox(process.env));
  // Only now the heavy modules (chat and vendor SDKs): a missing Redis is said within a second or two.
  const [{ startBot }, { createLogger }, { prepareSandboxMode }] = await Promise.all([
    import('./bot.js'),
    import('./log.js'),
    import('./sandbox-mode.js'),
  ]);
  const port = Number(process.env.PORT || 3000);
  const sandbox = await prepareSandboxMode(process.env, { port: Number.isFinite(port) ? port : 3000 });
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ ...process.env, ...sandbox.env, REDIS_URL: redis.url });
    const halves = halfConfiguredVendors(config);
    if (halves.length > 0) throw configError(halves);
  } catch (err) {
    await sandbox.close();
    await redis.stop();
    const invalid = configErrorOf(err);
    if (invalid) {
      process.stderr.write(`${invalid.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  const baseLog = createLogger({ level: config.logLevel, secrets: secretValues(config) });
  // startBot binds the role on its own child of the same logger: one `role` key per line either way.
  guardUnhandledRejections(baseLog.child({ role }));
  const bot = await startBot({ config, role, log: baseLog, sandboxVendors: sandbox.vendors !== undefined });
  const { log } = bot;
  sandbox.connect(bot.url);
  if (redis.origin === 'private') {
    process.stdout.write(
      `\nNo Redis answered at the default address, so this run uses its own redis-server at ${redis.url}: what it\nstores (approvals, audit) goes when the bot stops. Set REDIS_URL to keep it.\n`,
    );
  }
  for (const line of sandbox.instructions(bot.url)) process.stdout.write(`${line}\n`);

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    log.info({ signal, graceSeconds: config.shutdownGraceSeconds }, 'shutting down');
    void bot
      .stop()
      .then(() => sandbox.close())
      .then(() => redis.stop())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

async function findRedis(allowPrivate: boolean): Promise<RedisLocation> {
  try {
    return await ensureRedis({ env: process.env, allowPrivate });
  } catch (err) {
    if (!hasCode(err, ERROR_CODES.redisUnavailable)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`byoc-bot failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
