/**
 * Something a test file (or a describe block) starts before its tests and closes after them, declared in one line:
 * `const h = useStarted(() => startHarness(), (h) => h.close())`. The object returned stands for the started one
 * (`h.slash(...)`), so the tests read as if they held it directly.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';

export function useStarted<T extends object>(
  start: () => Promise<T>,
  close: (started: T) => Promise<unknown>,
  timeoutMs = 30_000,
): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  }, timeoutMs);
  afterAll(async () => {
    if (started) await close(started);
  }, timeoutMs);
  return new Proxy({} as T, {
    get(_, key) {
      if (!started) throw new Error('used before it started (use it inside a test)');
      const value = Reflect.get(started, key);
      // Methods keep their object: `h.slash(...)` through the stand-in calls the harness's own method.
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}

/**
 * What each test starts for itself, closed after that test whatever its outcome, declared in one line:
 * `const closing = closedAfterEach((fake: TwilioFake) => fake.close())`, then in a test
 * `const fake = closing(await startFake())`.
 */
export function closedAfterEach<T>(close: (started: T) => Promise<unknown>): (started: T) => T {
  const open: T[] = [];
  afterEach(async () => {
    for (const started of open.splice(0)) await close(started);
  });
  return (started) => {
    open.push(started);
    return started;
  };
}
