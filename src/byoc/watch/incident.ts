/**
 * An incident: one subject (a BYOC trunk, the Twilio account) in a bad state long enough to tell people, from the
 * moment it opens until it recovers. Pure transitions; the store keeps incidents in Redis and the chat side posts
 * one message per incident, its timeline as thread replies.
 */
import type { Finding, Severity, SubjectHealth } from './health.js';

export type TimelineKind = 'opened' | 'worse' | 'better' | 'changed' | 'recovered' | 'acknowledged' | 'reminder';

export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  text: string;
  findings?: Finding[];
  /** Set once the entry is a reply in the incident's thread. */
  posted: boolean;
}

export interface Incident {
  id: string;
  subject: string;
  label: string;
  trunkName?: string;
  /** The worst severity it has now (or had when it recovered). */
  severity: Exclude<Severity, 'healthy'>;
  status: 'open' | 'recovered';
  openedAt: string;
  updatedAt: string;
  recoveredAt?: string;
  findings: Finding[];
  acknowledged?: { by: string; at: string };
  timeline: TimelineEntry[];
  /** Bumped on every change; names the job that updates the message. */
  revision: number;
}

export function openIncident(id: string, health: SubjectHealth, at: string): Incident {
  const severity = health.severity === 'healthy' ? 'degraded' : health.severity;
  return {
    id,
    subject: health.subject,
    label: health.label,
    trunkName: health.trunkName,
    severity,
    status: 'open',
    openedAt: at,
    updatedAt: at,
    findings: health.findings,
    timeline: [
      { at, kind: 'opened', text: `${health.label} is ${severity}.`, findings: health.findings, posted: false },
    ],
    revision: 1,
  };
}

/** The subject's state moved while the incident is open: a new severity or other findings. */
export function moveIncident(incident: Incident, health: SubjectHealth, at: string): Incident {
  if (health.severity === 'healthy') return recoverIncident(incident, at);
  const kind: TimelineKind =
    health.severity === incident.severity ? 'changed' : health.severity === 'down' ? 'worse' : 'better';
  const text =
    kind === 'changed'
      ? `${health.label} is still ${health.severity}; what is wrong changed.`
      : `${health.label} is now ${health.severity} (was ${incident.severity}).`;
  return {
    ...incident,
    severity: health.severity,
    findings: health.findings,
    updatedAt: at,
    timeline: [...incident.timeline, { at, kind, text, findings: health.findings, posted: false }],
    revision: incident.revision + 1,
  };
}

export function recoverIncident(incident: Incident, at: string): Incident {
  return {
    ...incident,
    status: 'recovered',
    recoveredAt: at,
    updatedAt: at,
    timeline: [
      ...incident.timeline,
      {
        at,
        kind: 'recovered',
        text: `${incident.label} recovered after ${formatDuration(Date.parse(at) - Date.parse(incident.openedAt))}.`,
        posted: false,
      },
    ],
    revision: incident.revision + 1,
  };
}

export function acknowledgeIncident(incident: Incident, by: string, at: string): Incident {
  return {
    ...incident,
    acknowledged: { by, at },
    updatedAt: at,
    timeline: [...incident.timeline, { at, kind: 'acknowledged', text: `Acknowledged by ${by}.`, posted: false }],
    revision: incident.revision + 1,
  };
}

export function remindIncident(incident: Incident, at: string): Incident {
  const open = formatDuration(Date.parse(at) - Date.parse(incident.openedAt));
  return {
    ...incident,
    timeline: [
      ...incident.timeline,
      {
        at,
        kind: 'reminder',
        text: `Still ${incident.severity} after ${open}, and nobody has acknowledged it.`,
        posted: false,
      },
    ],
    revision: incident.revision + 1,
  };
}

/** `1 h 5 min`, `3 min 20 s`, `12 s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return sec > 0 ? `${m} min ${sec} s` : `${m} min`;
  return `${sec} s`;
}
