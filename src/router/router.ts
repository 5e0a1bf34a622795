/**
 * The router: command text in, a decision out. It parses, authorizes and plans; it never calls a vendor, so the
 * adapter can acknowledge right after it.
 *
 * Unknown text becomes the help job (with "did you mean"), bad arguments become the command's usage card, a missing
 * role or channel becomes a short private refusal, and a command whose vendor is not configured says which
 * variables to set. Only the first and the help case enqueue anything.
 */

import { type Authorizer, type Role, roleIncludes, yourRole } from '../auth/roles.js';
import type { Card } from '../cards/card.js';
import { type Invocation, principalOf } from '../chat/invocation.js';
import { type CodedError, ERROR_CODES, hasCode } from '../coded-error.js';
import { type Config, describeMissing, vendorConfigStatus } from '../config.js';
import { SLASH_COMMAND } from '../presentation/chat-names.js';
import type { Command, JobRequest } from './command-definition.js';
import type { CommandRegistry } from './command-registry.js';
import { suggest } from './did-you-mean.js';
import { tokenize } from './tokenize.js';

export const HELP_COMMAND = 'help';

/** What the help job receives: an optional topic, or what was typed that matched nothing. */
export interface HelpPayload {
  topic?: string;
  unknown?: string;
  suggestions?: string[];
}

export type RouteOutcome = 'enqueued' | 'unknown' | 'usage' | 'denied' | 'vendor_missing';

export type RouteDecision =
  /** Enqueue `job`; `outcome` is `unknown` when it is the help job answering unknown text. */
  | { kind: 'enqueue'; outcome: 'enqueued' | 'unknown'; command: Command; job: JobRequest; role: Role }
  /** Answer privately with this card (usage) or text (refusal); enqueue nothing. */
  | { kind: 'reply'; outcome: 'usage'; command: Command; card: Card }
  | { kind: 'reply'; outcome: 'denied' | 'vendor_missing'; command?: Command; text: string };

export interface RouterDeps {
  commands: CommandRegistry;
  authorizer: Authorizer;
  config: Config;
}

export class Router {
  constructor(private readonly deps: RouterDeps) {}

  async route(invocation: Invocation): Promise<RouteDecision> {
    const { commands, authorizer } = this.deps;
    const principal = principalOf(invocation);
    if (!(await authorizer.channelAllowed(principal))) {
      return {
        kind: 'reply',
        outcome: 'denied',
        text: `${SLASH_COMMAND} is not enabled in this channel. ${authorizer.describe()}`,
      };
    }
    const role = await authorizer.roleFor(principal);

    let tokens: string[];
    try {
      tokens = tokenize(invocation.text);
    } catch (err) {
      if (!hasCode(err, ERROR_CODES.unclosedQuote)) throw err;
      const help = this.helpCommand();
      return { kind: 'reply', outcome: 'usage', command: help, card: quoteCard(invocation.text, err) };
    }

    const match = commands.match(tokens);
    if (!match) {
      const typed = this.typedName(tokens);
      const payload: HelpPayload =
        tokens.length === 0 ? {} : { unknown: typed, suggestions: suggest(typed, this.namesFor(role)) };
      return this.authorized(this.helpCommand(), role, { name: HELP_COMMAND, payload }, tokens.length === 0);
    }

    const { command, rest } = match;
    if (!roleIncludes(role, command.role)) return denial(command, role, authorizer);

    const missing = command.needs.flatMap((vendor) => vendorConfigStatus(this.deps.config)[vendor].missing);
    if (missing.length > 0) {
      return {
        kind: 'reply',
        outcome: 'vendor_missing',
        command,
        text: `\`${SLASH_COMMAND} ${command.name}\` needs vendor credentials that are not configured: ${describeMissing(missing)}.`,
      };
    }

    const planned = command.plan(rest, invocation);
    if (!planned.ok) return { kind: 'reply', outcome: 'usage', command, card: usageCard(command, planned.problems) };
    return { kind: 'enqueue', outcome: 'enqueued', command, job: planned.job, role: role ?? command.role };
  }

  private helpCommand(): Command {
    const help = this.deps.commands.get(HELP_COMMAND);
    if (!help) throw new Error(`The "${HELP_COMMAND}" command is missing from commands/`);
    return help;
  }

  /** The words that were meant as a command name: two when the first starts a two-word command (`trunk disble`). */
  private typedName(tokens: readonly string[]): string {
    const first = (tokens[0] ?? '').toLowerCase();
    const startsTwoWordName = this.deps.commands.names().some((n) => n.startsWith(`${first} `));
    return tokens.slice(0, startsTwoWordName ? 2 : 1).join(' ');
  }

  /** Suggestions only name commands the person may run. */
  private namesFor(role: Role | undefined): string[] {
    return this.deps.commands
      .list()
      .filter((c) => roleIncludes(role, c.role))
      .map((c) => c.name);
  }

  private authorized(help: Command, role: Role | undefined, job: JobRequest, asked: boolean): RouteDecision {
    if (!roleIncludes(role, help.role)) return denial(help, role, this.deps.authorizer);
    return { kind: 'enqueue', outcome: asked ? 'enqueued' : 'unknown', command: help, job, role: role ?? help.role };
  }
}

function denial(command: Command, role: Role | undefined, authorizer: Authorizer): RouteDecision {
  const have = yourRole(role);
  return {
    kind: 'reply',
    outcome: 'denied',
    command,
    text: `\`${SLASH_COMMAND} ${command.name}\` needs the *${command.role}* role; ${have}. ${authorizer.describe()}`,
  };
}

export function usageCard(command: Command, problems: readonly string[]): Card {
  return {
    title: `Usage: ${SLASH_COMMAND} ${command.name}`,
    status: 'warn',
    summary: problems.length > 0 ? `That did not parse: ${problems.join('; ')}.` : command.summary,
    sections: [
      { text: `\`${SLASH_COMMAND} ${command.usage}\`\n${command.summary}` },
      { title: 'Examples', items: command.examples.map((e) => `\`${SLASH_COMMAND} ${e}\``) },
    ],
  };
}

function quoteCard(text: string, err: CodedError): Card {
  return {
    title: 'That command did not parse',
    status: 'warn',
    summary: `In \`${text}\`, ${err.message}. Put quotes around values with spaces: --site "Paris Office".`,
  };
}
