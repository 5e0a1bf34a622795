/**
 * Redis that does not answer, said the way a person can act on: one line per retry interval naming the address and
 * the reason, and one line when it answers again. Every connection of the process (commands, queue, workers) reports
 * here, so three connections failing every few milliseconds still make one line, and no stack trace.
 */
import type { Redis } from 'ioredis';
import { CodedError, ERROR_CODES } from './coded-error.js';
import type { Logger } from './log.js';

/** How long between two connection attempts once the first few quick ones failed; also how often trouble is said. */
export const REDIS_RETRY_MS = 2000;

/** ioredis `retryStrategy`: quick first retries (a restart of Redis), then every REDIS_RETRY_MS, never giving up. */
export function redisRetryStrategy(times: number): number {
  return Math.min(times * 100, REDIS_RETRY_MS);
}

/** Errors of the connection itself (as opposed to a command's): these are what "does not answer" means. */
export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (
    typeof code === 'string' &&
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|EPIPE)$/.test(code)
  )
    return true;
  const message = err instanceof Error ? err.message : String(err);
  return /Connection is closed|connect ETIMEDOUT|getaddrinfo|Stream isn't writeable/i.test(message);
}

export class RedisTrouble {
  private lastSaid = 0;
  private down = false;
  private readonly where: string;

  constructor(
    private readonly log: Logger,
    /** Where Redis is, as a person reads it (a URL's password is taken out here too). */
    where: string,
    private readonly intervalMs = REDIS_RETRY_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.where = where.replace(/\/\/[^/@\s]*@/, '//');
  }

  /** Follows one connection: its errors are trouble, its `ready` is the end of it. */
  watch(redis: Redis): void {
    redis.on('error', (err: unknown) => this.report(err));
    redis.on('ready', () => this.recovered());
  }

  report(err: unknown): void {
    this.down = true;
    const at = this.now();
    if (at - this.lastSaid < this.intervalMs) return;
    this.lastSaid = at;
    const code = (err as { code?: unknown } | undefined)?.code;
    const reason = typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
    this.log.warn(
      { redis: this.where, reason },
      `Redis at ${this.where} does not answer (${reason}); trying again every ${this.intervalMs / 1000} s`,
    );
  }

  recovered(): void {
    if (!this.down) return;
    this.down = false;
    this.lastSaid = 0;
    this.log.info({ redis: this.where }, `Redis at ${this.where} answers again`);
  }
}

/**
 * A Redis command that got no answer in time (`redis.timeout`): a frozen or overloaded Redis keeps the connection
 * open, silent. Worth another try: Redis may answer again.
 */
function redisTimeoutError(ms: number): CodedError {
  return new CodedError({
    code: ERROR_CODES.redisTimeout,
    message: `Redis did not answer within ${ms} ms`,
    retryable: true,
  });
}

/**
 * The answer of `promise`, or a `redis.timeout` coded error after `ms`. The command itself is not taken back: it may still run
 * once Redis answers again, which the caller must allow for.
 */
export function withRedisTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(redisTimeoutError(ms)), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
