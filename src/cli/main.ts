/**
 * `byoc <subcommand> [args]`: the bot's commands without a chat platform, for scripts, CI and runbooks.
 *
 * Each subcommand is a file `src/cli/<name>.ts` exporting `run(argv: string[]): Promise<number>` (the exit code).
 * It is imported only when used, so `byoc --help` stays fast and one subcommand's SDKs do not load for another.
 * To add one: write the file and add a line to SUBCOMMANDS.
 */
import { existsSync } from 'node:fs';
import { suggest } from '../router/did-you-mean.js';

export interface Subcommand {
  run(argv: string[]): Promise<number>;
}

/** Name -> one line for the usage text. */
export const SUBCOMMANDS: Record<string, string> = {
  sandbox: 'start the fake Genesys Cloud and Twilio servers and print the variables that point at them',
  status: 'one card: trunk in or out of service, edges, calls, the Twilio trunk',
  simulate: 'how a dialed number is routed, from number plan to Twilio',
  doctor: 'every checklist rule against the live configuration (--json for scripts)',
  calls: 'recent calls through the BYOC trunk on both sides, failures grouped by cause',
  explain: 'what a SIP response or a Twilio error code means here, and the fix',
  changes: 'what changed on both vendors, newest first (--since 24h, --trunk, --number, --json)',
  capture: 'write your org and Twilio account as a scenario file (no secrets) to replay in the sandbox',
  scenarios: 'the sandbox scenarios, each with what it shows (for --scenario NAME)',
  'teams-package': 'write the Teams app package (manifest and icons, zipped) to upload in Microsoft Teams',
};

function available(name: string): boolean {
  return existsSync(new URL(`./${name}.ts`, import.meta.url)) || existsSync(new URL(`./${name}.js`, import.meta.url));
}

export function usage(): string {
  const names = Object.keys(SUBCOMMANDS).filter(available);
  const width = Math.max(0, ...names.map((n) => n.length));
  return [
    'usage: byoc <command> [options]',
    '',
    ...names.map((n) => `  ${n.padEnd(width)}  ${SUBCOMMANDS[n]}`),
    '',
    'byoc <command> --help shows a command’s options. From this folder, `npm run byoc -- <command>` works too.',
  ].join('\n');
}

export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? err : out).write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (!Object.hasOwn(SUBCOMMANDS, name) || !available(name)) {
    const close = suggest(name, Object.keys(SUBCOMMANDS).filter(available));
    const hint = close.length ? ` Did you mean ${close.map((c) => `"byoc ${c}"`).join(' or ')}?` : '';
    err.write(`byoc: there is no command "${name}".${hint}\n\n${usage()}\n`);
    return 2;
  }
  const subcommand = (await import(`./${name}.js`)) as Subcommand;
  return subcommand.run(rest);
}

// Run directly (`tsx src/cli/main.ts …`, which `npm run byoc` does) rather than imported by bin/byoc.js or a test.
if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      setTimeout(() => process.exit(), 2000).unref();
    },
    (e: unknown) => {
      process.stderr.write(`byoc: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
