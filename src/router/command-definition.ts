/**
 * A chat command: what a person types, who may type it, and which job it becomes.
 *
 * Each file in `commands/` exports one as its default, made with `defineCommand`:
 *
 * ```ts
 * export default defineCommand({
 *   name: 'simulate',
 *   summary: 'How a dialed number is routed, from number plan to Twilio',
 *   usage: 'simulate <number> [--site "<site name>"]',
 *   examples: ['simulate +33123456789', 'simulate 0123456789 --site "Paris Office"'],
 *   role: 'viewer',
 *   positionals: ['number'],
 *   args: z.object({ number: z.string(), site: z.string().optional() }),
 *   job: (args) => ({ name: 'simulate', payload: args }),
 * });
 * ```
 *
 * Positional tokens fill `positionals` in order (a last name written `...name` takes the rest as an array);
 * `--flag value`, `--flag=value` and `--flag` (boolean fields only) fill the fields of the same name in camelCase
 * (`--dry-run` -> `dryRun`). The zod object then checks and converts everything.
 */
import type { z } from 'zod';
import type { Role } from '../auth/roles.js';
import type { Invocation } from '../chat/invocation.js';
import type { VendorName } from '../config.js';
import type { JobRequest } from '../queue/job-request.js';

export type { JobRequest } from '../queue/job-request.js';

export type ArgsSchema = z.ZodObject;

export interface CommandSpec<S extends ArgsSchema> {
  /** One or two words: `status`, `trunk enable`. */
  name: string;
  /** One line for the help card. */
  summary: string;
  /** Syntax after `/byoc`, e.g. `trunk enable <trunk name>`. */
  usage: string;
  /** Complete command lines after `/byoc`; the help card shows the first. */
  examples: [string, ...string[]];
  /** The least role that may run it. */
  role: Role;
  positionals?: string[];
  args: S;
  /** Vendors whose credentials must be configured; otherwise the person is told which variables to set. */
  needs?: VendorName[];
  job(args: z.output<S>, invocation: Invocation): JobRequest;
}

export type ArgsResult = { ok: true; job: JobRequest } | { ok: false; problems: string[] };

/** A command with its argument types erased, as the registry and router hold it. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly examples: readonly [string, ...string[]];
  readonly role: Role;
  readonly needs: readonly VendorName[];
  /** Parses the tokens after the command name and plans the job, or says what is wrong with them. */
  plan(tokens: readonly string[], invocation: Invocation): ArgsResult;
}

export function defineCommand<S extends ArgsSchema>(spec: CommandSpec<S>): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    examples: spec.examples,
    role: spec.role,
    needs: spec.needs ?? [],
    plan(tokens, invocation) {
      const collected = collectArgs(tokens, spec.positionals ?? [], spec.args);
      if (collected.problems.length > 0) return { ok: false, problems: collected.problems };
      const parsed = spec.args.safeParse(collected.values);
      if (!parsed.success) {
        return {
          ok: false,
          problems: parsed.error.issues.map((issue) => {
            const field = issue.path[0];
            const label = typeof field === 'string' ? displayName(field, spec.positionals ?? []) : 'arguments';
            return `${label}: ${issue.message}`;
          }),
        };
      }
      return { ok: true, job: spec.job(parsed.data, invocation) };
    },
  };
}

function camelCase(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function kebabCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function displayName(field: string, positionals: readonly string[]): string {
  const isPositional = positionals.some((p) => p === field || p === `...${field}`);
  return isPositional ? `<${field}>` : `--${kebabCase(field)}`;
}

interface ZodDefLike {
  _zod: { def: { type: string; innerType?: ZodDefLike } };
}

/** True when the field is a boolean, possibly optional or defaulted: such a flag takes no value. */
function isBooleanField(schema: unknown): boolean {
  let current = schema as ZodDefLike | undefined;
  for (let depth = 0; current && depth < 8; depth++) {
    const def = current._zod.def;
    if (def.type === 'boolean') return true;
    current = def.innerType;
  }
  return false;
}

function collectArgs(
  tokens: readonly string[],
  positionals: readonly string[],
  schema: ArgsSchema,
): { values: Record<string, unknown>; problems: string[] } {
  const shape = schema.shape as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  const loose: string[] = [];

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (!token.startsWith('--') || token === '--') {
      loose.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const flag = eq === -1 ? token.slice(2) : token.slice(2, eq);
    const field = camelCase(flag);
    const isPositionalField = positionals.some((p) => p === field || p === `...${field}`);
    // Own keys only: `--constructor` or `--to-string` must not find Object.prototype's members.
    if (!Object.hasOwn(shape, field) || isPositionalField) {
      problems.push(`unknown option --${flag}`);
      // Its value, if it had one, is part of the same mistake, not a stray positional.
      if (eq === -1 && tokens[i + 1] !== undefined && !tokens[i + 1]?.startsWith('--')) i++;
      continue;
    }
    if (isBooleanField(shape[field])) {
      const given = eq === -1 ? 'true' : token.slice(eq + 1).toLowerCase();
      if (given !== 'true' && given !== 'false') problems.push(`--${flag} takes no value (or =true / =false)`);
      values[field] = given === 'true';
      continue;
    }
    if (eq !== -1) {
      values[field] = token.slice(eq + 1);
      continue;
    }
    const next = tokens[i + 1];
    if (next === undefined || next.startsWith('--')) {
      problems.push(`--${flag} needs a value`);
      continue;
    }
    values[field] = next;
    i++;
  }

  const restIndex = positionals.findIndex((p) => p.startsWith('...'));
  const fixed = restIndex === -1 ? positionals : positionals.slice(0, restIndex);
  for (const [index, name] of fixed.entries()) {
    const token = loose[index];
    if (token !== undefined) values[name] = token;
  }
  if (restIndex !== -1) {
    values[(positionals[restIndex] as string).slice(3)] = loose.slice(fixed.length);
  } else if (loose.length > fixed.length) {
    problems.push(
      `unexpected ${loose
        .slice(fixed.length)
        .map((t) => `"${t}"`)
        .join(', ')}`,
    );
  }
  return { values, problems };
}
