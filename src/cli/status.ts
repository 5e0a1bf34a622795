/**
 * `byoc status [TRUNK] [--json] [--scenario NAME]`: the `/byoc status` card without Slack or Redis.
 * Exit 1 when the verdict is down (degraded still carries calls: 0); 2 for a trunk name that does not exist.
 */

import { trunkStatus } from '../byoc/status.js';
import { statusCard } from '../presentation/status-card.js';
import { type CliIo, processIo, runReadCommand } from './read-command.js';

const USAGE = `usage: byoc status [TRUNK] [--json] [--scenario NAME]
  TRUNK            one BYOC trunk by name (default: all of them)
  --json           print the status result as JSON instead of the card
  --scenario NAME  sandbox scenario when no vendor credentials are set (default, broken/omit-plus, a .yml path)
exit: 0 healthy or degraded, 1 down, 2 usage or configuration error, 3 a vendor could not be reached`;

export function run(argv: string[], io: CliIo = processIo(), env: Record<string, string | undefined> = process.env) {
  return runReadCommand(argv, io, env, {
    usage: USAGE,
    positionals: true,
    async answer(session, _values, positionals) {
      const snapshot = await session.snapshots.get();
      const trunk = positionals.length > 0 ? positionals.join(' ') : undefined;
      const result = trunkStatus(snapshot, trunk === undefined ? {} : { trunk });
      const card = statusCard(result);
      const verdict = result.kind === 'unknown-trunk' ? 'usage' : result.verdict === 'down' ? 'bad-news' : 'ok';
      return { card, json: result, verdict, snapshot };
    },
  });
}
