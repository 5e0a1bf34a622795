/** Job name -> processor, built from the `jobs/` folder (each module's default export is a `defineJob` result). */

import { basename } from 'node:path';
import { CodedError, ERROR_CODES } from '../coded-error.js';
import { importAll, JOBS_DIR } from '../router/discover.js';
import type { JobDefinition } from './job-definition.js';

/** The jobs/ folder does not make one registry (two jobs of a name, a module that is not a job). */
export function jobRegistryError(message: string): CodedError {
  return new CodedError({ code: ERROR_CODES.startupDefinitions, message, retryable: false });
}

export class JobRegistry {
  private readonly byName = new Map<string, JobDefinition>();

  constructor(jobs: Iterable<JobDefinition> = []) {
    for (const job of jobs) this.add(job);
  }

  add(job: JobDefinition): this {
    if (this.byName.has(job.name)) throw jobRegistryError(`Two jobs are named "${job.name}"`);
    this.byName.set(job.name, job);
    return this;
  }

  get(name: string): JobDefinition | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}

function isJob(value: unknown): value is JobDefinition {
  const j = value as Partial<JobDefinition> | undefined;
  return typeof j?.name === 'string' && typeof j.run === 'function';
}

export async function loadJobs(dir: string = JOBS_DIR): Promise<JobRegistry> {
  const registry = new JobRegistry();
  for (const { file, exports } of await importAll(dir)) {
    if (!isJob(exports.default)) {
      throw jobRegistryError(`jobs/${basename(file)}: the default export must be a job made with defineJob()`);
    }
    registry.add(exports.default);
  }
  return registry;
}
