/**
 * `/byoc audit` as a card: one compact row per entry (when, who, what, outcome), newest first, in the order
 * the log gave them (not grouped by outcome: an audit trail is read as a timeline). Pure.
 */

import type { AuditEntry, AuditQuery } from '../audit/audit-log.js';
import type { Card } from '../cards/card.js';

export function auditCard(entries: readonly AuditEntry[], filter: AuditQuery = {}): Card {
  const about = describeFilter(filter);
  const title = about ? `Audit log: ${about}` : 'Audit log';
  if (entries.length === 0) {
    return {
      title,
      status: 'info',
      summary: about ? `No changes recorded for ${about}.` : 'No changes recorded yet.',
    };
  }
  // Always `info`: the card answers a question; a failed change in the list is not a failure of this command.
  return {
    title,
    status: 'info',
    summary: `The last ${entries.length === 1 ? 'entry' : `${entries.length} entries`}, newest first.`,
    sections: [{ items: entries.map(row) }],
    footer: 'Times in UTC.',
  };
}

function row(entry: AuditEntry): string {
  const ref = entry.approvalId ? ` (${entry.approvalId})` : '';
  return `\`${when(entry.at)}\` ${entry.actor} · ${entry.summary}${ref} · *${entry.outcome}*`;
}

/** `2024-05-01 10:22`: minutes are enough to find the moment, and the row stays on one line. */
function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 16).replace('T', ' ');
}

function describeFilter(filter: AuditQuery): string {
  const parts: string[] = [];
  if (filter.trunk) parts.push(`trunk ${filter.trunk}`);
  if (filter.number) parts.push(`number ${filter.number}`);
  return parts.join(', ');
}
