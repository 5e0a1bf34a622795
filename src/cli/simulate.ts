/**
 * `byoc simulate NUMBER [--site SITE] [--from NUMBER] [--json] [--scenario NAME]`: the `/byoc simulate` card
 * without Slack or Redis. The number may be several words (`01 23 45 67 89`). Exit 1 when the call is not
 * routable; 2 when the input is not a number the dial plan takes or the site does not exist.
 */

import { cleanDialedString, dialInputErrorOf } from '../byoc/dialplan.js';
import { simulateCall } from '../byoc/simulate.js';
import { simulateCard } from '../presentation/simulate-card.js';
import { type CliIo, processIo, runReadCommand, type Verdict } from './read-command.js';

const USAGE = `usage: byoc simulate NUMBER [--site SITE] [--from NUMBER] [--json] [--scenario NAME]
  NUMBER           the dialed string; spaces, dashes, dots and parentheses are fine (01 23 45 67 89)
  --site SITE      the site the call is placed from (default: the one set up for outbound calls)
  --from NUMBER    the caller id, checked against the Twilio account and trunk
  --json           print the simulation result as JSON instead of the card
  --scenario NAME  sandbox scenario when no vendor credentials are set
exit: 0 routable, 1 not routable, 2 usage, configuration or input error, 3 a vendor could not be reached`;

export function run(argv: string[], io: CliIo = processIo(), env: Record<string, string | undefined> = process.env) {
  return runReadCommand(argv, io, env, {
    usage: USAGE,
    positionals: true,
    options: { site: { type: 'string' }, from: { type: 'string' } },
    // The dialed string and --from are checked before any vendor is read.
    check(values, positionals) {
      return [
        dialInputProblem(positionals.join(' '), 'NUMBER'),
        typeof values.from === 'string' ? dialInputProblem(values.from, '--from') : undefined,
      ].filter((p): p is string => p !== undefined);
    },
    async answer(session, values, positionals) {
      const snapshot = await session.snapshots.get();
      const result = simulateCall(snapshot, {
        number: positionals.join(' '),
        ...(typeof values.site === 'string' ? { site: values.site } : {}),
        ...(typeof values.from === 'string' ? { from: values.from } : {}),
      });
      const verdict: Verdict =
        result.outcome === 'input-error' || result.outcome === 'unknown-site'
          ? 'usage'
          : result.routable
            ? 'ok'
            : 'bad-news';
      return { card: simulateCard(result), json: result, verdict, snapshot };
    },
  });
}

/** What is wrong with a dialed string before any vendor is read (the site's country is not known yet). */
function dialInputProblem(raw: string, what: string): string | undefined {
  try {
    cleanDialedString(raw);
    return undefined;
  } catch (err) {
    const inputError = dialInputErrorOf(err);
    if (!inputError) throw err;
    return what === 'NUMBER'
      ? `${inputError.message} For example: npx byoc simulate 01 23 45 67 89`
      : `${what}: ${inputError.message} For example: npx byoc simulate 0612345678 --from +33123456789`;
  }
}
