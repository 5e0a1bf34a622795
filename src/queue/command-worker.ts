/**
 * The worker: takes jobs from the command queue, runs their processor from `jobs/`, and hands the resulting card
 * to the outbox, addressed where the invocation says (the "working on it" message becomes the answer). A job that
 * fails for good sends an error card there instead, with a reference that is also logged. Delivering is the
 * outbox's job (card-outbox.ts): a chat platform refusing the card never runs this job again.
 */
import { setMaxListeners } from 'node:events';
import { type Job, WaitingError, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Card } from '../cards/card.js';
import { replyMessage } from '../chat/invocation.js';
import { CodedError, ERROR_CODES, hasCode } from '../coded-error.js';
import type { RedisTarget } from '../config.js';
import type { Logger } from '../log.js';
import { jobDuration, jobsFinished } from '../metrics.js';
import { errorCard, VENDOR_LABEL } from '../presentation/error-card.js';
import { retryingCard, type VendorDelay } from '../presentation/working-text.js';
import type { RedisTrouble } from '../redis-trouble.js';
import { newReference } from '../reference.js';
import type { Services } from '../services.js';
import { withCallBudget } from '../vendors/call-budget.js';
import { isVendorError } from '../vendors/vendor-error.js';
import type { CardOutbox } from './card-outbox.js';
import { abandonedKey, COMMAND_QUEUE, localQueueName, type QueuedJobData } from './command-queue.js';
import type { JobRegistry } from './job-registry.js';
import { forBullmq, isRetryable, retryDelayMs } from './retry-policy.js';
import { closeWorkerLanes, startWorkerLane, type WorkerLane } from './worker-lane.js';

export interface CommandWorkerOptions {
  /** Where Redis is (config.redis): the worker opens a blocking connection of its own there. */
  redis: RedisTarget;
  prefix: string;
  jobs: JobRegistry;
  services: Services;
  /** Where the cards go: each is delivered by a job of its own, so a refused card never re-runs this job. */
  outbox: CardOutbox;
  /** Marks every card this worker sends (the sandbox's "fake vendors" mark). */
  markCard?: (card: Card) => Card;
  log: Logger;
  concurrency: number;
  queueName?: string;
  /**
   * WORKER_STALLED_SECONDS: a job whose worker died is taken over by another one within this long (see
   * stalled-jobs.ts). BullMQ's own default would be up to 60 s.
   */
  stalledMs?: number;
  /** Where connection errors go (one line per retry interval); other worker errors are logged as they come. */
  redisTrouble?: RedisTrouble;
  /** One attempt's time budget (JOB_TIMEOUT_SECONDS): its signal aborts then, and the vendor clients stop waiting. */
  jobTimeoutMs: number;
}

/** What a failed attempt says about the vendors, when it was the vendors that made it fail. */
export function vendorDelayOf(err: unknown): VendorDelay | undefined {
  if (hasCode(err, ERROR_CODES.snapshotWait)) return { kind: 'not-answering', vendor: 'Genesys Cloud or Twilio' };
  if (!isVendorError(err) || !err.retryable) return undefined;
  const vendor = VENDOR_LABEL[err.vendor];
  return err.status === 429 ? { kind: 'rate-limited', vendor } : { kind: 'not-answering', vendor };
}

/**
 * Why a job's time budget aborts when its worker shuts down (its own deadline aborts with no reason given): the job
 * was interrupted, not out of time, and goes back to the queue instead of being retried or failed.
 */
const SHUTTING_DOWN = Symbol('the worker is shutting down');

export class CommandWorker {
  /** The vendor lane's worker. */
  readonly worker: Worker<QueuedJobData>;
  /** The local lane's worker (jobs that call no vendor): a slow vendor never holds its slots. */
  readonly localWorker: Worker<QueuedJobData>;
  private readonly lanes: WorkerLane<QueuedJobData>[];
  /** The time budgets of the jobs running now. */
  private readonly running = new Set<AbortController>();

  constructor(private readonly options: CommandWorkerOptions) {
    const name = options.queueName ?? COMMAND_QUEUE;
    this.lanes = [name, localQueueName(name)].map((queue) =>
      startWorkerLane<QueuedJobData>(queue, options, 'worker', (job, connection, token) =>
        this.process(job, connection, token),
      ),
    );
    this.worker = this.lanes[0]!.worker;
    this.localWorker = this.lanes[1]!.worker;
  }

  async waitUntilReady(): Promise<void> {
    await Promise.all([this.worker.waitUntilReady(), this.localWorker.waitUntilReady()]);
  }

  isRunning(): boolean {
    return this.worker.isRunning() && this.localWorker.isRunning();
  }

  /**
   * Stops taking jobs; running ones get `graceMs` to finish. Those still running then are interrupted: their time
   * budget aborts (the vendor clients stop waiting at once, src/vendors/call-budget.ts) and each goes back to the
   * queue, without counting as an attempt, for another worker to take at once, instead of waiting for its lock to
   * lapse (WORKER_STALLED_SECONDS) as a job of a killed worker does.
   */
  async close(graceMs: number): Promise<void> {
    let interrupted = 0;
    const stillRunning = await closeWorkerLanes(this.lanes, graceMs, () => {
      interrupted = this.running.size;
      for (const budget of this.running) budget.abort(SHUTTING_DOWN);
    });
    if (stillRunning) {
      this.options.log.warn(
        { graceMs, interrupted },
        'jobs still running at the end of the shutdown grace period: interrupted and handed back to the queue',
      );
    }
  }

  /** A job its worker's shutdown interrupted: back to waiting, for another worker, its attempts unchanged. */
  private async handBack(job: Job<QueuedJobData>, token: string | undefined, log: Logger): Promise<never> {
    log.info('job interrupted by the shutdown; back in the queue for another worker');
    jobsFinished.inc({ job: job.name, outcome: 'interrupted' });
    await job.moveToWait(token);
    // BullMQ's way of saying the processor moved the job itself (https://docs.bullmq.io/patterns/manual-retrying).
    throw new WaitingError();
  }

  private send(job: Job<QueuedJobData>, invocation: QueuedJobData['invocation'], card: Card): Promise<void> {
    const marked = this.options.markCard ? this.options.markCard(card) : card;
    return this.options.outbox.send(invocation.reply, marked, {
      key: job.id ?? invocation.requestId,
      requestId: invocation.requestId,
      madeAt: this.options.services.now(),
    });
  }

  /**
   * A job waiting for a slow or rate-limiting vendor says so where its answer will appear: the "working on it" note
   * becomes "Genesys Cloud is not answering; retrying in N s, the card will update". Each attempt's note is a
   * delivery of its own (the final card's key stays free), and an older card never replaces a newer one.
   */
  private async tellRetrying(job: Job<QueuedJobData>, err: unknown, attempt: number, log: Logger): Promise<void> {
    const { invocation } = job.data;
    const delay = vendorDelayOf(err);
    if (!delay || invocation.reply.platform === 'cli') return;
    // Only a note that replaces a message: with none to replace (a watch job posting in the alert channel) each
    // attempt's note would be one more message in the channel.
    const canReplace = replyMessage(invocation.reply) !== undefined || typeof invocation.reply.responseUrl === 'string';
    if (!canReplace) return;
    const base = typeof job.opts.backoff === 'object' ? (job.opts.backoff.delay ?? 1000) : 1000;
    const card = retryingCard(invocation.text, delay, retryDelayMs(attempt, err, base));
    const marked = this.options.markCard ? this.options.markCard(card) : card;
    try {
      await this.options.outbox.send(invocation.reply, marked, {
        key: `${job.id ?? invocation.requestId}-retry-${attempt}`,
        requestId: invocation.requestId,
        madeAt: this.options.services.now(),
      });
    } catch (sendErr) {
      log.warn({ err: sendErr }, 'could not queue the retrying note');
    }
  }

  private async process(
    job: Job<QueuedJobData>,
    connection: Redis,
    token: string | undefined,
  ): Promise<{ delivered: true }> {
    const { invocation, payload } = job.data;
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    const log = this.options.log.child({ jobId: job.id, job: job.name, requestId: invocation.requestId, attempt });
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    if (job.id && (await connection.exists(abandonedKey(this.options.prefix, job.queueName, job.id))) === 1) {
      // Its add timed out and the person was told it was not taken: answering now would answer twice.
      log.info('job added after its enqueue timed out; not run');
      jobsFinished.inc({ job: job.name, outcome: 'abandoned' });
      return { delivered: true };
    }
    const budget = new AbortController();
    // Every vendor call in flight listens to it (a snapshot makes a few dozen at once): not a leak.
    setMaxListeners(0, budget.signal);
    const deadline = Date.now() + this.options.jobTimeoutMs;
    const timer = setTimeout(() => budget.abort(), this.options.jobTimeoutMs);
    this.running.add(budget);
    try {
      const definition = this.options.jobs.get(job.name);
      if (!definition) {
        throw new CodedError({
          code: ERROR_CODES.unknownJob,
          message: `No processor in jobs/ handles "${job.name}"`,
          retryable: false,
        });
      }
      const { signal } = budget;
      const card = await withCallBudget({ signal, deadline }, () =>
        definition.run(payload, {
          invocation,
          log,
          services: this.options.services,
          attempt,
          maxAttempts,
          jobId: job.id ?? '',
          signal,
          deadline,
        }),
      );
      // A result made while vendor calls were being cut short is not an answer: another worker makes it again.
      if (budget.signal.reason === SHUTTING_DOWN) return await this.handBack(job, token, log);
      if (card) await this.send(job, invocation, card);
      jobDuration.observe({ job: job.name, outcome: 'completed' }, seconds());
      jobsFinished.inc({ job: job.name, outcome: 'completed' });
      log.info({ ms: Math.round(seconds() * 1000) }, 'job completed');
      return { delivered: true };
    } catch (err) {
      if (err instanceof WaitingError) throw err;
      if (budget.signal.reason === SHUTTING_DOWN) return await this.handBack(job, token, log);
      const retryable = isRetryable(err);
      if (retryable && attempt < maxAttempts) {
        jobDuration.observe({ job: job.name, outcome: 'retry' }, seconds());
        jobsFinished.inc({ job: job.name, outcome: 'retry' });
        log.warn({ err }, 'job attempt failed; will retry');
        await this.tellRetrying(job, err, attempt, log);
        throw forBullmq(err);
      }
      const reference = newReference();
      jobDuration.observe({ job: job.name, outcome: 'failed' }, seconds());
      jobsFinished.inc({ job: job.name, outcome: 'failed' });
      log.error({ err, reference }, 'job failed');
      const card = errorCard({ err, reference, commandText: invocation.text, attempts: attempt });
      try {
        await this.send(job, invocation, card);
      } catch (deliveryErr) {
        log.error({ err: deliveryErr, reference }, 'could not queue the error card');
      }
      throw forBullmq(err);
    } finally {
      clearTimeout(timer);
      this.running.delete(budget);
    }
  }
}
