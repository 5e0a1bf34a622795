/**
 * The queue every command's job goes through (BullMQ on Redis). A job carries the invocation (so any replica's
 * worker can answer in the right place) and the command's payload. It has two lanes, each a BullMQ queue with its
 * own workers: jobs that call a vendor, and jobs that do not (`JobLane`), which never wait behind a slow vendor.
 */
import { type JobState, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Invocation } from '../chat/invocation.js';
import { ERROR_CODES, hasCode } from '../coded-error.js';
import { watchQueueDepth } from '../metrics.js';
import { withRedisTimeout } from '../redis-trouble.js';
import type { JobLane } from './job-definition.js';
import type { JobRequest } from './job-request.js';
import { type JobScheduler, SCHEDULED_RUN_REMOVAL, type ScheduleOptions } from './job-scheduler.js';
import { BACKOFF_TYPE } from './retry-policy.js';

export const COMMAND_QUEUE = 'commands';

/** The queue of the jobs that call no vendor (see `JobLane`), named after the command queue. */
export function localQueueName(commandQueueName: string = COMMAND_QUEUE): string {
  return `${commandQueueName}-local`;
}

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
  /** The lane of a job by name (from the job definitions); a job it does not know waits in the vendor lane. */
  laneOf?: (jobName: string) => JobLane | undefined;
}

export interface EnqueueOptions extends ScheduleOptions {
  /**
   * How long the add may wait for Redis (a frozen Redis never answers): then a `redis.timeout` coded error, and the
   * job is marked abandoned so that, should the add still reach Redis later, no worker runs it (the person was told
   * it was not taken). Without it the add waits as long as the connection does.
   */
  timeoutMs?: number;
}

/**
 * The mark of a job whose add timed out. It is sent on the connection that sent the add, after it, so Redis runs it
 * after the add if the add runs at all; the worker looks for it before running a job.
 */
export function abandonedKey(prefix: string, queueName: string, jobId: string): string {
  return `${prefix}:${queueName}:abandoned:${jobId}`;
}
const ABANDONED_TTL_MS = 7 * 86_400_000;

/** BullMQ job ids may not contain `:` and may not be all digits. */
export function toJobId(id: string): string {
  const safe = id.replace(/:/g, '-');
  return /^\d+$/.test(safe) ? `j-${safe}` : safe;
}

export class CommandQueue implements JobScheduler {
  /** The vendor lane: every job but those marked `local`. */
  readonly queue: Queue<QueuedJobData>;
  /** The local lane: jobs that call no vendor, run by a worker of their own. */
  readonly localQueue: Queue<QueuedJobData>;
  private readonly stopWatching: (() => void)[];

  constructor(
    private readonly connection: Redis,
    private readonly options: CommandQueueOptions,
  ) {
    const name = options.queueName ?? COMMAND_QUEUE;
    this.queue = new Queue<QueuedJobData>(name, { connection, prefix: options.prefix });
    this.localQueue = new Queue<QueuedJobData>(localQueueName(name), { connection, prefix: options.prefix });
    this.stopWatching = [this.queue, this.localQueue].map((queue) => {
      queue.on('error', options.onError ?? (() => undefined));
      return watchQueueDepth(`${options.prefix}:${queue.name}`, () =>
        queue.getJobCounts('waiting', 'active', 'delayed', 'failed'),
      );
    });
  }

  /** The queue a job of this name waits in. */
  laneQueue(jobName: string): Queue<QueuedJobData> {
    return this.options.laneOf?.(jobName) === 'local' ? this.localQueue : this.queue;
  }

  async enqueue(job: JobRequest, invocation: Invocation, options: EnqueueOptions = {}): Promise<string> {
    const jobId = toJobId(options.jobId ?? invocation.requestId);
    const queue = this.laneQueue(job.name);
    const adding = queue.add(
      job.name,
      { invocation, payload: job.payload },
      {
        jobId,
        ...(options.delayMs !== undefined && options.delayMs > 0 ? { delay: Math.ceil(options.delayMs) } : {}),
        attempts: options.attempts ?? this.options.attempts,
        backoff: { type: BACKOFF_TYPE, delay: this.options.backoffBaseMs ?? 1000 },
        removeOnComplete: { age: 3600, count: 1000 },
        removeOnFail: { age: 7 * 86400 },
      },
    );
    if (options.timeoutMs === undefined) {
      await adding;
      return jobId;
    }
    try {
      await withRedisTimeout(adding, options.timeoutMs);
    } catch (err) {
      if (!hasCode(err, ERROR_CODES.redisTimeout)) throw err;
      this.connection
        .set(abandonedKey(this.options.prefix, queue.name, jobId), '1', 'PX', ABANDONED_TTL_MS)
        .catch(() => undefined);
      throw err;
    }
    return jobId;
  }

  /**
   * Runs `job` every `everyMs` through a BullMQ job scheduler: one schedule per id in Redis, so every replica may
   * call this at start and the job still runs once per period.
   */
  async schedule(schedulerId: string, everyMs: number, job: JobRequest, invocation: Invocation): Promise<void> {
    const lane = this.laneQueue(job.name);
    // A job that changed lanes (a release moved it) leaves its schedule in the other lane's Redis: it would run
    // there too, waiting behind what that lane waits for.
    const other = lane === this.queue ? this.localQueue : this.queue;
    await other.removeJobScheduler(schedulerId);
    await lane.upsertJobScheduler(
      schedulerId,
      { every: everyMs },
      {
        name: job.name,
        data: { invocation, payload: job.payload },
        opts: { attempts: 1, ...SCHEDULED_RUN_REMOVAL },
      },
    );
  }

  /** Jobs in both lanes by state, e.g. `jobCounts('waiting', 'active')`. */
  async jobCounts(...states: JobState[]): Promise<Record<string, number>> {
    const [vendor, local] = await Promise.all([
      this.queue.getJobCounts(...states),
      this.localQueue.getJobCounts(...states),
    ]);
    return Object.fromEntries(states.map((state) => [state, (vendor[state] ?? 0) + (local[state] ?? 0)]));
  }

  /** Removes a job that has not started (a delayed one, typically); true when there was one to remove. */
  async remove(jobId: string): Promise<boolean> {
    const job = (await this.queue.getJob(toJobId(jobId))) ?? (await this.localQueue.getJob(toJobId(jobId)));
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
    for (const stop of this.stopWatching) stop();
    await Promise.all([this.queue.close(), this.localQueue.close()]);
  }
}
