/**
 * The queue every command's job goes through (BullMQ on Redis). A job carries the invocation (so any replica's
 * worker can answer in the right place) and the command's payload.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Invocation } from '../chat/invocation.js';
import { watchQueueDepth } from '../metrics.js';
import type { JobRequest } from './job-request.js';
import type { JobScheduler, ScheduleOptions } from './job-scheduler.js';
import { BACKOFF_TYPE } from './retry-policy.js';

export const COMMAND_QUEUE = 'commands';

export interface QueuedJobData {
  invocation: Invocation;
  payload: unknown;
}

export interface CommandQueueOptions {
  /** Redis key prefix (QUEUE_PREFIX). */
  prefix: string;
  /** JOB_ATTEMPTS */
  attempts: number;
  /** First retry delay; doubles each attempt. */
  backoffBaseMs?: number;
  queueName?: string;
  /** Where the queue's Redis errors go (the logger); without a listener BullMQ prints them raw to stderr. */
  onError?: (err: Error) => void;
}

export type EnqueueOptions = ScheduleOptions;

/** BullMQ job ids may not contain `:` and may not be all digits. */
export function toJobId(id: string): string {
  const safe = id.replace(/:/g, '-');
  return /^\d+$/.test(safe) ? `j-${safe}` : safe;
}

export class CommandQueue implements JobScheduler {
  readonly queue: Queue<QueuedJobData>;
  private readonly stopWatching: () => void;

  constructor(
    connection: Redis,
    private readonly options: CommandQueueOptions,
  ) {
    const name = options.queueName ?? COMMAND_QUEUE;
    this.queue = new Queue<QueuedJobData>(name, { connection, prefix: options.prefix });
    this.queue.on('error', options.onError ?? (() => undefined));
    this.stopWatching = watchQueueDepth(`${options.prefix}:${name}`, () =>
      this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed'),
    );
  }

  async enqueue(job: JobRequest, invocation: Invocation, options: EnqueueOptions = {}): Promise<string> {
    const jobId = toJobId(options.jobId ?? invocation.requestId);
    await this.queue.add(
      job.name,
      { invocation, payload: job.payload },
      {
        jobId,
        ...(options.delayMs !== undefined && options.delayMs > 0 ? { delay: Math.ceil(options.delayMs) } : {}),
        attempts: this.options.attempts,
        backoff: { type: BACKOFF_TYPE, delay: this.options.backoffBaseMs ?? 1000 },
        removeOnComplete: { age: 3600, count: 1000 },
        removeOnFail: { age: 7 * 86400 },
      },
    );
    return jobId;
  }

  /**
   * Runs `job` every `everyMs` through a BullMQ job scheduler: one schedule per id in Redis, so every replica may
   * call this at start and the job still runs once per period.
   */
  async schedule(schedulerId: string, everyMs: number, job: JobRequest, invocation: Invocation): Promise<void> {
    await this.queue.upsertJobScheduler(
      schedulerId,
      { every: everyMs },
      {
        name: job.name,
        data: { invocation, payload: job.payload },
        opts: { attempts: 1, removeOnComplete: { count: 10 }, removeOnFail: { count: 100 } },
      },
    );
  }

  /** Removes a job that has not started (a delayed one, typically); true when there was one to remove. */
  async remove(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(toJobId(jobId));
    if (!job || (await job.isActive())) return false;
    try {
      await job.remove();
      return true;
    } catch {
      // It was picked up between the two calls (BullMQ refuses to remove a locked job): let it run.
      return false;
    }
  }

  async close(): Promise<void> {
    this.stopWatching();
    await this.queue.close();
  }
}
