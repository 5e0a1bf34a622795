/**
 * The `/byoc doctor` card. Slack cuts long messages from the end, so the order is the order of importance:
 * failures with their fixes, then warnings, then one line for everything that passed, then silenced rules (shown,
 * never hidden), then the rules that could not be evaluated with the reason. A finding whose fix the bot can make
 * becomes a button that starts the approval flow; the button carries only `<rule>|<index>` and the flow finds the
 * remediation again by re-running the doctor on a fresh snapshot (see `findRemediation`).
 */

import { remediationValue } from '../byoc/doctor/run.js';
import type { DoctorReport, Finding } from '../byoc/doctor/types.js';
import { describeRemediation } from '../byoc/remediation.js';
import {
  type Card,
  type CardButton,
  type CardSection,
  type CardStatus,
  type CheckRow,
  cardTime,
} from '../cards/card.js';
import { COMMAND_RUN_ACTION, REMEDIATE_ACTION_ID } from './chat-names.js';

/** Buttons after the first few are noise on a card an engineer reads in a hurry; the rest are still in the fixes. */
export const MAX_REMEDIATION_BUTTONS = 5;
const MAX_DETAIL = 400;
const MAX_FIX = 500;
const MAX_BUTTON_LABEL = 75;

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** The rule a finding is about, as the org configuration names it: `GC-TRUNK-INSERVICE (trunk "Twilio")`. */
function ruleRef(f: Finding): string {
  return `${f.rule}${f.subject ? ` (${f.subject})` : ''}`;
}

/**
 * A failure or a warning leads with what is the case ("\"Twilio\" is out of service"), then the rule it breaks,
 * then the fix: the rule's title states the expected state and would read as the problem.
 */
function problemRow(f: Finding, status: CardStatus): CheckRow {
  return {
    status,
    label: clip(f.message, MAX_DETAIL),
    detail: ruleRef(f),
    ...(f.fix ? { fix: clip(f.fix, MAX_FIX) } : {}),
  };
}

/** A rule that could not be checked: the rule, then why not and how to make it checkable. */
function skipRow(f: Finding): CheckRow {
  return {
    status: 'skip',
    label: `${ruleRef(f)}: ${f.title}`,
    detail: clip(f.message, MAX_DETAIL),
    ...(f.fix ? { fix: clip(f.fix, MAX_FIX) } : {}),
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function doctorCard(report: DoctorReport): Card {
  const active = report.findings.filter((f) => !(f.silenced && (f.status === 'fail' || f.status === 'warn')));
  const failures = active.filter((f) => f.status === 'fail');
  const warnings = active.filter((f) => f.status === 'warn');
  const passed = active.filter((f) => f.status === 'pass');
  const skipped = active.filter((f) => f.status === 'skip');
  const silenced = report.findings.filter((f) => f.silenced && (f.status === 'fail' || f.status === 'warn'));

  const sections: CardSection[] = [];
  const unavailable = [
    ...(report.unavailable.genesys ? [`Genesys Cloud could not be read: ${report.unavailable.genesys}`] : []),
    ...(report.unavailable.twilio ? [`Twilio could not be read: ${report.unavailable.twilio}`] : []),
  ];
  if (unavailable.length) sections.push({ title: 'Not reachable', items: unavailable });
  if (failures.length) sections.push({ title: 'Failures', checks: failures.map((f) => problemRow(f, 'fail')) });
  if (warnings.length) sections.push({ title: 'Warnings', checks: warnings.map((f) => problemRow(f, 'warn')) });
  if (passed.length) {
    const rules = [...new Set(passed.map((f) => f.rule))];
    sections.push({ text: `*${plural(passed.length, 'check')} passed*: ${rules.join(', ')}` });
  }
  if (silenced.length) {
    sections.push({
      title: 'Silenced by the org configuration',
      checks: silenced.map((f) => ({
        status: 'info' as const,
        label: clip(f.message, MAX_DETAIL),
        detail: `${ruleRef(f)}: ${f.status === 'fail' ? 'a failure' : 'a warning'}, silenced: ${f.silenced!.reason}`,
      })),
    });
  }
  if (skipped.length) {
    sections.push({ title: 'Not checked', checks: skipped.map(skipRow) });
  }

  const buttons: CardButton[] = [...failures, ...warnings]
    .filter((f) => f.remediation)
    .slice(0, MAX_REMEDIATION_BUTTONS)
    .map((f) => ({
      actionId: REMEDIATE_ACTION_ID,
      label: clip(describeRemediation(f.remediation!), MAX_BUTTON_LABEL),
      value: remediationValue(report, f),
      style: 'primary' as const,
    }));
  // A fresh snapshot: re-run as typed, the cache could answer with the state the person just fixed.
  buttons.push({ actionId: COMMAND_RUN_ACTION, label: 'Run again', value: 'doctor --fresh' });

  const status: CardStatus = failures.length ? 'fail' : warnings.length ? 'warn' : skipped.length ? 'skip' : 'ok';
  const counts = [
    failures.length ? plural(failures.length, 'failure') : '',
    warnings.length ? plural(warnings.length, 'warning') : '',
    `${passed.length} passed`,
    skipped.length ? `${skipped.length} not checked` : '',
    silenced.length ? `${silenced.length} silenced` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const verdict = failures.length
    ? `${plural(failures.length, 'problem')} to fix`
    : warnings.length
      ? `working, ${plural(warnings.length, 'warning')}`
      : skipped.length
        ? 'no problem found, but not everything could be checked'
        : 'every check passed';
  const region = report.region.known
    ? `Genesys region ${report.region.key}`
    : `Genesys region unknown${report.region.name ? ` ("${report.region.name}")` : ''}`;
  return {
    title: `BYOC doctor: ${verdict}`,
    status,
    summary: `${counts}. ${region}.`,
    sections,
    buttons,
    footer: [
      'Snapshot taken ',
      cardTime(report.takenAt),
      ` · org ${report.orgKey} · read-only: the doctor changes nothing`,
    ],
  };
}
