import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Finds or starts the Redis the tests share (see test/redis-setup.ts).
    globalSetup: ['test/redis-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real HTTP servers and share one Redis; files run in parallel, each with its own prefixes.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
