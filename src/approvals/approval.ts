/**
 * An approval: a previewed change waiting for a second person, then its outcome. It lives in Redis (see
 * approval-store.ts) so it survives restarts and every replica sees it; its id is the change job's BullMQ jobId.
 *
 *   pending -> approved | rejected | expired        (expired: by time, nobody decided)
 *   approved -> applied | failed                    (only the change job moves it on)
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ChangeKind, ChangePlan } from '../byoc/changes/change-plan.js';

export const APPROVAL_STATES = ['pending', 'approved', 'rejected', 'expired', 'applied', 'failed'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

/** A person, as the chat platform names them. `platform:userId` is the identity; `name` is for display only. */
export interface Actor {
  platform: 'slack' | 'teams' | 'cli';
  userId: string;
  name?: string;
}

/** What the change job reports when it applied the plan. */
export interface ApplyResult {
  /** The vendor now reports the new state (for a trunk: its instances on the edges). */
  verified: boolean;
  /** What was checked, or why it could not be. */
  detail: string;
  /** Nothing needed changing: the plan was already in place when the job ran. */
  alreadyInPlace?: boolean;
}

/** Why the change job gave up. */
export interface ApplyFailure {
  message: string;
  /** A reference a person can quote (a vendor correlation id, the job id). */
  reference?: string;
  code?: string;
}

export interface ApprovalTransition {
  at: string;
  /** null for the creation. */
  from: ApprovalState | null;
  to: ApprovalState;
  by?: Actor;
  note?: string;
}

export interface Approval {
  id: string;
  orgKey: string;
  kind: ChangeKind;
  plan: ChangePlan;
  requester: Actor;
  reason: string;
  /** Where the approval card is, once posted. */
  channelId?: string;
  messageTs?: string;
  createdAt: string;
  expiresAt: string;
  updatedAt: string;
  state: ApprovalState;
  /** From the plan: the approver must confirm this risk explicitly. */
  confirmRequired?: string;
  /**
   * Where its card lives, as the chat adapter wrote it (opaque JSON): the sweeper answers there when it expires the
   * approval or starts its change again without anyone pressing a button.
   */
  reply?: { platform: Actor['platform']; [key: string]: unknown };
  approvedBy?: Actor;
  approvedAt?: string;
  rejectedBy?: Actor;
  rejectedAt?: string;
  rejectReason?: string;
  result?: ApplyResult;
  failure?: ApplyFailure;
  history: ApprovalTransition[];
}

/**
 * A short, URL-safe id without `:` (BullMQ reserves it in job ids) and never all digits (BullMQ refuses
 * integer-like custom ids): `ap-` and 12 base64url characters, 72 random bits.
 */
export function newApprovalId(): string {
  return `ap-${randomBytes(9).toString('base64url')}`;
}

/**
 * The approval id of a request: derived from the request id, so a request job that runs again (a crash, a retry)
 * finds the approval it already made instead of making a second one.
 */
export function approvalIdFor(requestId: string): string {
  return `ap-${createHash('sha256').update(`approval\n${requestId}`).digest('base64url').slice(0, 12)}`;
}

export const APPROVAL_ID_PATTERN = /^ap-[A-Za-z0-9_-]{12}$/;

export function actorKey(actor: Pick<Actor, 'platform' | 'userId'>): string {
  return `${actor.platform}:${actor.userId}`;
}

export function actorName(actor: Actor): string {
  return actor.name ?? actor.userId;
}
