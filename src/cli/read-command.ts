/**
 * What `byoc status`, `byoc simulate` and `byoc doctor` share: their options, the vendor session (with the sandbox
 * when no credentials are set), printing the card as text or the result as JSON, and one rule for the exit code:
 *
 *   2  usage or configuration error (a bad flag, invalid configuration, org file or scenario, bad input)
 *   3  a configured vendor could not be reached (its half of the snapshot is unavailable, or the command's own
 *      reads of it failed, e.g. `changes`' audit query)
 *   1  the answer is bad news (not routable, status down, a doctor rule fails)
 *   0  otherwise
 *
 * Stdout carries only the answer (text or JSON), so `--json | jq` works; notes go to stderr.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { ByocSnapshot } from '../byoc/snapshot.js';
import type { Card } from '../cards/card.js';
import { renderText } from '../chat/text.js';
import { wantsVendorSandbox } from '../config.js';
import { SLASH_COMMAND } from '../presentation/chat-names.js';
import { configProblem, EXIT, openVendorSession, unreachable, type VendorSession } from './vendor-session.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** ANSI colours in the text output. */
  color?: boolean;
}

export const processIo = (): CliIo => ({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  color: Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined,
});

type Env = Record<string, string | undefined>;

/** `bad-news` -> 1, `usage` -> 2 (the input names nothing: unknown trunk or site, letters in a number). */
export type Verdict = 'ok' | 'bad-news' | 'usage';

export interface Answer {
  card: Card;
  /** What `--json` prints. */
  json: unknown;
  verdict: Verdict;
  /** The snapshot the answer came from: a configured half missing from it means exit 3. */
  snapshot: ByocSnapshot;
  /** A configured vendor answered the snapshot but not the command's own reads (its change records): exit 3. */
  unreachable?: boolean;
}

type StringOrBoolean = { type: 'string' | 'boolean'; short?: string };

export interface ReadCommandSpec {
  usage: string;
  /** Options besides --json, --scenario and --help. */
  options?: Record<string, StringOrBoolean>;
  positionals?: boolean;
  /** Problems with the arguments, found before any vendor is read; each is printed, then the usage (exit 2). */
  check?(values: Record<string, string | boolean | undefined>, positionals: string[]): string[];
  answer(
    session: VendorSession,
    values: Record<string, string | boolean | undefined>,
    positionals: string[],
  ): Promise<Answer>;
}

const COMMON_OPTIONS: Record<string, StringOrBoolean> = {
  json: { type: 'boolean' },
  scenario: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

export async function runReadCommand(argv: string[], io: CliIo, env: Env, spec: ReadCommandSpec): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    const config: ParseArgsConfig = {
      args: argv,
      options: { ...COMMON_OPTIONS, ...spec.options },
      strict: true,
      allowPositionals: spec.positionals ?? false,
    };
    ({ values, positionals } = parseArgs(config) as {
      values: Record<string, string | boolean | undefined>;
      positionals: string[];
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n${spec.usage}\n`);
    return EXIT.usage;
  }
  if (values.help) {
    io.out(`${spec.usage}\n`);
    return EXIT.ok;
  }
  const problems = spec.check?.(values, positionals) ?? [];
  if (problems.length > 0) {
    io.err(`${problems.join('\n')}\n${spec.usage}\n`);
    return EXIT.usage;
  }

  const scenario = typeof values.scenario === 'string' ? values.scenario : undefined;
  if (scenario !== undefined && !wantsVendorSandbox(env)) {
    io.err('--scenario is ignored: vendor credentials are set, so the real vendors answer.\n');
  }
  let session: VendorSession;
  try {
    session = await openVendorSession(env, scenario);
  } catch (err) {
    return configProblem(err, (line) => io.err(`${line}\n`));
  }
  try {
    if (session.note) io.err(`${session.note}\n`);
    const answer = await spec.answer(session, values, positionals);
    io.out(
      values.json
        ? `${JSON.stringify(answer.json, null, 2)}\n`
        : renderText(answer.card, { color: io.color, command: terminalCommand }),
    );
    return exitCode(session, answer);
  } finally {
    await session.close();
  }
}

function exitCode(session: VendorSession, answer: Answer): number {
  if (answer.verdict === 'usage') return EXIT.usage;
  const { snapshot } = answer;
  if (
    answer.unreachable ||
    unreachable(session.vendors.genesys, snapshot.genesys) ||
    unreachable(session.vendors.twilio, snapshot.twilio)
  ) {
    return EXIT.unreachable;
  }
  return answer.verdict === 'bad-news' ? EXIT.badNews : EXIT.ok;
}

/** The chat commands this CLI also answers; a card's other commands exist in chat only. */
const TERMINAL_COMMANDS = new Set(['status', 'simulate', 'doctor']);

/**
 * A chat command named in a card, as it reads on this terminal: `/byoc simulate 06 12 34 56 78` is
 * `npx byoc simulate 06 12 34 56 78` (the CLI always reads the vendors afresh, so `--fresh` goes); a command only
 * chat has keeps its form and says so.
 */
export function terminalCommand(chat: string): string {
  if (!chat.startsWith(`${SLASH_COMMAND} `)) return chat;
  const rest = chat.slice(SLASH_COMMAND.length + 1).trim();
  const name = rest.split(/\s+/)[0] ?? '';
  if (!TERMINAL_COMMANDS.has(name)) return `${chat} (in chat)`;
  return `npx byoc ${rest.replace(/\s+--fresh\b/g, '')}`;
}
