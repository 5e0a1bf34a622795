/**
 * The expected "no" answers of the approval store, as coded errors (one code each, the approval in `details`).
 * They are returned, not thrown: the chat layer explains each one to the person who pressed the button (privately)
 * and leaves the card as it is.
 */

import { utcMinute } from '../cards/card.js';
import { CodedError, ERROR_CODES } from '../coded-error.js';
import { type Actor, type Approval, actorName } from './approval.js';

/** The refusal codes; the audit records them as the reason of a refused press, so they never change. */
export type ApprovalRefusalCode = (typeof ERROR_CODES)[
  | 'approvalNotFound'
  | 'approvalExpired'
  | 'selfApproval'
  | 'approvalNotPending'
  | 'approvalNotYetExpired'];

export interface ApprovalRefusalDetails {
  /** The id asked for. */
  approvalId: string;
  /** The approval as the store found it; absent only when no approval of this org has the id. */
  approval?: Approval;
  /** Who decided first, when someone did (`approval.notPending`). */
  by?: Actor;
}

/** A "no" of the store: its code says which, its message is what the presser reads. Never retried. */
export type ApprovalRefusal = CodedError<ApprovalRefusalDetails> & { readonly code: ApprovalRefusalCode };

function refusal(code: ApprovalRefusalCode, message: string, details: ApprovalRefusalDetails): ApprovalRefusal {
  return new CodedError({ code, message, retryable: false, details }) as ApprovalRefusal;
}

/** Unknown id, or an id of another org: the same answer, so a forged id learns nothing. */
export function approvalNotFound(id: string): ApprovalRefusal {
  return refusal(
    ERROR_CODES.approvalNotFound,
    'This approval does not exist (or no longer exists). Nothing was changed.',
    { approvalId: id },
  );
}

/** It was pending but its time ran out; the store has moved it to `expired`. */
export function approvalExpired(approval: Approval): ApprovalRefusal {
  return refusal(
    ERROR_CODES.approvalExpired,
    `This approval expired at ${utcMinute(approval.expiresAt)}. Nothing was changed; ask again if it is still needed.`,
    { approvalId: approval.id, approval },
  );
}

export function selfApprovalRefused(approval: Approval): ApprovalRefusal {
  return refusal(ERROR_CODES.selfApproval, 'You asked for this change, so someone else must approve it.', {
    approvalId: approval.id,
    approval,
  });
}

/** Someone decided first (or the change already ran): says who. */
export function notPending(approval: Approval): ApprovalRefusal {
  const by = approval.state === 'rejected' ? approval.rejectedBy : approval.approvedBy;
  return refusal(ERROR_CODES.approvalNotPending, notPendingMessage(approval.state, by), {
    approvalId: approval.id,
    approval,
    ...(by ? { by } : {}),
  });
}

/** `expire` before the approval's time: it stays pending. */
export function notYetExpired(approval: Approval): ApprovalRefusal {
  return refusal(
    ERROR_CODES.approvalNotYetExpired,
    `This approval is pending until ${utcMinute(approval.expiresAt)}.`,
    {
      approvalId: approval.id,
      approval,
    },
  );
}

function notPendingMessage(state: Approval['state'], by: Actor | undefined): string {
  const who = by ? ` by ${actorName(by)}` : '';
  switch (state) {
    case 'approved':
      return `Already approved${who}; the change is being applied.`;
    case 'applied':
      return `Already approved${who} and applied.`;
    case 'failed':
      return `Already approved${who}; applying it failed.`;
    case 'rejected':
      return `Already rejected${who}.`;
    case 'expired':
      return 'This approval has expired. Nothing was changed.';
    case 'pending':
      return 'This approval is still pending.';
  }
}

export type ApprovalOutcome = { ok: true; approval: Approval } | { ok: false; refusal: ApprovalRefusal };
