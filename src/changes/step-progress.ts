/**
 * Which steps of a change job already sent a write, kept in Redis under the approval id. The applier is
 * idempotent (a step already in place is skipped), so a job re-run after its worker died applies the change once;
 * this record only lets the re-run tell "in place because the first run wrote it" (report: applied) from "was
 * already in place" (report: nothing changed).
 */
import type { Redis } from 'ioredis';

export interface StepProgress {
  /** Called just before a step's first write is sent. */
  markAttempted(stepIndex: number): Promise<void>;
  /** True when an earlier run of the job sent (or was about to send) a write for this step. */
  wasAttempted(stepIndex: number): Promise<boolean>;
  clear(): Promise<void>;
}

/** Kept as long as an approval is (7 days), so a late re-run still knows. */
const PROGRESS_TTL_SECONDS = 7 * 24 * 3600;

export function redisStepProgress(redis: Redis, prefix: string, approvalId: string): StepProgress {
  const key = `${prefix}:change:${approvalId}:attempted`;
  return {
    async markAttempted(stepIndex) {
      await redis.multi().hset(key, String(stepIndex), '1').expire(key, PROGRESS_TTL_SECONDS).exec();
    },
    async wasAttempted(stepIndex) {
      return (await redis.hexists(key, String(stepIndex))) === 1;
    },
    async clear() {
      await redis.del(key);
    },
  };
}

/** For a one-shot run with nothing to remember (tests, a CLI). */
export function memoryStepProgress(): StepProgress {
  const attempted = new Set<number>();
  return {
    markAttempted: async (i) => void attempted.add(i),
    wasAttempted: async (i) => attempted.has(i),
    clear: async () => attempted.clear(),
  };
}
