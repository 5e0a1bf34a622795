/**
 * `/byoc calls`: the recent calls through the BYOC trunk as both vendors saw them, merged into one list, and the
 * failures grouped by cause (most frequent first) with the checklist rule that explains each.
 *
 * Pure: the gatherer (src/calls) reads Twilio's calls, Voice Insights summaries and Monitor alerts, and Genesys
 * Cloud's conversation details, and hands them here as `CallEvidence`.
 *
 * One call is seen up to three times: Twilio's Call resource, Twilio's call summary (about 10 minutes after the call
 * ends; https://www.twilio.com/docs/voice/voice-insights/api/call/call-summary-resource), and Genesys' conversation
 * on the trunk's edge. The SIP Call-ID ties them together (Twilio's `sip_edge.properties.sip_call_id`, Genesys'
 * session `protocolCallId`); without it, the same numbers within half a minute in the same direction do.
 */

import type { RuleId } from '../doctor/rule-ids.js';
import { remediationValue } from '../doctor/run.js';
import type { DoctorReport, Finding } from '../doctor/types.js';
import { type CallDirection, type Cause, type CauseKey, causeOf, classify, NORMAL_ENDINGS } from './causes.js';

// ---------------------------------------------------------------- what the gatherer hands over

export interface TwilioCallEvidence {
  sid: string;
  from: string;
  to: string;
  /** The Call resource's status: queued, ringing, in-progress, completed, busy, failed, no-answer, canceled. */
  status: string;
  direction: CallDirection;
  /** ISO 8601. */
  startedAt: string;
  durationSeconds: number | null;
  /** `properties.last_sip_response_num` of the call's summary, when the summary exists yet. */
  sipCode?: number;
  disconnectedBy?: string;
  /** `sip_edge.properties.sip_call_id`. */
  sipCallId?: string;
}

export interface TwilioAlertEvidence {
  sid: string;
  errorCode: string;
  alertText: string;
  /** ISO 8601. */
  at: string;
  /** The Call (`CA…`) or trunk (`TK…`) the alert is about, when Twilio says. */
  resourceSid?: string;
}

export interface GenesysConversationEvidence {
  id: string;
  /** ISO 8601. */
  startedAt: string;
  direction: CallDirection;
  /** E.164, without Genesys' `tel:` scheme. */
  ani?: string;
  dnis?: string;
  edgeName?: string;
  /** Every SIP response code on the trunk-side session's segments. */
  sipCodes: number[];
  errorCode?: string;
  disconnectType?: string;
  protocolCallId?: string;
}

type Half<T> = ({ available: true } & T) | { available: false; reason: string };

export interface CallEvidence {
  /** ISO 8601, both ends included. */
  since: string;
  until: string;
  /** The Twilio trunk the BYOC trunk sends to, when it is known. */
  twilioTrunk?: { sid: string; name: string };
  /** The Genesys BYOC trunks whose edges were asked about. */
  genesysTrunks: string[];
  twilio: Half<{ calls: TwilioCallEvidence[]; alerts: TwilioAlertEvidence[] }>;
  genesys: Half<{ conversations: GenesysConversationEvidence[] }>;
}

export interface CallFilters {
  failedOnly: boolean;
  /** E.164. */
  number?: string;
  direction?: CallDirection;
}

// ---------------------------------------------------------------- what comes out

export type CallOutcome = 'ok' | 'not-answered' | 'failed' | 'in-progress';

export interface CallView {
  startedAt: string;
  direction: CallDirection;
  from?: string;
  to?: string;
  outcome: CallOutcome;
  /** The failing (or final) SIP response, from either vendor. */
  sipCode?: number;
  twilioErrorCodes: string[];
  twilioCallSid?: string;
  twilioStatus?: string;
  genesysConversationId?: string;
  genesysErrorCode?: string;
  disconnectType?: string;
  edgeName?: string;
  /** Set on failures whose codes are known. */
  cause?: CauseKey;
  /** Seen by Twilio, Genesys or both. */
  seenBy: ('twilio' | 'genesys')[];
}

/** A doctor finding that fails or warns now for one of a cause's rules. */
export interface DoctorLink {
  rule: RuleId;
  status: 'fail' | 'warn';
  message: string;
  fix: string;
  /** When the doctor can fix it: the value its fix button carries (`<rule>|<index>`). */
  remediationValue?: string;
}

export interface FailureGroup {
  /** The cause, or undefined when the codes are not known: then `codes` says what was seen. */
  cause?: Cause;
  /** Calls that failed this way. */
  calls: number;
  /** Twilio alerts of this cause with no call in the list (an INVITE refused before a call existed). */
  alertsWithoutCall: number;
  /** Every code seen in the group, e.g. `Twilio 32201`, `SIP 403`. */
  codes: string[];
  /** The most recent failing call of the group, if any. */
  example?: CallView;
  /** The example alert when the group has no call. */
  exampleAlert?: TwilioAlertEvidence;
  /** The cause's rules that the doctor finds failing or warning right now. */
  doctor: DoctorLink[];
}

export interface CallReport {
  since: string;
  until: string;
  filters: CallFilters;
  twilioTrunk?: { sid: string; name: string };
  genesysTrunks: string[];
  unavailable: { twilio?: string; genesys?: string };
  counts: { calls: number; failed: number; ok: number; notAnswered: number; inProgress: number };
  /** Most frequent first. */
  groups: FailureGroup[];
  /** The calls that match the filters, newest first. */
  calls: CallView[];
  /** Things a person should know to read the rest right. */
  notes: string[];
}

// ---------------------------------------------------------------- merging

/** Twilio's status -> the outcome, before the SIP code has its say. */
function twilioOutcome(status: string): CallOutcome {
  if (status === 'completed') return 'ok';
  if (status === 'failed') return 'failed';
  if (status === 'busy' || status === 'no-answer' || status === 'canceled') return 'not-answered';
  return 'in-progress';
}

/** Genesys' disconnect types that mean the call failed, not that someone hung up. */
const FAILED_DISCONNECTS = new Set(['error', 'system', 'transportFailure', 'uncallable', 'timeout']);

const failingSip = (code: number | undefined) => code !== undefined && code >= 400 && !NORMAL_ENDINGS.has(code);

/** The last failing SIP code Genesys saw, else its last code. */
function genesysSip(c: GenesysConversationEvidence): number | undefined {
  const failing = c.sipCodes.filter(failingSip);
  return failing.at(-1) ?? c.sipCodes.at(-1);
}

const SAME_CALL_WINDOW_MS = 30_000;

function sameCall(t: TwilioCallEvidence, g: GenesysConversationEvidence): boolean {
  if (t.sipCallId && g.protocolCallId) return t.sipCallId === g.protocolCallId;
  if (t.direction !== g.direction) return false;
  if (t.from !== g.ani || t.to !== g.dnis) return false;
  return Math.abs(Date.parse(t.startedAt) - Date.parse(g.startedAt)) <= SAME_CALL_WINDOW_MS;
}

function mergeOne(
  t: TwilioCallEvidence | undefined,
  g: GenesysConversationEvidence | undefined,
  alerts: TwilioAlertEvidence[],
): CallView {
  const twilioErrorCodes = [...new Set(alerts.map((a) => a.errorCode))];
  const gSip = g ? genesysSip(g) : undefined;
  // A failing code from either side wins over a non-failing one; Twilio's is the final word otherwise.
  const sipCode = failingSip(t?.sipCode) ? t?.sipCode : failingSip(gSip) ? gSip : (t?.sipCode ?? gSip);
  let outcome: CallOutcome = t ? twilioOutcome(t.status) : 'ok';
  if (!t && g) {
    const last = g.sipCodes.at(-1);
    if (last !== undefined && NORMAL_ENDINGS.has(last) && last !== 200) outcome = 'not-answered';
  }
  if (failingSip(sipCode) || (g?.disconnectType !== undefined && FAILED_DISCONNECTS.has(g.disconnectType))) {
    outcome = 'failed';
  }
  if (outcome === 'not-answered' && sipCode !== undefined && !NORMAL_ENDINGS.has(sipCode)) outcome = 'failed';
  const direction = (t?.direction ?? g?.direction) as CallDirection;
  const view: CallView = {
    startedAt: t?.startedAt ?? (g?.startedAt as string),
    direction,
    ...(t ? { from: t.from, to: t.to } : g ? { from: g.ani, to: g.dnis } : {}),
    outcome,
    ...(sipCode !== undefined ? { sipCode } : {}),
    twilioErrorCodes,
    ...(t ? { twilioCallSid: t.sid, twilioStatus: t.status } : {}),
    ...(g ? { genesysConversationId: g.id } : {}),
    ...(g?.errorCode ? { genesysErrorCode: g.errorCode } : {}),
    ...(g?.disconnectType ? { disconnectType: g.disconnectType } : {}),
    ...(g?.edgeName ? { edgeName: g.edgeName } : {}),
    seenBy: [...(t ? (['twilio'] as const) : []), ...(g ? (['genesys'] as const) : [])],
  };
  if (outcome === 'failed') {
    const cause = classify({
      twilioErrorCodes,
      ...(failingSip(sipCode) ? { sipCode } : {}),
      direction,
    });
    if (cause) view.cause = cause.key;
  }
  return view;
}

/** Every call once, newest first, with the alerts that name it; and the alerts that name no listed call. */
export function mergeCalls(evidence: CallEvidence): { calls: CallView[]; loneAlerts: TwilioAlertEvidence[] } {
  const twilioCalls = evidence.twilio.available ? evidence.twilio.calls : [];
  const alerts = evidence.twilio.available ? evidence.twilio.alerts : [];
  const conversations = evidence.genesys.available ? [...evidence.genesys.conversations] : [];
  const callSids = new Set(twilioCalls.map((c) => c.sid));

  const views = twilioCalls.map((t) => {
    const index = conversations.findIndex((g) => sameCall(t, g));
    const g = index === -1 ? undefined : conversations.splice(index, 1)[0];
    return mergeOne(
      t,
      g,
      alerts.filter((a) => a.resourceSid === t.sid),
    );
  });
  const trunkSid = evidence.twilioTrunk?.sid;
  const unlinked = alerts.filter((a) => {
    if (a.resourceSid && callSids.has(a.resourceSid)) return false;
    // A Call of another trunk, or of no trunk: not ours.
    if (a.resourceSid?.startsWith('CA')) return false;
    return a.resourceSid === trunkSid || /^32\d{3}$/.test(a.errorCode);
  });
  // Twilio refuses some INVITEs before any Call exists (source IP not in the ACL, bad credentials, caller ID, CPS):
  // it raises an alert about the trunk, and only Genesys has a record of the call. An alert within a minute of such
  // a failed Genesys call is that call's reason.
  for (const g of conversations) {
    const view = mergeOne(undefined, g, []);
    if (view.outcome === 'failed' && view.direction === 'outbound') {
      const at = Date.parse(g.startedAt);
      const distance = (a: TwilioAlertEvidence) => Math.abs(Date.parse(a.at) - at);
      const nearest = unlinked.reduce<number>(
        (best, a, i) => (distance(a) <= 60_000 && (best === -1 || distance(a) < distance(unlinked[best]!)) ? i : best),
        -1,
      );
      const index = nearest;
      if (index !== -1) {
        views.push(mergeOne(undefined, g, unlinked.splice(index, 1)));
        continue;
      }
    }
    views.push(view);
  }
  views.sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  return { calls: views, loneAlerts: unlinked };
}

// ---------------------------------------------------------------- grouping

function codesOf(view: CallView): string[] {
  return [
    ...view.twilioErrorCodes.map((c) => `Twilio ${c}`),
    ...(failingSip(view.sipCode) ? [`SIP ${view.sipCode}`] : []),
    ...(view.genesysErrorCode ? [`Genesys ${view.genesysErrorCode}`] : []),
  ];
}

function doctorLinks(cause: Cause | undefined, doctor: DoctorReport | undefined): DoctorLink[] {
  if (!cause || !doctor) return [];
  const links: DoctorLink[] = [];
  for (const rule of cause.rules) {
    const bad = doctor.findings.filter(
      (f): f is Finding & { status: 'fail' | 'warn' } =>
        f.rule === rule && (f.status === 'fail' || f.status === 'warn') && !f.silenced,
    );
    for (const f of bad) {
      links.push({
        rule,
        status: f.status,
        message: f.message,
        fix: f.fix,
        ...(f.remediation ? { remediationValue: remediationValue(doctor, f) } : {}),
      });
    }
  }
  return links;
}

function groupKey(view: CallView): string {
  return view.cause ?? `unknown:${codesOf(view).join(',') || view.disconnectType || 'no code'}`;
}

export function groupFailures(
  calls: CallView[],
  loneAlerts: TwilioAlertEvidence[],
  doctor?: DoctorReport,
): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  const groupFor = (key: string, cause: Cause | undefined) => {
    let g = groups.get(key);
    if (!g) {
      g = {
        ...(cause ? { cause } : {}),
        calls: 0,
        alertsWithoutCall: 0,
        codes: [],
        doctor: doctorLinks(cause, doctor),
      };
      groups.set(key, g);
    }
    return g;
  };
  for (const view of calls.filter((c) => c.outcome === 'failed')) {
    const g = groupFor(groupKey(view), view.cause && view.cause !== 'unknown' ? causeOf(view.cause) : undefined);
    g.calls += 1;
    // Calls come newest first: the first one seen is the example.
    g.example ??= view;
    for (const code of codesOf(view)) if (!g.codes.includes(code)) g.codes.push(code);
  }
  for (const alert of loneAlerts) {
    const cause = classify({ twilioErrorCodes: [alert.errorCode], direction: 'outbound' });
    const g = groupFor(cause?.key ?? `unknown:Twilio ${alert.errorCode}`, cause);
    g.alertsWithoutCall += 1;
    g.exampleAlert ??= alert;
    const code = `Twilio ${alert.errorCode}`;
    if (!g.codes.includes(code)) g.codes.push(code);
  }
  return [...groups.values()].sort(
    (a, b) => b.calls + b.alertsWithoutCall - (a.calls + a.alertsWithoutCall) || (a.cause ? -1 : 1),
  );
}

// ---------------------------------------------------------------- the report

const matchesFilters = (view: CallView, f: CallFilters) =>
  (!f.direction || view.direction === f.direction) && (!f.number || view.from === f.number || view.to === f.number);

/** Twilio's summaries appear about 10 minutes after a call ends (Voice Insights call summary resource). */
const SUMMARY_DELAY_MINUTES = 10;

export function troubleshootCalls(
  evidence: CallEvidence,
  filters: CallFilters,
  doctor?: DoctorReport,
  nowMs: number = Date.parse(evidence.until),
): CallReport {
  const merged = mergeCalls(evidence);
  const inScope = merged.calls.filter((c) => matchesFilters(c, filters));
  // A lone alert has no numbers or direction: it counts only when no number or direction narrows the question.
  const loneAlerts = filters.number || filters.direction ? [] : merged.loneAlerts;
  const groups = groupFailures(inScope, loneAlerts, doctor);
  const count = (o: CallOutcome) => inScope.filter((c) => c.outcome === o).length;

  const notes: string[] = [];
  const recentTwilio = inScope.filter(
    (c) =>
      c.twilioCallSid &&
      c.sipCode === undefined &&
      c.outcome !== 'in-progress' &&
      nowMs - Date.parse(c.startedAt) < (SUMMARY_DELAY_MINUTES + 5) * 60_000,
  ).length;
  if (recentTwilio > 0) {
    notes.push(
      `${recentTwilio === 1 ? '1 recent call has' : `${recentTwilio} recent calls have`} no SIP response from Twilio yet: ` +
        `its call summary appears about ${SUMMARY_DELAY_MINUTES} minutes after the call ends.`,
    );
  }
  const warnedButCompleted = inScope.filter((c) => c.outcome === 'ok' && c.twilioErrorCodes.length > 0);
  if (warnedButCompleted.length > 0) {
    const codes = [...new Set(warnedButCompleted.flatMap((c) => c.twilioErrorCodes))].join(', ');
    notes.push(
      `${warnedButCompleted.length === 1 ? '1 call' : `${warnedButCompleted.length} calls`} connected after Twilio ` +
        `warned (${codes}): Twilio tried the next origination URI.`,
    );
  }

  return {
    since: evidence.since,
    until: evidence.until,
    filters,
    ...(evidence.twilioTrunk ? { twilioTrunk: evidence.twilioTrunk } : {}),
    genesysTrunks: evidence.genesysTrunks,
    unavailable: {
      ...(evidence.twilio.available ? {} : { twilio: evidence.twilio.reason }),
      ...(evidence.genesys.available ? {} : { genesys: evidence.genesys.reason }),
    },
    counts: {
      calls: inScope.length,
      failed: count('failed'),
      ok: count('ok'),
      notAnswered: count('not-answered'),
      inProgress: count('in-progress'),
    },
    groups,
    calls: filters.failedOnly ? inScope.filter((c) => c.outcome === 'failed') : inScope,
    notes,
  };
}

// ---------------------------------------------------------------- arguments

export const MAX_SINCE_MINUTES = 7 * 24 * 60;

/** `30m`, `4h`, `2d` -> minutes; or a sentence saying what is wrong. */
export function parseSince(input: string): { minutes: number } | { problem: string } {
  const m = /^\s*(\d+)\s*(m|min|mins|minutes?|h|hours?|d|days?)\s*$/i.exec(input);
  const example = 'write a number of minutes, hours or days, e.g. 30m, 4h or 2d';
  if (!m) return { problem: `"${input}" is not a duration: ${example}` };
  const n = Number(m[1]);
  const unit = (m[2] as string)[0]?.toLowerCase();
  const minutes = unit === 'd' ? n * 1440 : unit === 'h' ? n * 60 : n;
  if (minutes < 1) return { problem: `"${input}" is no time at all: ${example}` };
  if (minutes > MAX_SINCE_MINUTES) {
    return {
      problem: `"${input}" is too far back: at most 7d (Twilio keeps call summaries and alerts longer, but a card would not hold them)`,
    };
  }
  return { minutes };
}
