/**
 * `npm run bench`: every benchmark in `bench/`, one after another (they share the machine, so never in parallel).
 * Exits non-zero if any of them failed; the others still run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const self = basename(fileURLToPath(import.meta.url));
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== self && !f.startsWith('_'))
  .sort();

const failed: string[] = [];
for (const file of benches) {
  console.log(`\n=== bench/${file} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(dir, file), ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: join(dir, '..'),
  });
  if (result.status !== 0) failed.push(file);
}
console.log(failed.length === 0 ? `\n${benches.length} benchmarks ran.` : `\nFailed: ${failed.join(', ')}`);
process.exitCode = failed.length === 0 ? 0 : 1;
