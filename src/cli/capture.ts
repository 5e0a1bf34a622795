/**
 * `byoc capture --out FILE [--mask-numbers] [--scenario NAME]`: reads the org and the Twilio account (credentials
 * from the usual GENESYS_* and TWILIO_* variables; the sandbox when none are set) and writes a scenario file that
 * the sandbox, `npm start` (SANDBOX_SCENARIO=FILE) and every CLI command (`--scenario FILE`) accept. Secrets are
 * never written; people's names and emails are replaced; `--mask-numbers` replaces phone numbers. Prints what it
 * removed. Exit 0 written, 2 usage or configuration error (or a file that would not load), 3 a vendor unreachable.
 */

import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { captureOrg } from '../capture/capture-org.js';
import { ERROR_CODES, hasCode } from '../coded-error.js';
import { wantsVendorSandbox } from '../config.js';
import { scenarioSchema } from '../sandbox/scenario.js';
import { type CliIo, processIo } from './read-command.js';
import { configProblem, EXIT, openVendorSession } from './vendor-session.js';

const USAGE = `usage: byoc capture --out FILE [--mask-numbers] [--scenario NAME]
  --out FILE       the scenario file to write (YAML), e.g. my-org.yml
  --mask-numbers   replace every phone number by a made-up one of the same country and length
  --scenario NAME  sandbox scenario to capture when no vendor credentials are set
Then: npm start with SANDBOX_SCENARIO=FILE, or byoc doctor --scenario FILE (with no credentials set).
exit: 0 written, 2 usage or configuration error, 3 a vendor could not be read`;

export async function run(
  argv: string[],
  io: CliIo = processIo(),
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  let values: { out?: string; 'mask-numbers'?: boolean; scenario?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        'mask-numbers': { type: 'boolean' },
        scenario: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (values.help) {
    io.out(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (!values.out || !/\.ya?ml$/.test(values.out)) {
    io.err(`--out needs a .yml file to write, e.g. --out my-org.yml\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (values.scenario !== undefined && !wantsVendorSandbox(env)) {
    io.err('--scenario is ignored: vendor credentials are set, so the real vendors are captured.\n');
  }
  let session: Awaited<ReturnType<typeof openVendorSession>>;
  try {
    session = await openVendorSession(env, values.scenario);
  } catch (err) {
    return configProblem(err, (line) => io.err(`${line}\n`));
  }
  try {
    if (session.note) io.err(`${session.note}\n`);
    const name = basename(values.out).replace(/\.ya?ml$/, '');
    const { scenario, removed } = await captureOrg(session.vendors, {
      maskNumbers: values['mask-numbers'] === true,
      name,
    });
    // What is written must load: a file the sandbox refuses is no use in a bug report.
    const check = scenarioSchema.safeParse(scenario);
    if (!check.success) {
      const issue = check.error.issues[0]!;
      io.err(
        `The capture would not load as a scenario (at ${issue.path.join('.')}: ${issue.message}); nothing written.\n`,
      );
      return EXIT.usage;
    }
    const header =
      '# Captured by `byoc capture`. Secrets and people were replaced; see the lines printed when it was written.\n';
    writeFileSync(values.out, header + stringify(scenario, { lineWidth: 0 }));
    io.out(`Wrote ${values.out}.\nRemoved:\n${removed.map((r) => `  - ${r}`).join('\n')}\n`);
    return EXIT.ok;
  } catch (err) {
    if (hasCode(err, ERROR_CODES.captureIncomplete)) {
      io.err(`${err.message}\n`);
      return EXIT.unreachable;
    }
    throw err;
  } finally {
    await session.close();
  }
}
