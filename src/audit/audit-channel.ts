/**
 * What the audit channel (AUDIT_CHANNEL) is for: the end of each change's story, as the people responsible for the
 * trunk want to follow it. A change applied (verified or not, or found already in place), a change that failed, a
 * request rejected or expired. Requests and approvals are on their own approval card; refused presses (wrong role,
 * an expired or forged button) stay in the logs and `/byoc audit`, where they do not drown the changes.
 */
import type { AuditEntry, AuditOutcome } from './audit-log.js';

const CHANNEL_OUTCOMES: ReadonlySet<AuditOutcome> = new Set([
  'applied',
  'unchanged',
  'unverified',
  'failed',
  'rejected',
  'expired',
]);

export function belongsInAuditChannel(entry: Pick<AuditEntry, 'outcome'>): boolean {
  return CHANNEL_OUTCOMES.has(entry.outcome);
}
