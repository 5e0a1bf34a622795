/**
 * `/byoc audit` as a card: one compact row per entry (when, who, what, outcome), newest first, in the order
 * the log gave them (not grouped by outcome: an audit trail is read as a timeline). Pure.
 */

import type { AuditEntry, AuditQuery } from '../audit/audit-entry.js';
import { type Card, type CardText, cardTime } from '../cards/card.js';

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
  };
}

/** One line: when (in the reader's own time zone), who, what, how it ended. */
function row(entry: AuditEntry): CardText {
  const ref = entry.approvalId ? ` (${entry.approvalId})` : '';
  return [cardTime(entry.at), ` ${entry.actor} · ${entry.summary}${ref} · *${entry.outcome}*`];
}

function describeFilter(filter: AuditQuery): string {
  const parts: string[] = [];
  if (filter.trunk) parts.push(`trunk ${filter.trunk}`);
  if (filter.number) parts.push(`number ${filter.number}`);
  return parts.join(', ');
}
