/**
 * What the watcher sees, and what in it is worth waking someone for. Pure: a function of a `WatchView` (the BYOC
 * trunks, their instances on the edges, the edges) or of the Twilio Monitor alerts since the last look.
 *
 * Each BYOC trunk is one subject, and so is the Twilio account: a subject is healthy, degraded (calls still have
 * a way through) or down (they do not). Each finding names the checklist rule that covers it and its fix.
 */

import { commandLine } from '../command-line.js';
import type { RuleId } from '../doctor/rule-ids.js';

export type Severity = 'healthy' | 'degraded' | 'down';

export interface WatchedEdge {
  id: string;
  name: string;
  online: boolean;
}

export interface WatchedInstance {
  id: string;
  name: string;
  trunkBaseId: string;
  edge: { id: string; name: string };
  inService: boolean;
  connected: boolean;
  options: { proxyAddress: string; ok: boolean; error?: string }[];
  /** The error text Genesys gives for the instance (connectedStatus / ipStatus). */
  error?: string;
}

export interface WatchView {
  /** ISO time the view was read (or last patched by an event). */
  at: string;
  trunks: { id: string; name: string }[];
  instances: WatchedInstance[];
  edges: WatchedEdge[];
}

export type FindingKind =
  | 'out-of-service'
  | 'no-instances'
  | 'edges-down'
  | 'disconnected'
  | 'options-failing'
  | 'twilio-alerts';

export interface Finding {
  kind: FindingKind;
  severity: Exclude<Severity, 'healthy'>;
  /** The edge it happens on, when it is one edge's. */
  edge?: string;
  message: string;
  /** The vendor's own error text, as given. */
  error?: string;
  rule: RuleId;
  fix: string;
}

export interface SubjectHealth {
  /** `trunk:<trunk base id>` or `twilio:<account sid>`. */
  subject: string;
  /** What people call it: the trunk's name, or "Twilio account". */
  label: string;
  /** The trunk's name for Status / Doctor, when the subject is a trunk. */
  trunkName?: string;
  severity: Severity;
  findings: Finding[];
}

const RANK: Record<Severity, number> = { healthy: 0, degraded: 1, down: 2 };

export function worstOf(severities: Severity[]): Severity {
  return severities.reduce<Severity>((a, b) => (RANK[b] > RANK[a] ? b : a), 'healthy');
}

export function trunkSubject(trunkBaseId: string): string {
  return `trunk:${trunkBaseId}`;
}

/** One health per BYOC trunk of the view. */
export function trunkHealth(view: WatchView): SubjectHealth[] {
  return view.trunks.map((t) => {
    const findings = trunkFindings(
      t.name,
      view.instances.filter((i) => i.trunkBaseId === t.id),
      view.edges,
    );
    return {
      subject: trunkSubject(t.id),
      label: t.name,
      trunkName: t.name,
      severity: worstOf(findings.map((f) => f.severity)),
      findings,
    };
  });
}

function trunkFindings(name: string, instances: WatchedInstance[], edges: WatchedEdge[]): Finding[] {
  if (instances.length === 0) {
    return [
      {
        kind: 'no-instances',
        severity: 'down',
        message: `"${name}" has no trunk instance on any edge.`,
        rule: 'GC-TRUNK-CONNECTED',
        fix: 'Check the trunk is in service and used by a site (its Number Plan Site).',
      },
    ];
  }
  if (instances.every((i) => !i.inService)) {
    return [
      {
        kind: 'out-of-service',
        severity: 'down',
        message: `"${name}" is out of service: no call can use it.`,
        rule: 'GC-TRUNK-INSERVICE',
        fix: `Put it in service: ${commandLine(`trunk enable ${name}`)} (or Telephony > Trunks > ${name} > Trunk State).`,
      },
    ];
  }
  const online = (edgeId: string) => edges.find((e) => e.id === edgeId)?.online ?? true;
  if (instances.every((i) => !online(i.edge.id))) {
    return [
      {
        kind: 'edges-down',
        severity: 'down',
        message: `Every edge "${name}" runs on is offline (${instances.map((i) => i.edge.name).join(', ')}).`,
        rule: 'GC-EDGES',
        fix: "The managed cloud edges are Genesys's: check status.mypurecloud.com and open a Genesys support case.",
      },
    ];
  }
  const findings: Finding[] = [];
  const usable = instances.filter((i) => i.inService && online(i.edge.id) && i.connected);
  const allDown = usable.length === 0;
  for (const i of instances) {
    if (!online(i.edge.id)) {
      findings.push({
        kind: 'edges-down',
        severity: allDown ? 'down' : 'degraded',
        edge: i.edge.name,
        message: `Edge ${i.edge.name} is offline.`,
        error: i.error,
        rule: 'GC-EDGES',
        fix: "The managed cloud edges are Genesys's: check status.mypurecloud.com.",
      });
      continue;
    }
    if (!i.connected) {
      const error = i.error ?? i.options.find((o) => !o.ok)?.error;
      findings.push({
        kind: 'disconnected',
        severity: allDown ? 'down' : 'degraded',
        edge: i.edge.name,
        message: `"${name}" is disconnected on ${i.edge.name}.`,
        error,
        ...disconnectedRule(error),
      });
      continue;
    }
    const failing = i.options.filter((o) => !o.ok);
    if (failing.length > 0) {
      findings.push({
        kind: 'options-failing',
        severity: 'degraded',
        edge: i.edge.name,
        message: `SIP OPTIONS to ${failing.map((o) => o.proxyAddress).join(', ')} fail on ${i.edge.name}.`,
        error: failing.map((o) => o.error).find((e) => e !== undefined),
        rule: 'GC-TRUNK-PROXY',
        fix: "Check the trunk's SIP servers are the Twilio termination URI and Twilio answers OPTIONS from the edge (TW-ACL).",
      });
    }
  }
  return findings;
}

/** The rule a disconnection's error text points to (the doctor's GC-TRUNK-CONNECTED reading of it). */
function disconnectedRule(error: string | undefined): { rule: RuleId; fix: string } {
  if (error && /\b40[37]\b|auth|credential/i.test(error)) {
    return {
      rule: 'GC-TRUNK-DIGEST',
      fix: "Twilio refuses the edge's credentials: check the trunk's digest user against the Twilio credential list (TW-CREDENTIALS).",
    };
  }
  return {
    rule: 'TW-ACL',
    fix: `A timeout usually means the Twilio termination URI is wrong or Twilio's IP ACL does not list the Genesys edges: run ${commandLine('doctor')}.`,
  };
}

// ---------------------------------------------------------------- Twilio Monitor alerts

export interface AlertSeen {
  errorCode: string;
  alertText: string;
}

/** Elastic SIP Trunking error codes (twilio.com/docs/api/errors) and the checklist rule for each. */
const TWILIO_CODES: Record<string, { title: string; rule: RuleId; fix: string }> = {
  '32001': {
    title: 'trunk CPS limit exceeded',
    rule: 'TW-TRUNK',
    fix: 'Raise the trunk CPS with Twilio, or spread calls.',
  },
  '32012': { title: 'pooled CPS limit exceeded', rule: 'TW-TRUNK', fix: 'Raise the account CPS with Twilio.' },
  '32010': {
    title: 'no valid origination URIs',
    rule: 'TW-ORIGINATION',
    fix: "Point the Twilio trunk's origination URL at the Genesys trunk's SIP termination URI.",
  },
  '32011': {
    title: 'error communicating with your SIP infrastructure',
    rule: 'TW-ORIGINATION',
    fix: 'Genesys did not answer Twilio: check the origination URL and that the BYOC trunk is in service.',
  },
  '32201': {
    title: 'source IP not in the ACL',
    rule: 'TW-ACL',
    fix: "Add the Genesys BYOC signalling addresses to the Twilio trunk's IP access control list.",
  },
  '32202': {
    title: 'bad user credentials',
    rule: 'TW-CREDENTIALS',
    fix: "Make the Genesys trunk's digest user and password match the Twilio credential list (GC-TRUNK-DIGEST).",
  },
  '32204': {
    title: 'caller ID not verified',
    rule: 'GC-TRUNK-CALLING-ADDRESS',
    fix: 'Send a caller ID that is a Twilio number of the account.',
  },
  '32206': {
    title: 'invalid From number',
    rule: 'GC-TRUNK-CALLING-ADDRESS',
    fix: 'Send the caller ID in E.164 with the +.',
  },
};

/** Elastic SIP Trunking alerts (32xxx) at or above `threshold` within one look: a burst worth an incident. */
export function twilioAlertHealth(accountSid: string, alerts: AlertSeen[], threshold: number): SubjectHealth {
  const trunking = alerts.filter((a) => /^32\d{3}$/.test(a.errorCode));
  const subject = { subject: `twilio:${accountSid}`, label: 'Twilio Elastic SIP Trunking' };
  if (trunking.length < threshold) return { ...subject, severity: 'healthy', findings: [] };
  const byCode = new Map<string, AlertSeen[]>();
  for (const a of trunking) byCode.set(a.errorCode, [...(byCode.get(a.errorCode) ?? []), a]);
  const findings: Finding[] = [...byCode.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .map(([code, list]) => {
      const known = TWILIO_CODES[code];
      return {
        kind: 'twilio-alerts',
        severity: 'degraded',
        message: `${list.length} × Twilio ${code}${known ? ` (${known.title})` : ''}.`,
        error: list[0]?.alertText,
        rule: known?.rule ?? 'TW-TRUNK',
        fix: known?.fix ?? `See https://www.twilio.com/docs/api/errors/${code}.`,
      };
    });
  return { ...subject, severity: 'degraded', findings };
}

/** Two healths are the same state when their severity and their findings (kind, edge) are. */
export function signatureOf(h: Pick<SubjectHealth, 'severity' | 'findings'>): string {
  return [h.severity, ...h.findings.map((f) => `${f.kind}@${f.edge ?? ''}`).sort()].join('|');
}
