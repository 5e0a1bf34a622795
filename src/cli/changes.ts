/**
 * `byoc changes [--since 24h] [--trunk NAME] [--number N] [--json]`: the change timeline of both vendors, without
 * Slack or Redis (so without the bot's own audit stream, which lives in Redis: changes made through the bot show
 * as the vendors recorded them, by the bot's credentials). `--json` prints the timeline: `entries` (at, vendor,
 * who, where, action, object, changes [property, before, after, secret], trunks, numbers, approval), `since`,
 * `until`, `filter`, `unavailable`. Exit 0, or 2 for a bad option, 3 when a configured vendor could not be read.
 */
import { buildTimeline, parseSince } from '../byoc/timeline/index.js';
import { changesCard } from '../presentation/changes-card.js';
import { botIdentity, gatherChanges } from '../timeline/gather-changes.js';
import { type CliIo, processIo, runReadCommand } from './read-command.js';

const USAGE = `usage: byoc changes [--since 24h] [--trunk NAME] [--number N] [--json] [--scenario NAME]
  --since DURATION  how far back: 90m, 24h (default), 7d, 2w; at most 30d
  --trunk NAME      only changes touching this trunk (its Genesys or Twilio name)
  --number N        only changes touching this number
  --json            print the timeline as JSON instead of the card
  --scenario NAME   sandbox scenario when no vendor credentials are set
exit: 0 ok, 2 usage or configuration error, 3 a vendor could not be reached`;

export function run(argv: string[], io: CliIo = processIo(), env: Record<string, string | undefined> = process.env) {
  return runReadCommand(argv, io, env, {
    usage: USAGE,
    options: { since: { type: 'string' }, trunk: { type: 'string' }, number: { type: 'string' } },
    async answer(session, values) {
      const sinceText = typeof values.since === 'string' ? values.since : '24h';
      const since = parseSince(sinceText);
      const snapshot = await session.snapshots.get();
      if ('error' in since) {
        return {
          card: { title: 'What changed', status: 'fail', summary: since.error },
          json: { error: since.error },
          verdict: 'usage',
          snapshot,
        };
      }
      const until = Date.now();
      const records = await gatherChanges(session.vendors, { since: until - since.ms, until });
      const timeline = buildTimeline({
        snapshot,
        ...records,
        self: botIdentity(session.config),
        since: until - since.ms,
        until,
        filter: {
          ...(typeof values.trunk === 'string' ? { trunk: values.trunk } : {}),
          ...(typeof values.number === 'string' ? { number: values.number } : {}),
        },
      });
      // A configured vendor whose records could not be read leaves the timeline incomplete: a script must know.
      const unreadable = records.unavailable.some(
        (u) => u.source !== 'byoc-bot' && 'client' in session.vendors[u.source],
      );
      return {
        card: changesCard(timeline, sinceText),
        json: timeline,
        verdict: 'ok',
        snapshot,
        ...(unreadable ? { unreachable: true } : {}),
      };
    },
  });
}
