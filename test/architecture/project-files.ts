/** The production source the architecture tests read from disk, so a new file is checked without being listed. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PRODUCTION_FOLDERS = ['src', 'commands', 'jobs'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Every production source file (project path with `/` -> its text). */
export function productionSources(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const folder of PRODUCTION_FOLDERS) {
    for (const file of sourceFiles(join(ROOT, folder))) {
      files[relative(ROOT, file).split(sep).join('/')] = readFileSync(file, 'utf8');
    }
  }
  return files;
}
