/** What the audit stream records and how it is asked for: plain data, shared by the log, its card and the jobs. */

/** What happened. */
export type AuditAction = 'request' | 'approve' | 'reject' | 'expire' | 'apply' | 'fail';

/** How it ended: `refused` is a press or request that was not allowed (wrong role, own request, expired). */
export type AuditOutcome =
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'applied'
  | 'unchanged'
  | 'unverified'
  | 'failed'
  | 'refused';

export interface AuditInput {
  action: AuditAction;
  /** Who did it, as the platform names them (e.g. a Slack user id), or `system` for expiry. */
  actor: string;
  approvalId?: string;
  trunk?: string;
  /** An E.164 number, for DID changes. */
  number?: string;
  /** One line a person reads: "Disable trunk twilioABC". */
  summary: string;
  outcome: AuditOutcome;
  /** Anything else worth keeping (before/after, reason, error reference). Never secrets. */
  details?: Record<string, unknown>;
}

export interface AuditEntry extends Omit<AuditInput, 'details'> {
  /** The stream entry id (`<ms>-<seq>`). */
  id: string;
  /** ISO 8601, from the clock given to the log. */
  at: string;
  details: Record<string, unknown>;
}

export interface AuditQuery {
  /** How many entries, newest first (default 20, at most 500). */
  last?: number;
  /** Only entries about this trunk (case-insensitive). */
  trunk?: string;
  /** Only entries about this number (compared digit by digit, so `+33 1 23 45 67 89` finds `+33123456789`). */
  number?: string;
}
