/**
 * `npm run bench`: every benchmark in `bench/`, one after another (they share the machine, so never in parallel).
 * Exits non-zero if any of them failed; the others still run. They share one Redis: REDIS_URL, or the one at the
 * default address, or a private `redis-server` for this run (src/redis-bootstrap.ts).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, hasCode } from '../src/coded-error.js';
import { ensureRedis } from '../src/redis-bootstrap.js';

const dir = dirname(fileURLToPath(import.meta.url));
const self = basename(fileURLToPath(import.meta.url));
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== self && !f.startsWith('_'))
  .sort();

let redis: Awaited<ReturnType<typeof ensureRedis>>;
try {
  redis = await ensureRedis({ allowPrivate: true });
} catch (err) {
  if (!hasCode(err, ERROR_CODES.redisUnavailable)) throw err;
  console.error(err.message);
  process.exit(1);
}

const failed: string[] = [];
for (const file of benches) {
  console.log(`\n=== bench/${file} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(dir, file), ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: join(dir, '..'),
    env: { ...process.env, REDIS_URL: redis.url },
  });
  if (result.status !== 0) failed.push(file);
}
console.log(failed.length === 0 ? `\n${benches.length} benchmarks ran.` : `\nFailed: ${failed.join(', ')}`);
await redis.stop();
process.exitCode = failed.length === 0 ? 0 : 1;
