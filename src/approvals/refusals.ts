/**
 * The expected "no" answers of the approval store. They are returned, not thrown: the chat layer explains each
 * one to the person who pressed the button (privately) and leaves the card as it is.
 */

import { utcMinute } from '../cards/card.js';
import { type Actor, type Approval, type ApprovalState, actorName } from './approval.js';

export abstract class ApprovalRefusal extends Error {
  abstract readonly code: string;
}

/** Unknown id, or an id of another org: the same answer, so a forged id learns nothing. */
export class ApprovalNotFound extends ApprovalRefusal {
  readonly code = 'approval.notFound';
  constructor(readonly id: string) {
    super('This approval does not exist (or no longer exists). Nothing was changed.');
    this.name = 'ApprovalNotFound';
  }
}

/** It was pending but its time ran out; the store has moved it to `expired`. */
export class ApprovalExpired extends ApprovalRefusal {
  readonly code = 'approval.expired';
  constructor(readonly approval: Approval) {
    super(
      `This approval expired at ${utcMinute(approval.expiresAt)}. Nothing was changed; ask again if it is still needed.`,
    );
    this.name = 'ApprovalExpired';
  }
}

export class SelfApprovalRefused extends ApprovalRefusal {
  readonly code = 'approval.selfApproval';
  constructor(readonly approval: Approval) {
    super('You asked for this change, so someone else must approve it.');
    this.name = 'SelfApprovalRefused';
  }
}

/** Someone decided first (or the change already ran): says who. */
export class NotPending extends ApprovalRefusal {
  readonly code = 'approval.notPending';
  readonly state: ApprovalState;
  readonly by?: Actor;
  constructor(readonly approval: Approval) {
    const by = approval.state === 'rejected' ? approval.rejectedBy : approval.approvedBy;
    super(notPendingMessage(approval.state, by));
    this.name = 'NotPending';
    this.state = approval.state;
    if (by) this.by = by;
  }
}

/** `expire` before the approval's time: it stays pending. */
export class NotYetExpired extends ApprovalRefusal {
  readonly code = 'approval.notYetExpired';
  constructor(readonly approval: Approval) {
    super(`This approval is pending until ${utcMinute(approval.expiresAt)}.`);
    this.name = 'NotYetExpired';
  }
}

function notPendingMessage(state: ApprovalState, by: Actor | undefined): string {
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

export type ApprovalOutcome<R extends ApprovalRefusal = ApprovalRefusal> =
  | { ok: true; approval: Approval }
  | { ok: false; refusal: R };
