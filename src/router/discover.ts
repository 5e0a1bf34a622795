/**
 * Finds the modules in a folder (`commands/`, `jobs/`) so that adding a command or a job is adding a file:
 * nothing else has to list it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The project's top folder, where `commands/` and `jobs/` live. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const COMMANDS_DIR = join(PROJECT_ROOT, 'commands');
export const JOBS_DIR = join(PROJECT_ROOT, 'jobs');

export function moduleFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(ts|js|mjs)$/.test(f) && !/\.(d|test|spec)\.ts$/.test(f) && !f.startsWith('_'))
    .sort()
    .map((f) => join(dir, f));
}

/** Imports every module in `dir` and returns each one's exports, with its file for error messages. */
export async function importAll(dir: string): Promise<{ file: string; exports: Record<string, unknown> }[]> {
  return Promise.all(
    moduleFiles(dir).map(async (file) => ({
      file,
      exports: (await import(pathToFileURL(file).href)) as Record<string, unknown>,
    })),
  );
}
