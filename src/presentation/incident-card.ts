/**
 * How incidents and the watch look in chat: the incident message (updated in place as it moves), its thread
 * replies (the timeline), `/byoc watch` and `/byoc incidents`. Platform-neutral cards.
 */

import type { Finding } from '../byoc/watch/health.js';
import { formatDuration, type Incident, type TimelineEntry } from '../byoc/watch/incident.js';
import type { Card, CardButton, CardSection, CardStatus, CheckRow } from '../cards/card.js';
import { INCIDENT_ACK_ACTION, INCIDENT_DOCTOR_ACTION, INCIDENT_STATUS_ACTION } from './chat-names.js';

const ICON = { down: ':red_circle:', degraded: ':large_orange_circle:', recovered: ':large_green_circle:' };

function statusOf(incident: Incident): CardStatus {
  if (incident.status === 'recovered') return 'ok';
  return incident.severity === 'down' ? 'fail' : 'warn';
}

export function findingRows(findings: Finding[]): CheckRow[] {
  return findings.map((f) => ({
    status: f.severity === 'down' ? 'fail' : 'warn',
    label: f.edge ? `${f.edge}: ${f.message}` : f.message,
    detail: f.error ? `Genesys/Twilio says: "${f.error}"` : undefined,
    fix: `${f.rule}: ${f.fix}`,
  }));
}

/** The one message of an incident. */
export function incidentCard(incident: Incident, nowMs: number): Card {
  const recovered = incident.status === 'recovered';
  const lasted = formatDuration(
    (recovered && incident.recoveredAt ? Date.parse(incident.recoveredAt) : nowMs) - Date.parse(incident.openedAt),
  );
  const title = recovered
    ? `${ICON.recovered} Recovered: ${incident.label} (was ${incident.severity})`
    : `${ICON[incident.severity]} ${incident.label} is ${incident.severity.toUpperCase()}`;
  const buttons: CardButton[] = [];
  if (!recovered && !incident.acknowledged) {
    buttons.push({ actionId: INCIDENT_ACK_ACTION, label: 'Acknowledge', value: incident.id, style: 'primary' });
  }
  buttons.push({ actionId: INCIDENT_STATUS_ACTION, label: 'Status', value: incident.id });
  buttons.push({ actionId: INCIDENT_DOCTOR_ACTION, label: 'Doctor', value: incident.id });
  return {
    title,
    status: statusOf(incident),
    summary: recovered
      ? `It lasted ${lasted}: from ${incident.openedAt} to ${incident.recoveredAt}.`
      : `Since ${incident.openedAt} (${lasted}). The timeline is in the thread.`,
    fields: [
      { label: 'Incident', value: incident.id },
      { label: 'Acknowledged', value: incident.acknowledged ? `by ${incident.acknowledged.by}` : 'not yet' },
    ],
    sections: recovered ? [] : [{ title: 'What is wrong', checks: findingRows(incident.findings) }],
    buttons,
    footer: `byoc watch · updated ${incident.updatedAt}`,
  };
}

/** One thread reply of the timeline. */
export function timelineCard(incident: Incident, entry: TimelineEntry): Card {
  const status: CardStatus =
    entry.kind === 'recovered' || entry.kind === 'better'
      ? 'ok'
      : entry.kind === 'acknowledged'
        ? 'info'
        : incident.severity === 'down'
          ? 'fail'
          : 'warn';
  return {
    title: entry.text,
    status,
    sections: entry.findings?.length ? [{ checks: findingRows(entry.findings) }] : [],
    footer: entry.at,
  };
}

export interface WatchOverview {
  /** False: ALERT_CHANNEL is not set or Genesys is not configured. */
  enabled: boolean;
  why?: string;
  mode?: 'push' | 'polling';
  holder?: string;
  trunks: string[];
  instances: number;
  edges: string[];
  lastEventAt?: string;
  lastPollAt?: string;
  alertChannel?: string;
  /** The last notification subscription: topics Genesys refused (and its reason when it refused them all). */
  subscriptions?: { wanted: number; refused: string[]; error?: string };
  open: Incident[];
}

/** Refused topics listed by name, at most this many. */
const REFUSED_SHOWN = 8;

function refusedSection(s: NonNullable<WatchOverview['subscriptions']>): CardSection[] {
  if (s.refused.length === 0) return [];
  const shown = s.refused.slice(0, REFUSED_SHOWN).map((t) => `\`${t}\``);
  if (s.refused.length > shown.length) shown.push(`…and ${s.refused.length - shown.length} more`);
  const what = s.error
    ? `Genesys refused the notification subscription: ${s.error}`
    : `Genesys did not subscribe ${s.refused.length} of the ${s.wanted} topics: their changes are seen only by the poll.`;
  return [
    {
      title: 'Notifications refused',
      text: `${what} The OAuth client may lack the permission these topics need (telephony edge and trunk view).`,
      items: shown,
    },
  ];
}

export function watchCard(w: WatchOverview, nowMs: number): Card {
  if (!w.enabled) {
    return { title: 'The trunks are not watched', status: 'skip', summary: w.why };
  }
  const how =
    w.mode === 'push'
      ? 'push (Genesys notifications), with a safety poll'
      : w.mode === 'polling'
        ? 'polling (push is not working right now)'
        : 'starting';
  const refused = w.subscriptions ? refusedSection(w.subscriptions) : [];
  return {
    title: w.open.length
      ? `Watching: ${w.open.length} open incident(s)`
      : refused.length
        ? 'Watching, but Genesys refused some notifications'
        : 'Watching: all quiet',
    status: w.open.some((i) => i.severity === 'down') ? 'fail' : w.open.length || refused.length ? 'warn' : 'ok',
    fields: [
      { label: 'How', value: how },
      { label: 'Trunks', value: w.trunks.length ? w.trunks.join(', ') : 'none read yet' },
      { label: 'Instances / edges', value: `${w.instances} on ${w.edges.join(', ') || 'no edge'}` },
      { label: 'Last event', value: w.lastEventAt ?? 'none yet' },
      { label: 'Last poll', value: w.lastPollAt ?? 'none yet' },
      { label: 'Alerts go to', value: w.alertChannel ?? 'nowhere' },
    ],
    sections: [
      ...refused,
      ...(w.open.length ? [{ title: 'Open incidents', items: w.open.map((i) => incidentLine(i, nowMs)) }] : []),
    ],
    footer: w.holder ? `watch held by ${w.holder}` : undefined,
  };
}

export function incidentsCard(incidents: Incident[], nowMs: number): Card {
  return {
    title: incidents.length ? `The last ${incidents.length} incident(s)` : 'No incident yet',
    status: incidents.some((i) => i.status === 'open') ? 'warn' : 'ok',
    sections: incidents.length ? [{ items: incidents.map((i) => incidentLine(i, nowMs)) }] : [],
  };
}

function incidentLine(i: Incident, nowMs: number): string {
  const end = i.recoveredAt ? Date.parse(i.recoveredAt) : nowMs;
  const lasted = formatDuration(end - Date.parse(i.openedAt));
  const state = i.status === 'open' ? `*${i.severity}* for ${lasted}` : `recovered after ${lasted} (was ${i.severity})`;
  const ack = i.acknowledged
    ? `, acknowledged by ${i.acknowledged.by}`
    : i.status === 'open'
      ? ', not acknowledged'
      : '';
  return `${i.openedAt} · ${i.label}: ${state}${ack} · \`${i.id}\``;
}
