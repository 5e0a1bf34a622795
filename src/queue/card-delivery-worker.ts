/**
 * Runs the outbox's delivery jobs (see card-outbox.ts): puts each card where its reply target points through the
 * platform's `CardDelivery`. A refusal worth retrying (429, 5xx, unreachable) goes back to BullMQ with a delay of
 * at least the platform's Retry-After; anything else (a deleted channel, a platform this process cannot post to)
 * fails the delivery at once and is logged with the request id. An older card never replaces a newer one at the
 * same target: each delivery records its card's time, atomically, and a late one is dropped. A delivery done is
 * remembered, so one that BullMQ runs again (its lock lost while Redis was frozen) does not post the card twice.
 */
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type CardDeliveries, deliverCard } from '../chat/invocation.js';
import type { RedisTarget } from '../config.js';
import type { Logger } from '../log.js';
import { jobsFinished } from '../metrics.js';
import { connectRedis } from '../redis-connection.js';
import { isConnectionError, type RedisTrouble, redisRetryStrategy } from '../redis-trouble.js';
import { type DeliveryJobData, deliveryQueueName } from './card-outbox.js';
import { mayShowCard } from './newest-card.js';
import { BACKOFF_TYPE, forBullmq, isRetryable, retryDelayMs } from './retry-policy.js';
import { stalledJobOptions } from './stalled-jobs.js';

export interface CardDeliveryWorkerOptions {
  /** Where Redis is (config.redis): the worker opens a blocking connection of its own there. */
  redis: RedisTarget;
  prefix: string;
  deliveries: CardDeliveries;
  log: Logger;
  concurrency: number;
  queueName?: string;
  stalledMs?: number;
  /** Where connection errors go (one line per retry interval); other worker errors are logged as they come. */
  redisTrouble?: RedisTrouble;
}

/** How long a delivery is remembered as done: as long as BullMQ keeps the completed job (card-outbox.ts). */
const DELIVERED_TTL_MS = 3600_000;

export class CardDeliveryWorker {
  readonly worker: Worker<DeliveryJobData>;
  private readonly connection: Redis;

  constructor(private readonly options: CardDeliveryWorkerOptions) {
    this.connection = connectRedis(options.redis, { maxRetriesPerRequest: null, retryStrategy: redisRetryStrategy });
    if (options.redisTrouble) options.redisTrouble.watch(this.connection);
    else this.connection.on('error', (err) => options.log.warn({ err }, 'delivery worker connection: Redis error'));
    this.worker = new Worker<DeliveryJobData>(deliveryQueueName(options.queueName), (job) => this.process(job), {
      connection: this.connection,
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
    this.worker.on('error', (err) => {
      if (options.redisTrouble && isConnectionError(err)) options.redisTrouble.report(err);
      else options.log.error({ err }, 'delivery worker error');
    });
  }

  async waitUntilReady(): Promise<void> {
    await this.worker.waitUntilReady();
  }

  isRunning(): boolean {
    return this.worker.isRunning();
  }

  async close(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const outOfTime = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const result = await Promise.race([this.worker.close(false).then(() => 'done' as const), outOfTime]);
    clearTimeout(timer);
    if (result === 'timeout') await this.worker.close(true);
    await this.connection.quit().catch(() => this.connection.disconnect());
  }

  private async process(job: Job<DeliveryJobData>): Promise<void> {
    const { target, card, requestId, madeAt } = job.data;
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    const log = this.options.log.child({ jobId: job.id, requestId, attempt, platform: target.platform });
    const done = `${this.options.prefix}:deliveries:done:${job.id}`;
    try {
      // Delivered, but BullMQ never heard (its lock expired while Redis was frozen, say): it runs the job again.
      if ((await this.connection.exists(done)) === 1) {
        log.info('this card was delivered already; not again');
        return;
      }
      if (!(await mayShowCard(this.connection, this.options.prefix, target, madeAt))) {
        log.info('a newer card is already in place; this one is not shown');
        return;
      }
      await deliverCard(this.options.deliveries, target, card);
      await this.connection.set(done, '1', 'PX', DELIVERED_TTL_MS);
      jobsFinished.inc({ job: job.name, outcome: 'completed' });
    } catch (err) {
      const retry = isRetryable(err) && attempt < maxAttempts;
      jobsFinished.inc({ job: job.name, outcome: retry ? 'retry' : 'failed' });
      if (retry) log.warn({ err }, 'the chat platform refused the card; delivering it again later');
      else log.error({ err }, 'the card could not be delivered');
      throw forBullmq(err);
    }
  }
}
