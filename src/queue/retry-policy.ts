/**
 * When a failed job is tried again, and after how long.
 *
 * Every error of the bot's says whether it is worth another attempt (`CodedError.retryable`, src/coded-error.ts):
 * a vendor's 4xx will fail the same way every time, so it fails at once (BullMQ's `UnrecoverableError`); 429, 5xx
 * and "unreachable" retry with exponential backoff, never sooner than the vendor's Retry-After. Anything else (a
 * thrown value that is not a `CodedError`) is retried like a transient failure.
 */
import { UnrecoverableError } from 'bullmq';
import { isCodedError } from '../coded-error.js';
import { isVendorError } from '../vendors/vendor-error.js';

/** The backoff type jobs are added with; the worker's strategy answers for it. */
export const BACKOFF_TYPE = 'vendor';
/** Longest wait between two attempts, whatever Retry-After says: a person is waiting for the card. */
export const MAX_RETRY_DELAY_MS = 5 * 60_000;

export function isRetryable(err: unknown): boolean {
  if (err instanceof UnrecoverableError) return false;
  if (isCodedError(err)) return err.retryable;
  return true;
}

/** Delay before attempt `attemptsMade + 1`: base, 2x base, 4x base…, at least the vendor's Retry-After. */
export function retryDelayMs(attemptsMade: number, err: unknown, baseMs: number): number {
  const exponential = baseMs * 2 ** Math.max(0, attemptsMade - 1);
  const retryAfterMs = isVendorError(err) && err.retryAfterSeconds !== undefined ? err.retryAfterSeconds * 1000 : 0;
  return Math.min(MAX_RETRY_DELAY_MS, Math.max(exponential, retryAfterMs));
}

/** What the processor rethrows so BullMQ does the right thing. */
export function forBullmq(err: unknown): Error {
  if (isRetryable(err)) return err instanceof Error ? err : new Error(String(err));
  if (err instanceof UnrecoverableError) return err;
  const unrecoverable = new UnrecoverableError(err instanceof Error ? err.message : String(err));
  unrecoverable.cause = err;
  return unrecoverable;
}
