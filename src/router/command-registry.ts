/**
 * The commands the bot knows, looked up from what a person typed. Command names may have two words
 * (`trunk enable`); the longest name that matches the first words wins.
 */
import { CodedError, ERROR_CODES } from '../coded-error.js';
import type { Command } from './command-definition.js';

function duplicateCommandError(name: string): CodedError {
  return new CodedError({
    code: ERROR_CODES.startupDefinitions,
    message: `Two commands are named "${name}"`,
    retryable: false,
  });
}

export interface CommandMatch {
  command: Command;
  /** The tokens after the command name. */
  rest: string[];
}

export class CommandRegistry {
  private readonly byName = new Map<string, Command>();

  constructor(commands: Iterable<Command> = []) {
    for (const command of commands) this.add(command);
  }

  add(command: Command): this {
    const name = command.name.toLowerCase();
    if (this.byName.has(name)) throw duplicateCommandError(name);
    this.byName.set(name, command);
    return this;
  }

  get(name: string): Command | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** All commands, sorted by name. */
  list(): Command[] {
    return [...this.byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  names(): string[] {
    return this.list().map((c) => c.name);
  }

  match(tokens: readonly string[]): CommandMatch | undefined {
    for (const words of [2, 1]) {
      if (tokens.length < words) continue;
      const name = tokens.slice(0, words).join(' ').toLowerCase();
      const command = this.byName.get(name);
      if (command) return { command, rest: tokens.slice(words) };
    }
    return undefined;
  }
}
