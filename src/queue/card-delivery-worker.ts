/**
 * Runs the outbox's delivery jobs (see card-outbox.ts): puts each card where its reply target points through the
 * platform's `CardDelivery`. A refusal worth retrying (429, 5xx, unreachable) goes back to BullMQ with a delay of
 * at least the platform's Retry-After; anything else (a deleted channel, a platform this process cannot post to)
 * fails the delivery at once and is logged with the request id. An older card never replaces a newer one at the
 * same target: each delivery records its card's time, atomically, and a late one is dropped. A delivery done is
 * remembered, so one that BullMQ runs again (its lock lost while Redis was frozen) does not post the card twice.
 */
import type { Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type CardDeliveries, deliverCard } from '../chat/invocation.js';
import type { RedisTarget } from '../config.js';
import type { Logger } from '../log.js';
import { jobsFinished } from '../metrics.js';
import type { RedisTrouble } from '../redis-trouble.js';
import { type DeliveryJobData, deliveryQueueName } from './card-outbox.js';
import { mayShowCard } from './newest-card.js';
import { forBullmq, isRetryable } from './retry-policy.js';
import { closeWorkerLanes, startWorkerLane, type WorkerLane } from './worker-lane.js';

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
  private readonly lane: WorkerLane<DeliveryJobData>;
  private readonly connection: Redis;

  constructor(private readonly options: CardDeliveryWorkerOptions) {
    this.lane = startWorkerLane<DeliveryJobData>(
      deliveryQueueName(options.queueName),
      options,
      'delivery worker',
      (job) => this.process(job),
    );
    this.worker = this.lane.worker;
    this.connection = this.lane.connection;
  }

  async waitUntilReady(): Promise<void> {
    await this.worker.waitUntilReady();
  }

  isRunning(): boolean {
    return this.worker.isRunning();
  }

  async close(graceMs: number): Promise<void> {
    await closeWorkerLanes([this.lane], graceMs);
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
