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

/**
 * What a scheduled run (the approval sweeper, the watch's poll) leaves in Redis when it ends: nothing. A finishing
 * job's keep options are applied to its queue's whole completed (or failed) set, whatever the names of the jobs in it
 * (BullMQ, "KeepJobs": https://docs.bullmq.io/api/types/v6.KeepJobs.html, and "Auto-removal of jobs":
 * https://docs.bullmq.io/guide/queues/auto-removal-of-jobs). A run that kept "the last 10" every few seconds would
 * drop the records of every command and change job of its lane within seconds, and those records are what make
 * enqueueing the same job id again a no-op (the sweeper re-enqueueing a change, a redelivered request). A run removed
 * as it finishes removes only itself; the worker logs a failed one.
 */
export const SCHEDULED_RUN_REMOVAL = { removeOnComplete: true, removeOnFail: true } as const;
