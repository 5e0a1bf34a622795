/** Waiting for the bot, which answers asynchronously: tests, the benchmark and the try-it endpoints poll. */

export class SlackWaitTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`Fake Slack: gave up after ${ms} ms waiting for ${what}`);
    this.name = 'SlackWaitTimeoutError';
  }
}

/** Polls `find` until it returns something; throws `SlackWaitTimeoutError` after `timeoutMs`. */
export async function pollUntil<T>(what: string, find: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new SlackWaitTimeoutError(what, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
