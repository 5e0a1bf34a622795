/**
 * `byoc doctor [--json] [--scenario NAME]`: every checklist rule on one snapshot, without Slack or Redis.
 * `--json` prints the report: `findings` (rule, status, title, severity, subject, message, evidence, fix,
 * remediation, silenced) and `counts`. Exit 1 when a rule fails (silenced ones do not count).
 */

import { doctorContext, runDoctor } from '../byoc/doctor/index.js';
import { doctorCard } from '../presentation/doctor-card.js';
import { type CliIo, processIo, runReadCommand } from './read-command.js';

const USAGE = `usage: byoc doctor [--json] [--scenario NAME]
  --json           print the findings and counts as JSON instead of the card
  --scenario NAME  sandbox scenario when no vendor credentials are set (default, broken/omit-plus, a .yml path)
exit: 0 nothing fails, 1 a rule fails, 2 usage or configuration error, 3 a vendor could not be reached`;

export function run(argv: string[], io: CliIo = processIo(), env: Record<string, string | undefined> = process.env) {
  return runReadCommand(argv, io, env, {
    usage: USAGE,
    async answer(session) {
      const snapshot = await session.snapshots.get();
      const report = runDoctor(snapshot, doctorContext(session.orgConfig));
      return {
        card: doctorCard(report),
        json: report,
        verdict: report.counts.fail > 0 ? 'bad-news' : 'ok',
        snapshot,
      };
    },
  });
}
