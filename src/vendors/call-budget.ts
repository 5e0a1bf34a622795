/**
 * The time a job has left, for the vendor clients far below it. The worker runs each job inside `withCallBudget`
 * (JOB_TIMEOUT_SECONDS from the moment the attempt starts); the Genesys and Twilio clients, the Genesys rate limiter
 * and the snapshot waiter read `currentBudget()` and stop waiting (for an answer, a retry's pause, a rate-limit slot,
 * another replica's snapshot) as soon as its signal aborts. AsyncLocalStorage carries the budget through every
 * await, so nothing between a job and a client needs a parameter for it; the job also gets the same signal in its
 * context. Outside a job (the CLI, the trunk watcher) there is no budget and the clients wait as they always did.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface CallBudget {
  /** Aborts when the attempt's time is up. */
  readonly signal: AbortSignal;
  /** When the time is up, in ms since the epoch. */
  readonly deadline: number;
}

/** The `code` of the error a vendor client throws when the job's time ran out while it waited for the vendor. */
export const OUT_OF_TIME_CODE = 'job.out.of.time';

const store = new AsyncLocalStorage<CallBudget>();

export function withCallBudget<T>(budget: CallBudget, run: () => Promise<T>): Promise<T> {
  return store.run(budget, run);
}

export function currentBudget(): CallBudget | undefined {
  return store.getStore();
}

/** Milliseconds the current job has left; Infinity outside a job. */
export function remainingMs(budget: CallBudget | undefined = currentBudget(), now = Date.now()): number {
  return budget ? Math.max(0, budget.deadline - now) : Number.POSITIVE_INFINITY;
}

/**
 * `work`, unless `signal` aborts first: then rejects with `outOfTime()` at once. The work itself is not cancelled
 * (an SDK request cannot be); it ends on its own timeout and its result is dropped.
 */
export function unlessAborted<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  outOfTime: () => Error,
): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(outOfTime());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(outOfTime());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
