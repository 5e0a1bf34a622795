/** A command that asks for a job no file in `jobs/` defines is caught when the process starts, in every role. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { APPLY_CHANGE_JOB, CHANGE_REQUEST_JOB, EXPIRE_APPROVAL_JOB } from '../../src/changes/job-names.js';
import { ERROR_CODES } from '../../src/coded-error.js';
import { loadJobs } from '../../src/queue/job-registry.js';
import { defineCommand } from '../../src/router/command-definition.js';
import { CommandRegistry } from '../../src/router/command-registry.js';
import { assertCommandJobsExist, unknownJobs } from '../../src/router/job-names-check.js';
import { loadCommands } from '../../src/router/load.js';

describe('every command asks for a job that exists', () => {
  it('holds for the commands and jobs in the repository, and for the jobs the change flow schedules', async () => {
    const [{ commands }, jobs] = await Promise.all([loadCommands(), loadJobs()]);
    expect(
      unknownJobs(commands, new Set(jobs.names()), [CHANGE_REQUEST_JOB, APPLY_CHANGE_JOB, EXPIRE_APPROVAL_JOB]),
    ).toEqual([]);
  });

  it('a typo in a job name, an example that is not its command, and a missing scheduled job are each named', () => {
    const typo = defineCommand({
      name: 'status',
      summary: 'status',
      usage: 'status',
      examples: ['status', 'doctor'],
      role: 'viewer',
      args: z.object({}),
      job: () => ({ name: 'stauts', payload: {} }),
    });
    const commands = new CommandRegistry([typo]);
    expect(unknownJobs(commands, new Set(['status']), ['apply-change'])).toEqual([
      '"status" asks for the job "stauts", which is not in jobs/',
      '"status": the example "doctor" is not this command',
      'the job "apply-change" is scheduled by the bot but is not in jobs/',
    ]);
    let thrown: unknown;
    try {
      assertCommandJobsExist(commands, new Set(['status']));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code: ERROR_CODES.startupDefinitions, retryable: false });
  });
});
