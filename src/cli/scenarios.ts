/**
 * `byoc scenarios`: the sandbox scenarios that ship with the bot, each with what it shows, for `--scenario NAME`,
 * `byoc sandbox --scenario NAME` and SANDBOX_SCENARIO.
 */
import { bundledScenarios } from '../sandbox/scenario.js';

const USAGE = `usage: byoc scenarios
  lists the bundled sandbox scenarios; use one with --scenario NAME (status, simulate, doctor, sandbox)
  or SANDBOX_SCENARIO=NAME (npm start). A .yml file of your own works too.`;

export interface ScenariosIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo = (): ScenariosIo => ({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});

export async function run(argv: string[], io: ScenariosIo = processIo()): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (argv.length > 0) {
    io.err(`byoc scenarios takes no arguments (got "${argv.join(' ')}")\n${USAGE}\n`);
    return 2;
  }
  const scenarios = bundledScenarios();
  const width = Math.max(...scenarios.map((s) => s.name.length));
  io.out(`${scenarios.map((s) => `${s.name.padEnd(width)}  ${s.description}`).join('\n')}\n`);
  return 0;
}
