/**
 * The `/byoc calls` card. Read at 3 a.m. on a phone: the verdict and the most frequent cause first, then every
 * cause with its count, an example call, the fix and whether the doctor finds its rule failing right now (with
 * the doctor's fix button), then the calls themselves, newest first.
 */

import type { CallReport, CallView, FailureGroup } from '../byoc/calls/call-report.js';
import { sipPhrase } from '../byoc/calls/causes.js';
import { ruleById } from '../byoc/doctor/registry.js';
import {
  type Card,
  type CardButton,
  type CardField,
  type CardSection,
  type CardStatus,
  type CheckRow,
  cardTime,
  utcMinute,
} from '../cards/card.js';
import { COMMAND_RUN_ACTION, REMEDIATE_ACTION_ID } from './chat-names.js';

/** Calls listed on the card; the counts above still count them all. */
export const MAX_LISTED_CALLS = 15;
const MAX_FIX_BUTTONS = 3;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * `2026-11-29 14:07 UTC`: minutes are what a person correlates with a complaint. For the call lines (check rows,
 * plain strings); the window and the footer are typed moments each reader sees in their own zone.
 */
export function shortTime(iso: string): string {
  return utcMinute(iso);
}

export function windowLabel(report: Pick<CallReport, 'since' | 'until'>): string {
  const minutes = Math.round((Date.parse(report.until) - Date.parse(report.since)) / 60_000);
  if (minutes % 1440 === 0) return `the last ${plural(minutes / 1440, 'day')}`;
  if (minutes % 60 === 0 && minutes >= 120) return `the last ${minutes / 60} hours`;
  return `the last ${minutes} minutes`;
}

/** The command line that asks the same question again (the Refresh button). */
export function callsCommand(report: Pick<CallReport, 'since' | 'until' | 'filters'>): string {
  const minutes = Math.round((Date.parse(report.until) - Date.parse(report.since)) / 60_000);
  const f = report.filters;
  return [
    'calls',
    `--since ${minutes}m`,
    ...(f.failedOnly ? ['--failed'] : []),
    ...(f.number ? [`--number ${f.number}`] : []),
    ...(f.direction ? [`--direction ${f.direction}`] : []),
  ].join(' ');
}

function sipLabel(code: number): string {
  const phrase = sipPhrase(code);
  return phrase ? `SIP ${code} ${phrase}` : `SIP ${code}`;
}

const OUTCOME_MARK: Record<CallView['outcome'], string> = {
  ok: 'connected',
  'not-answered': 'not answered',
  failed: 'FAILED',
  'in-progress': 'in progress',
};

export function callLine(c: CallView): string {
  const parts = [
    `${shortTime(c.startedAt)} ${c.direction}`,
    `${c.from ?? '?'} → ${c.to ?? '?'}`,
    OUTCOME_MARK[c.outcome],
    ...(c.sipCode !== undefined && c.sipCode !== 200 ? [sipLabel(c.sipCode)] : []),
    ...c.twilioErrorCodes.map((code) => `Twilio ${code}`),
    ...(c.genesysErrorCode ? [`Genesys ${c.genesysErrorCode}`] : []),
    ...(c.edgeName ? [`edge ${c.edgeName}`] : []),
    ...(c.twilioCallSid
      ? [c.twilioCallSid]
      : c.genesysConversationId
        ? [`conversation ${c.genesysConversationId}`]
        : []),
  ];
  return parts.join(' · ');
}

function groupTitle(g: FailureGroup): string {
  const count = [
    ...(g.calls > 0 ? [plural(g.calls, 'call')] : []),
    ...(g.alertsWithoutCall > 0 ? [plural(g.alertsWithoutCall, 'Twilio alert')] : []),
  ].join(' and ');
  const title = g.cause?.title ?? `Cause not known: ${g.codes.join(', ') || 'no code reported'}`;
  return `${title}: ${count}`;
}

function groupRow(g: FailureGroup): CheckRow {
  const example = g.example
    ? `Example: ${callLine(g.example)}`
    : g.exampleAlert
      ? `Example: Twilio ${g.exampleAlert.errorCode} at ${shortTime(g.exampleAlert.at)}: ${g.exampleAlert.alertText}`
      : '';
  const detail = [
    g.cause ? g.cause.explanation : '',
    g.codes.length ? `Codes seen: ${g.codes.join(', ')}.` : '',
    example,
  ]
    .filter(Boolean)
    .join(' ');
  const doctor = g.doctor.map(
    (d) => `The doctor finds ${d.rule} ${d.status === 'fail' ? 'failing' : 'warning'} now: ${d.message}`,
  );
  const rules = g.cause?.rules.length
    ? `Checklist: ${g.cause.rules.map((r) => `${r} (${ruleById(r)?.title ?? r})`).join(', ')}.`
    : '';
  const fix = g.cause
    ? [...doctor, g.cause.fix, rules].filter(Boolean).join(' ')
    : 'The bot knows no explanation for these codes: look them up in the call’s details in the Twilio console or Genesys Cloud’s interaction view.';
  return { status: 'fail', label: groupTitle(g), detail, fix };
}

export function callsCard(report: CallReport): Card {
  const { counts } = report;
  const window = windowLabel(report);
  const unavailable = [
    ...(report.unavailable.twilio ? [`Twilio: ${report.unavailable.twilio}`] : []),
    ...(report.unavailable.genesys ? [`Genesys Cloud: ${report.unavailable.genesys}`] : []),
  ];
  const failures = report.groups;
  const top = failures[0];
  const status: CardStatus = counts.failed > 0 || failures.length > 0 ? 'fail' : unavailable.length ? 'warn' : 'ok';

  const title =
    counts.calls === 0 && failures.length === 0
      ? `Calls: none in ${window}`
      : counts.failed > 0
        ? `Calls: ${counts.failed} of ${counts.calls} failed in ${window}`
        : failures.length > 0
          ? `Calls: Twilio refused calls in ${window}`
          : `Calls: none failed in ${window} (${plural(counts.calls, 'call')})`;
  const summary = top
    ? `Most failures: ${top.cause?.title ?? `an unknown cause (${top.codes.join(', ')})`}` +
      `${top.doctor[0] ? `. The doctor finds ${top.doctor[0].rule} ${top.doctor[0].status === 'fail' ? 'failing' : 'warning'} now` : ''}.`
    : unavailable.length
      ? 'Only one vendor could be read: calls it did not see are missing.'
      : 'Every call through the BYOC trunk connected or ended normally.';

  const fields: CardField[] = [
    { label: 'Window', value: [cardTime(report.since), ' to ', cardTime(report.until)] },
    {
      label: 'Calls',
      value: `${counts.calls} (${counts.ok} connected, ${counts.failed} failed, ${counts.notAnswered} not answered${counts.inProgress ? `, ${counts.inProgress} in progress` : ''})`,
    },
    {
      label: 'Twilio trunk',
      value: report.twilioTrunk ? `${report.twilioTrunk.name} (${report.twilioTrunk.sid})` : 'not found',
    },
    { label: 'Genesys trunks', value: report.genesysTrunks.length ? report.genesysTrunks.join(', ') : 'none found' },
  ];
  const filters = [
    ...(report.filters.number ? [`number ${report.filters.number}`] : []),
    ...(report.filters.direction ? [`${report.filters.direction} only`] : []),
    ...(report.filters.failedOnly ? ['failed calls only'] : []),
  ];
  if (filters.length) fields.push({ label: 'Filter', value: filters.join(', ') });

  const sections: CardSection[] = [];
  if (unavailable.length) sections.push({ title: 'Not reachable', items: unavailable });
  if (failures.length)
    sections.push({ title: 'Failures by cause, most frequent first', checks: failures.map(groupRow) });
  if (report.notes.length) sections.push({ items: report.notes });
  const listed = report.calls.slice(0, MAX_LISTED_CALLS);
  if (listed.length) {
    const more = report.calls.length - listed.length;
    sections.push({
      title: report.filters.failedOnly ? 'Failed calls, newest first' : 'Calls, newest first',
      items: [...listed.map(callLine), ...(more > 0 ? [`…and ${more} more (narrow with --since or --number)`] : [])],
    });
  }

  const fixButtons: CardButton[] = [];
  for (const g of failures) {
    for (const d of g.doctor) {
      if (!d.remediationValue || fixButtons.some((b) => b.value === d.remediationValue)) continue;
      fixButtons.push({
        actionId: REMEDIATE_ACTION_ID,
        label: `Fix ${d.rule}`,
        value: d.remediationValue,
        style: 'primary',
      });
    }
  }
  const buttons: CardButton[] = [
    ...fixButtons.slice(0, MAX_FIX_BUTTONS),
    { actionId: COMMAND_RUN_ACTION, label: 'Refresh', value: callsCommand(report) },
    { actionId: COMMAND_RUN_ACTION, label: 'Run the doctor', value: 'doctor --fresh' },
  ];
  return {
    title,
    status,
    summary,
    fields,
    sections,
    buttons,
    footer: [
      'Read ',
      cardTime(report.until),
      ' from Twilio (calls, call summaries, alerts) and Genesys Cloud (conversation details) · read-only',
    ],
  };
}
