/** Waiting for the bot, which answers asynchronously: tests, the benchmarks and the try-it endpoints poll the fakes. */
import { CodedError, ERROR_CODES } from '../coded-error.js';

/**
 * Polls `find` every 10 ms until it returns something; after `timeoutMs`, a `sandbox.wait-timeout` coded error
 * whose message names the fake (`Fake Slack`) and what it waited for.
 */
export async function pollUntil<T>(
  fake: string,
  what: string,
  find: () => T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) {
      throw new CodedError({
        code: ERROR_CODES.sandboxWaitTimeout,
        message: `${fake}: gave up after ${timeoutMs} ms waiting for ${what}`,
        retryable: false,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
