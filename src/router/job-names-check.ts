/**
 * A command names its job by the name in the request it builds; a typo there would only show when a person runs
 * the command. So every process checks at start-up, in every role: each command's examples are planned (parsing
 * only, no I/O) and every job they ask for, and every job the change flow schedules by itself, must be a job in
 * `jobs/`. A wrong name stops the process with the command and the name.
 */

import type { Invocation } from '../chat/invocation.js';
import { CodedError, ERROR_CODES } from '../coded-error.js';
import type { CommandRegistry } from './command-registry.js';
import { tokenize } from './tokenize.js';

function unknownJobsError(problems: readonly string[]): CodedError {
  return new CodedError({
    code: ERROR_CODES.startupDefinitions,
    message: `Commands ask for jobs that do not exist: ${problems.join('; ')}`,
    retryable: false,
  });
}

const CHECK_INVOCATION: Invocation = {
  platform: 'slack',
  userId: 'U0STARTUPCHECK',
  channelId: 'C0STARTUPCHECK',
  text: '',
  requestId: 'startup-check',
  reply: { platform: 'slack' },
};

/** What is wrong, one line each: a command example asking for an unknown job, or a scheduled job that is missing. */
export function unknownJobs(
  commands: CommandRegistry,
  jobNames: ReadonlySet<string>,
  scheduledByTheBot: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  for (const command of commands.list()) {
    for (const example of command.examples) {
      const match = commands.match(tokenize(example));
      if (!match || match.command !== command) {
        problems.push(`"${command.name}": the example "${example}" is not this command`);
        continue;
      }
      const planned = command.plan(match.rest, { ...CHECK_INVOCATION, text: example });
      if (!planned.ok) {
        problems.push(`"${command.name}": the example "${example}" does not parse (${planned.problems.join(', ')})`);
      } else if (!jobNames.has(planned.job.name)) {
        problems.push(`"${command.name}" asks for the job "${planned.job.name}", which is not in jobs/`);
      }
    }
  }
  for (const name of scheduledByTheBot) {
    if (!jobNames.has(name)) problems.push(`the job "${name}" is scheduled by the bot but is not in jobs/`);
  }
  return problems;
}

export function assertCommandJobsExist(
  commands: CommandRegistry,
  jobNames: ReadonlySet<string>,
  scheduledByTheBot: readonly string[] = [],
): void {
  const problems = unknownJobs(commands, jobNames, scheduledByTheBot);
  if (problems.length > 0) throw unknownJobsError(problems);
}
