/**
 * `byoc explain CODE [--json]`: what a SIP response or a Twilio error code means on a BYOC trunk, the checklist
 * rule that usually explains it and the fix. A table lookup: no vendor, no sandbox.
 */
import { parseArgs } from 'node:util';
import { explainCode } from '../byoc/calls/causes.js';
import { renderText } from '../chat/text.js';
import { explainCard } from '../presentation/explain-card.js';
import { type CliIo, processIo } from './read-command.js';
import { EXIT } from './vendor-session.js';

const USAGE = `usage: byoc explain CODE [--json]
  CODE    a SIP response (three digits, e.g. 403) or a Twilio error code (five digits, e.g. 32201)
  --json  print the explanation as JSON
exit: 0 explained, 2 not a code`;

export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  let values: { json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
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
  const code = positionals.join(' ');
  const explained = explainCode(code);
  if (code === '' || explained.kind === 'invalid') {
    io.err(
      `${code === '' ? 'Give a code' : `"${code}" is not a SIP response or a Twilio error code`}: e.g. byoc explain 32201, byoc explain 403\n${USAGE}\n`,
    );
    return EXIT.usage;
  }
  io.out(
    values.json ? `${JSON.stringify(explained, null, 2)}\n` : renderText(explainCard(explained), { color: io.color }),
  );
  return EXIT.ok;
}
