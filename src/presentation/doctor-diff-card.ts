/**
 * The scheduled doctor's post: only what differs from the previous run (new failures and warnings with the changes
 * that may have caused them, recoveries), or one quiet line when nothing did.
 */
import type { DoctorDiff } from '../byoc/doctor-diff.js';
import { type Card, type CardSection, cardTime, utcMinute } from '../cards/card.js';
import { describeChanges } from './changes-card.js';
import { COMMAND_RUN_ACTION } from './chat-names.js';

const MAX_CAUSES = 3;

export function doctorDiffCard(d: DoctorDiff): Card {
  const totals = `${d.counts.fail} failing, ${d.counts.warn} warning, ${d.counts.pass} passing`;
  if (d.worse.length === 0 && d.recovered.length === 0) {
    return {
      title: `Daily doctor: no change${d.previousAt ? ` since ${when(d.previousAt)}` : ''} (${totals})`,
      status: 'info',
    };
  }
  const fails = d.worse.filter((w) => w.finding.status === 'fail').length;
  const warns = d.worse.length - fails;
  const parts = [
    fails ? `${fails} new failure${fails === 1 ? '' : 's'}` : '',
    warns ? `${warns} new warning${warns === 1 ? '' : 's'}` : '',
    d.recovered.length ? `${d.recovered.length} recovered` : '',
  ].filter(Boolean);
  const sections: CardSection[] = [];
  if (d.worse.length > 0) {
    sections.push({
      title: 'Worse since the last run',
      checks: d.worse.map((w) => {
        const causes = w.causes.slice(0, MAX_CAUSES).map((c) => {
          const who = c.approval ? `byoc-bot (approval ${c.approval.id})` : c.who.name;
          const what = describeChanges(c.changes) || `${c.action} ${c.object.type} ${c.object.name}`;
          return `${when(c.at)} ${who}: ${c.object.type} ${c.object.name}, ${what}`;
        });
        const more = w.causes.length - MAX_CAUSES;
        return {
          status: w.finding.status === 'fail' ? ('fail' as const) : ('warn' as const),
          label: `${w.finding.rule} ${w.finding.title}${w.finding.subject ? ` (${w.finding.subject})` : ''}`,
          detail: [
            w.finding.message,
            causes.length > 0
              ? `Changed since the last run: ${causes.join('; ')}${more > 0 ? ` (+${more} more)` : ''}`
              : 'No recorded change touches it since the last run.',
          ].join(' '),
          fix: w.finding.fix,
        };
      }),
    });
  }
  if (d.recovered.length > 0) {
    sections.push({
      title: 'Recovered',
      checks: d.recovered.map((f) => ({
        status: 'ok',
        label: `${f.rule} ${f.title}${f.subject ? ` (${f.subject})` : ''}`,
      })),
    });
  }
  return {
    title: `Daily doctor: ${parts.join(', ')}`,
    status: fails ? 'fail' : warns ? 'warn' : 'ok',
    summary: d.previousAt
      ? ['Compared with the run of ', cardTime(d.previousAt), `; now ${totals}.`]
      : `Compared with the run of (none: first run); now ${totals}.`,
    sections,
    buttons: [{ actionId: COMMAND_RUN_ACTION, label: 'Run the doctor', value: 'doctor --fresh' }],
    footer: ['Snapshot taken ', cardTime(d.takenAt)],
  };
}

/** In a check row (plain text): the one UTC-minute format. */
function when(iso: string): string {
  return utcMinute(iso);
}
