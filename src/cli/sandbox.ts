/**
 * `byoc sandbox [--scenario FILE] [--port N]`: starts the fake Genesys Cloud and Twilio servers and prints the
 * environment lines to paste, then runs until Ctrl-C (SIGINT) or SIGTERM. A scenario with a mistake prints the
 * file, the path in it and what was expected, and exits 2.
 */
import { parseArgs } from 'node:util';
import { envLines, startSandbox } from '../sandbox/sandbox.js';
import { scenarioErrorOf } from '../sandbox/scenario.js';

const USAGE = 'usage: byoc sandbox [--scenario FILE|NAME] [--port N]';

export interface SandboxCliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Resolves when the sandbox should stop; defaults to the first SIGINT or SIGTERM. */
  stopped?: Promise<void>;
}

const defaultIo = (): SandboxCliIo => ({
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});

export async function run(argv: string[], io: SandboxCliIo = defaultIo()): Promise<number> {
  let values: { scenario?: string; port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        scenario: { type: 'string', short: 's' },
        port: { type: 'string', short: 'p' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65534) {
    io.err(`--port must be a port number from 0 to 65534 (Twilio takes the next one)\n${USAGE}`);
    return 2;
  }

  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  try {
    sandbox = await startSandbox({ scenario: values.scenario, port });
  } catch (err) {
    const scenarioError = scenarioErrorOf(err);
    if (scenarioError) {
      io.err(`scenario error: ${scenarioError.message}`);
      return 2;
    }
    io.err(`sandbox could not start: ${(err as Error).message}`);
    return 1;
  }

  io.out(
    `# byoc sandbox: scenario "${sandbox.scenario.name}" (Genesys ${sandbox.genesys.url}, Twilio ${sandbox.twilio.url})`,
  );
  io.out('# paste these lines into your environment; Ctrl-C stops the sandbox');
  for (const line of envLines(sandbox.env)) io.out(line);

  await (io.stopped ?? untilSignal());
  await sandbox.close();
  io.err('sandbox stopped');
  return 0;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
