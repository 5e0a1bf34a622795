/**
 * One BullMQ worker on a queue, as the command and delivery workers both run it: its own blocking Redis connection
 * that never gives up on a command, the retry policy's backoff (a vendor's or platform's Retry-After respected),
 * the stalled-job takeover times, and Redis errors reported once per retry interval instead of on every attempt.
 * Closing gives running jobs a grace period, then interrupts them (the command worker hands its jobs back to the
 * queue) or abandons them to BullMQ, which runs them again elsewhere once their lock lapses.
 */
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RedisTarget } from '../config.js';
import type { Logger } from '../log.js';
import { connectRedis } from '../redis-connection.js';
import { isConnectionError, type RedisTrouble, redisRetryStrategy } from '../redis-trouble.js';
import { BACKOFF_TYPE, retryDelayMs } from './retry-policy.js';
import { stalledJobOptions } from './stalled-jobs.js';

export interface WorkerLaneOptions {
  /** Where Redis is (config.redis): the lane opens a blocking connection of its own there. */
  redis: RedisTarget;
  prefix: string;
  concurrency: number;
  /** WORKER_STALLED_SECONDS: a job whose worker died is taken over within this long (stalled-jobs.ts). */
  stalledMs?: number;
  /** Where connection errors go (one line per retry interval); other worker errors are logged as they come. */
  redisTrouble?: RedisTrouble;
  log: Logger;
}

export interface WorkerLane<D> {
  worker: Worker<D>;
  /** The lane's own connection, which its processor may use too. */
  connection: Redis;
}

/** Starts a worker on `queueName`; `what` names it in log lines ("delivery worker"). */
export function startWorkerLane<D>(
  queueName: string,
  options: WorkerLaneOptions,
  what: string,
  /** `token` is the job's lock token, for moving the job from inside its processor. */
  processor: (job: Job<D>, connection: Redis, token: string | undefined) => Promise<unknown>,
): WorkerLane<D> {
  // Workers block on Redis: each gets its own connection, which must never give up on a command.
  const connection = connectRedis(options.redis, { maxRetriesPerRequest: null, retryStrategy: redisRetryStrategy });
  if (options.redisTrouble) options.redisTrouble.watch(connection);
  else connection.on('error', (err) => options.log.warn({ err }, `${what} connection: Redis error`));
  const worker = new Worker<D>(queueName, (job, token) => processor(job, connection, token), {
    connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    ...stalledJobOptions(options.stalledMs),
    settings: {
      backoffStrategy: (attemptsMade, type, err, job) => {
        const base = typeof job?.opts.backoff === 'object' ? (job.opts.backoff.delay ?? 1000) : 1000;
        return type === BACKOFF_TYPE ? retryDelayMs(attemptsMade, err, base) : base;
      },
    },
  });
  worker.on('error', (err) => {
    if (options.redisTrouble && isConnectionError(err)) options.redisTrouble.report(err);
    else options.log.error({ err }, `${what} error`);
  });
  return { worker, connection };
}

/** How long interrupted jobs get to hand themselves back before the lanes close anyway. */
export const INTERRUPT_SETTLE_MS = 2_000;

/**
 * Stops the lanes taking jobs; running ones get `graceMs` to finish. Then `interrupt` (when given) asks them to stop
 * and they get `INTERRUPT_SETTLE_MS` more; what still runs is abandoned (BullMQ runs it again once its lock lapses,
 * within WORKER_STALLED_SECONDS). Resolves with whether any job was still running at the end of the grace period.
 */
export async function closeWorkerLanes<D>(
  lanes: WorkerLane<D>[],
  graceMs: number,
  interrupt?: () => void,
): Promise<boolean> {
  const graceful = Promise.all(lanes.map((l) => l.worker.close(false))).then(() => 'done' as const);
  const result = await Promise.race([graceful, after(graceMs)]);
  if (result === 'timeout' && interrupt) {
    interrupt();
    await Promise.race([graceful, after(INTERRUPT_SETTLE_MS)]);
  }
  if (result === 'timeout') {
    // BullMQ hands back the first close's promise to a forced close, so it may wait for the job all the same: the
    // connection is closed after a bounded wait whatever it does, and the job's lock lapses for another worker.
    await Promise.race([Promise.all(lanes.map((l) => l.worker.close(true))), after(INTERRUPT_SETTLE_MS)]);
  }
  await Promise.all(lanes.map((l) => l.connection.quit().catch(() => l.connection.disconnect())));
  return result === 'timeout';
}

/** Resolves with 'timeout' after `ms`, without keeping the process alive. */
function after(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
}
