/**
 * Builds the registries from the `commands/` folder. Each module's default export is a `Command` (from
 * `defineCommand`); a module may also export `actions: ActionDefinition[]` for the buttons its cards carry.
 */

import { basename } from 'node:path';
import { CodedError, ERROR_CODES } from '../coded-error.js';
import { type ActionDefinition, ActionRegistry, commandRunAction } from './action-definition.js';
import type { Command } from './command-definition.js';
import { CommandRegistry } from './command-registry.js';
import { COMMANDS_DIR, importAll } from './discover.js';

function invalidCommandModuleError(file: string, why: string): CodedError {
  return new CodedError({
    code: ERROR_CODES.startupDefinitions,
    message: `commands/${basename(file)}: ${why}`,
    retryable: false,
  });
}

function isCommand(value: unknown): value is Command {
  const c = value as Partial<Command> | undefined;
  return typeof c?.name === 'string' && typeof c.plan === 'function' && typeof c.role === 'string';
}

function isAction(value: unknown): value is ActionDefinition {
  const a = value as Partial<ActionDefinition> | undefined;
  return typeof a?.actionId === 'string' && typeof a.handle === 'function' && typeof a.role === 'string';
}

export interface LoadedCommands {
  commands: CommandRegistry;
  actions: ActionRegistry;
}

export async function loadCommands(dir: string = COMMANDS_DIR): Promise<LoadedCommands> {
  const commands = new CommandRegistry();
  const actions = new ActionRegistry([commandRunAction]);
  for (const { file, exports } of await importAll(dir)) {
    if (!isCommand(exports.default)) {
      throw invalidCommandModuleError(file, 'the default export must be a command made with defineCommand()');
    }
    commands.add(exports.default);
    if (exports.actions !== undefined) {
      if (!Array.isArray(exports.actions) || !exports.actions.every(isAction)) {
        throw invalidCommandModuleError(file, '`actions` must be an array of ActionDefinition');
      }
      for (const action of exports.actions) actions.add(action);
    }
  }
  return { commands, actions };
}
