/**
 * `byoc calls [--failed] [--since 30m] [--number N] [--direction inbound|outbound] [--json] [--scenario NAME]`:
 * the recent calls through the BYOC trunk from both vendors and the failures grouped by cause, without Slack or
 * Redis. The arguments are the chat command's, checked the same way before any vendor is read. Exit 1 when a call
 * failed.
 */
import { parseSince, troubleshootCalls } from '../byoc/calls/call-report.js';
import { doctorContext, runDoctor } from '../byoc/doctor/index.js';
import { gatherCalls } from '../calls/gather-calls.js';
import { callsCard } from '../presentation/calls-card.js';
import { type CliIo, processIo, runReadCommand } from './read-command.js';

const USAGE = `usage: byoc calls [--failed] [--since 30m|4h|2d] [--number +E164] [--direction inbound|outbound] [--json] [--scenario NAME]
  --failed         list only the calls that failed (the causes are always about failures)
  --since DURATION how far back: minutes, hours or days (default 60m, at most 7d)
  --number N       only calls from or to this number, in E.164 (+33123456789)
  --direction D    inbound (PSTN -> Twilio -> Genesys) or outbound (Genesys -> Twilio -> PSTN)
  --json           print the report (calls, groups by cause, counts) as JSON instead of the card
  --scenario NAME  sandbox scenario when no vendor credentials are set (default, calls/every-failure, a .yml path)
exit: 0 no call failed, 1 a call failed, 2 usage or configuration error, 3 a vendor could not be reached`;

const E164 = /^\+[1-9]\d{6,14}$/;
const clean = (n: string) => n.replace(/[\s\-.()]/g, '');

export function run(argv: string[], io: CliIo = processIo(), env: Record<string, string | undefined> = process.env) {
  return runReadCommand(argv, io, env, {
    usage: USAGE,
    options: {
      failed: { type: 'boolean' },
      since: { type: 'string' },
      number: { type: 'string' },
      direction: { type: 'string' },
    },
    check(values) {
      const problems: string[] = [];
      const since = parseSince(typeof values.since === 'string' ? values.since : '60m');
      if ('problem' in since) problems.push(`--since: ${since.problem}`);
      if (typeof values.number === 'string' && !E164.test(clean(values.number))) {
        problems.push(
          `--number: "${values.number}" is not in E.164: write it with + and the country code, e.g. +33123456789`,
        );
      }
      if (values.direction !== undefined && values.direction !== 'inbound' && values.direction !== 'outbound') {
        problems.push(`--direction: "${values.direction}" is not a direction: inbound or outbound`);
      }
      return problems;
    },
    async answer(session, values) {
      const since = parseSince(typeof values.since === 'string' ? values.since : '60m');
      const minutes = 'minutes' in since ? since.minutes : 60;
      const until = new Date(Math.floor(Date.now() / 1000) * 1000);
      const snapshot = await session.snapshots.get();
      const evidence = await gatherCalls(session.vendors, snapshot, {
        since: new Date(until.getTime() - minutes * 60_000),
        until,
      });
      const report = troubleshootCalls(
        evidence,
        {
          failedOnly: values.failed === true,
          ...(typeof values.number === 'string' ? { number: clean(values.number) } : {}),
          ...(values.direction === 'inbound' || values.direction === 'outbound' ? { direction: values.direction } : {}),
        },
        runDoctor(snapshot, doctorContext(session.orgConfig)),
      );
      return {
        card: callsCard(report),
        json: report,
        verdict: report.counts.failed > 0 ? 'bad-news' : 'ok',
        snapshot,
      };
    },
  });
}
