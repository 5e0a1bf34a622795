/**
 * What jobs and button handlers may do with the queue: schedule another job (an approval's expiry, the change
 * itself) and take a scheduled one back. The command queue is one; jobs never see BullMQ or Redis through it.
 */
import type { Invocation } from '../chat/invocation.js';
import type { JobRequest } from './job-request.js';

export interface ScheduleOptions {
  /** Makes a repeated enqueue a no-op while the job exists (e.g. an approval id). Defaults to the request id. */
  jobId?: string;
  /** Runs the job no sooner than this many milliseconds from now (e.g. an approval's expiry). */
  delayMs?: number;
  /** Tries for retryable failures, instead of JOB_ATTEMPTS (a job that posts to chat retries like a card delivery). */
  attempts?: number;
}

export interface JobScheduler {
  /** Adds the job; returns its id. */
  enqueue(job: JobRequest, invocation: Invocation, options?: ScheduleOptions): Promise<string>;
  /** Takes back a job that has not started; false when there is none or it is running. */
  remove(jobId: string): Promise<boolean>;
}

/**
 * Jobs that repeat on a schedule (BullMQ job schedulers: upserting one changes its period in place). The command
 * queue's BullMQ queue is one; the watch's safety-net poll uses it.
 */
export interface RepeatingJobs {
  upsertJobScheduler(
    id: string,
    repeat: { every: number },
    template: { name: string; data: unknown; opts?: Record<string, unknown> },
  ): Promise<unknown>;
  removeJobScheduler(id: string): Promise<unknown>;
}
