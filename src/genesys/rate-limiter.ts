/**
 * Keeps every replica of the bot, together, under the org's Genesys limit: 300 requests a minute per
 * client-credentials token by default (docs/vendor-facts.md, "Genesys Cloud client"). A sliding-window log in Redis, keyed by
 * client id, is checked and appended in one Lua script so two replicas cannot both take the last slot. A request
 * that finds the window full waits until the oldest entry in it leaves.
 *
 * Time is Redis's own (TIME inside the script): one clock for every replica, read when the slot is taken, not
 * when the request was queued behind a busy event loop. Tests pass a clock of their own to drive time by hand.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { unlessAborted } from '../vendors/call-budget.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The scope of the org's Genesys request limit (see `RedisRateLimiterOptions.scope`). */
export const GENESYS_RATE_SCOPE = 'genesys-rate';

/** Something a request waits on before it is sent. */
export interface RateLimiter {
  /** Waits for a slot; gives up (rejects) when `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<unknown>;
}

export interface RedisRateLimiterOptions {
  redis: Redis;
  /**
   * What is limited, the middle of the Redis key (`<prefix>:<scope>:<key>`): `genesys-rate` for the org's Genesys
   * limit, `teams-rate` for Teams' per-conversation send rate. Each user names its own, so one limit's windows
   * never show up (or count) under another's name.
   */
  scope: string;
  /** Usually the OAuth client id: the limit is per client-credentials token, and replicas share the client. */
  key: string;
  /** Key prefix, e.g. the bot's queue prefix, so several bots (or test files) can share one Redis. */
  prefix?: string;
  /** Requests allowed per window; default 300. */
  limit?: number;
  /** Window length in ms; default 60 000 (the benchmark shortens it to compress time). */
  windowMs?: number;
  /**
   * Extra time an entry stays in the window. Requests reach Genesys a few ms after their slot is taken, and that
   * jitter can bunch two windows' bursts together at the vendor; a margin of 1% of the window absorbs it (see
   * bench/sandbox.ts). Default 1% of `windowMs`.
   */
  marginMs?: number;
  /** Default: Redis server time, and real waiting. */
  clock?: Clock;
}

// KEYS[1] window zset; ARGV now ('' = Redis TIME), windowMs, limit, member. Returns {1, now} when a slot was
// taken, else {0, ms until the oldest entry leaves the window}.
const ACQUIRE = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
if now == nil then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window)
  return {1, now}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local wait = tonumber(oldest[2]) + window - now
if wait < 1 then wait = 1 end
return {0, wait}
`;

export class RedisRateLimiter implements RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly marginMs: number;
  private readonly redis: Redis;
  private readonly redisKey: string;
  private readonly clock: Clock | undefined;

  constructor(opts: RedisRateLimiterOptions) {
    this.redis = opts.redis;
    this.redisKey = `${opts.prefix ?? 'byoc'}:${opts.scope}:${opts.key}`;
    this.limit = opts.limit ?? 300;
    this.windowMs = opts.windowMs ?? 60_000;
    this.marginMs = opts.marginMs ?? Math.round(this.windowMs / 100);
    this.clock = opts.clock;
    if (!Number.isInteger(this.limit) || this.limit < 1) throw new RangeError('limit must be a positive integer');
  }

  /** Resolves, with the time (ms) the slot was taken at, once this request has a slot in the window. */
  async acquire(signal?: AbortSignal): Promise<number> {
    const member = randomUUID();
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock ? String(this.clock.now()) : '';
      const [taken, value] = (await this.redis.eval(
        ACQUIRE,
        1,
        this.redisKey,
        now,
        this.windowMs + this.marginMs,
        this.limit,
        member,
      )) as [number, number];
      if (taken === 1) return Number(value);
      await unlessAborted((this.clock ?? systemClock).sleep(Number(value)), signal, () => abortReason(signal));
    }
  }

  /** Requests counted in the current window (for tests and the benchmark). */
  async inWindow(): Promise<number> {
    const now = this.clock ? this.clock.now() : await this.redisNow();
    await this.redis.zremrangebyscore(this.redisKey, '-inf', now - this.windowMs - this.marginMs);
    return this.redis.zcard(this.redisKey);
  }

  private async redisNow(): Promise<number> {
    const [seconds, micros] = await this.redis.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  }

  async reset(): Promise<void> {
    await this.redis.del(this.redisKey);
  }
}

function abortReason(signal: AbortSignal | undefined): Error {
  return signal?.reason instanceof Error ? signal.reason : new Error('gave up waiting for a Genesys rate-limit slot');
}
