/**
 * Finds the Redis a run uses, so that a fresh clone works with nothing set up beside Node:
 *
 * - REDIS_CLUSTER_NODES or REDIS_SENTINELS set: those (see redis-connection.ts), nothing probed here.
 * - REDIS_URL set: that Redis, as given (the bot itself reports, once per retry, while it does not answer).
 * - REDIS_URL not set and a Redis answers at the default address: that one.
 * - REDIS_URL not set and nothing answers there: where a private Redis is allowed (the sandbox run, the test run), a
 *   `redis-server` from the PATH in a temporary directory on a free loopback port, nothing saved to disk, stopped
 *   when the process ends; otherwise, or with no `redis-server` installed, a `redis.unavailable` coded error, whose
 *   message says in a few lines how to get Redis.
 *
 * Everything here takes well under 5 seconds to decide: one connection attempt with a short timeout, and a private
 * server that must answer within a few seconds.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodedError, ERROR_CODES } from './coded-error.js';
import { freePort } from './listen.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

type Env = Record<string, string | undefined>;

export interface EnsureRedisOptions {
  env?: Env;
  /** Where to look when REDIS_URL is not set (tests point it at an unused port). */
  defaultUrl?: string;
  /** Start a private `redis-server` when nothing answers at the default address. */
  allowPrivate?: boolean;
  /** The server command to run (tests name one that does not exist). */
  redisServer?: string;
  /** How long to wait for an answer at the default address. */
  probeTimeoutMs?: number;
}

export interface RedisLocation {
  url: string;
  /** configured: REDIS_URL; default: the default address answered; private: started for this run. */
  origin: 'configured' | 'default' | 'private';
  /** Stops a private server and removes its directory; nothing for the other two. */
  stop(): Promise<void>;
}

/** Nothing answers and nothing could be started (`redis.unavailable`): the message is what to tell the person. */
function redisUnavailable(message: string): CodedError {
  return new CodedError({ code: ERROR_CODES.redisUnavailable, message, retryable: false });
}

export async function ensureRedis(options: EnsureRedisOptions = {}): Promise<RedisLocation> {
  const env = options.env ?? process.env;
  const configured = env.REDIS_URL?.trim();
  if (configured) return { url: configured, origin: 'configured', stop: async () => {} };
  // A cluster or Sentinel set-up names its own nodes: nothing to look for here (REDIS_URL keeps its default).
  if (env.REDIS_CLUSTER_NODES?.trim() || env.REDIS_SENTINELS?.trim())
    return { url: options.defaultUrl ?? DEFAULT_REDIS_URL, origin: 'configured', stop: async () => {} };

  const defaultUrl = options.defaultUrl ?? DEFAULT_REDIS_URL;
  if (await redisAnswers(defaultUrl, options.probeTimeoutMs ?? 1000)) {
    return { url: defaultUrl, origin: 'default', stop: async () => {} };
  }
  if (!options.allowPrivate) throw redisUnavailable(howToGetRedis(defaultUrl, 'not-allowed'));
  return startPrivateRedis(options.redisServer ?? 'redis-server', defaultUrl);
}

/** True when something at `url` answers a Redis PING (an answer asking for a password counts: it is a Redis). */
export function redisAnswers(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 6379) });
    let answer = '';
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG') || /^-(NOAUTH|WRONGPASS)/.test(answer));
    });
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
  });
}

function howToGetRedis(defaultUrl: string, why: 'not-allowed' | 'not-installed' | 'did-not-start'): string {
  const first =
    why === 'not-installed'
      ? `No Redis answers at ${defaultUrl}, and redis-server is not installed, so none could be started for this run.`
      : why === 'did-not-start'
        ? `No Redis answers at ${defaultUrl}, and the redis-server started for this run did not answer either.`
        : `No Redis answers at ${defaultUrl} (REDIS_URL is not set).`;
  return [
    first,
    'Get Redis, then run this again:',
    '  Debian/Ubuntu: sudo apt-get install redis-server',
    '  macOS:         brew install redis && brew services start redis',
    '  Docker:        docker run -d -p 6379:6379 redis:7',
    'or set REDIS_URL to a Redis you have (redis://host:6379).',
  ].join('\n');
}

async function startPrivateRedis(command: string, defaultUrl: string): Promise<RedisLocation> {
  const dir = mkdtempSync(join(tmpdir(), 'byoc-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess;
  try {
    child = spawn(
      command,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--logfile',
        join(dir, 'redis.log'),
      ],
      // Its own process group: Ctrl-C in a terminal reaches the bot, which drains its jobs and only then stops this.
      { cwd: dir, stdio: 'ignore', detached: true },
    );
  } catch {
    rmSync(dir, { recursive: true, force: true });
    throw redisUnavailable(howToGetRedis(defaultUrl, 'not-installed'));
  }

  let exited = false;
  const exit = new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    child.once('error', (err) => {
      exited = true;
      resolve(err);
    });
    child.once('exit', () => {
      exited = true;
      resolve(undefined);
    });
  });
  // If the process ends without calling stop() (process.exit, an uncaught error), the server goes with it.
  const killOnExit = () => {
    if (!exited) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exit;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 4000;
  while (Date.now() < deadline) {
    const ended = await Promise.race([exit.then((err) => err ?? 'exited'), delay(50).then(() => undefined)]);
    if (ended) {
      await stop();
      const notInstalled = typeof ended === 'object' && ended.code === 'ENOENT';
      throw redisUnavailable(howToGetRedis(defaultUrl, notInstalled ? 'not-installed' : 'did-not-start'));
    }
    if (await redisAnswers(url, 500)) return { url, origin: 'private', stop };
  }
  await stop();
  throw redisUnavailable(howToGetRedis(defaultUrl, 'did-not-start'));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
