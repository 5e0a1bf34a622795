/**
 * Approvals in Redis. Every transition is one Lua script (approval-scripts.ts), so it is atomic across
 * replicas; every method takes `now` (the clock is a parameter, as in bolt-js's request verification), so
 * expiry is tested without waiting.
 *
 * Layout under `prefix` (default `byoc:`):
 *   approval:<id>            hash: the approval (immutable part as JSON in `data`, the moving parts as fields)
 *   approval:<id>:history    list: transitions as JSON
 *   approvals:pending:<org>  sorted set: pending ids by expiry, for listPending
 *   approvals:expiring       sorted set: pending ids of every org by expiry, for the expiry sweeper
 *   approvals:approved       sorted set: approved, not yet applied ids by approval time, for the sweeper
 * The hash and its history outlive the decision by `retentionMs` (the audit stream keeps the long history).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { PreparedAudit } from '../audit/audit-log.js';
import type { ChangePlan } from '../byoc/changes/change-plan.js';
import {
  type Actor,
  type ApplyFailure,
  type ApplyResult,
  type Approval,
  type ApprovalState,
  type ApprovalTransition,
  actorKey,
  newApprovalId,
} from './approval.js';
import { ATTACH_MESSAGE, CREATE, DECIDE, EXPIRE, FINISH, READ } from './approval-scripts.js';
import {
  type ApprovalOutcome,
  approvalExpired,
  approvalNotFound,
  notPending,
  notYetExpired,
  selfApprovalRefused,
} from './refusals.js';

export const DEFAULT_APPROVAL_TTL_MS = 15 * 60_000;
export const DEFAULT_APPROVAL_RETENTION_MS = 7 * 24 * 3600_000;

export interface ApprovalStoreOptions {
  /** Key prefix; tests use a unique one. Default `byoc:`. */
  prefix?: string;
  /** How long an approval waits for a decision. Default 15 minutes. */
  ttlMs?: number;
  /** How long the approval is kept after its last transition. Default 7 days. */
  retentionMs?: number;
}

export interface NewApproval {
  orgKey: string;
  plan: ChangePlan;
  requester: Actor;
  reason: string;
  channelId?: string;
  messageTs?: string;
  /** Where the approval card lives (see `Approval.reply`). */
  reply?: Approval['reply'];
  /** Overrides the store's ttl for this approval. */
  ttlMs?: number;
  /** Normally generated; given only to replay a known id. */
  id?: string;
}

export interface ApproveOptions {
  /** The org the button belongs to (from the adapter's config); an approval of another org is "not found". */
  orgKey: string;
  /** True when the org lets a requester approve their own change. Default false: a second person is required. */
  selfApproval?: boolean;
  /** The audit entry of the decision, appended in the same script as the transition (see `AuditLog.prepare`). */
  audit?: PreparedAudit;
}

/** A decision's outcome; `auditId` is the id of the audit entry written with it, when one was given. */
export type DecisionOutcome = ApprovalOutcome & { auditId?: string };

type ScriptReply = [string, string[]?, string[]?, string?];

interface Script {
  source: string;
  sha: string;
}

const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') });
const SCRIPTS = {
  create: script(CREATE),
  decide: script(DECIDE),
  expire: script(EXPIRE),
  finish: script(FINISH),
  attach: script(ATTACH_MESSAGE),
  read: script(READ),
};

export class ApprovalStore {
  readonly prefix: string;
  readonly ttlMs: number;
  readonly retentionMs: number;

  constructor(
    private readonly redis: Redis,
    options: ApprovalStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? 'byoc:';
    this.ttlMs = options.ttlMs ?? DEFAULT_APPROVAL_TTL_MS;
    this.retentionMs = options.retentionMs ?? DEFAULT_APPROVAL_RETENTION_MS;
  }

  /** Records a new pending approval for a plan. */
  async create(input: NewApproval, now: Date): Promise<Approval> {
    const { approval, created } = await this.createOnce(input, now);
    if (!created) throw new Error(`An approval with id ${approval.id} already exists.`);
    return approval;
  }

  /**
   * Records the approval unless one with its id exists already (a request job run again): then returns that one,
   * untouched, with `created: false`.
   */
  async createOnce(input: NewApproval, now: Date): Promise<{ approval: Approval; created: boolean }> {
    const id = input.id ?? newApprovalId();
    if (id.includes(':')) throw new Error(`An approval id cannot contain ":" (it becomes a BullMQ job id): ${id}`);
    const nowMs = now.getTime();
    const expiresAtMs = nowMs + (input.ttlMs ?? this.ttlMs);
    const data = {
      id,
      orgKey: input.orgKey,
      kind: input.plan.kind,
      plan: input.plan,
      requester: input.requester,
      reason: input.reason,
      createdAt: now.toISOString(),
      ...(input.reply ? { reply: input.reply } : {}),
      ...(input.plan.confirmRequired ? { confirmRequired: input.plan.confirmRequired } : {}),
    };
    const fields: string[] = [
      'orgKey',
      input.orgKey,
      'state',
      'pending',
      'expiresAtMs',
      String(expiresAtMs),
      'updatedAtMs',
      String(nowMs),
      'requester',
      actorKey(input.requester),
      'data',
      JSON.stringify(data),
    ];
    if (input.channelId) fields.push('channelId', input.channelId);
    if (input.messageTs) fields.push('messageTs', input.messageTs);
    const tail = entry(now, 'pending', input.requester, input.reason);
    const reply = await this.run(SCRIPTS.create, id, input.orgKey, [
      id,
      input.orgKey,
      nowMs,
      tail,
      this.retentionMs,
      ...fields,
    ]);
    if (reply[0] === 'exists') {
      const existing = await this.get(id, input.orgKey);
      if (!existing) throw new Error(`An approval with id ${id} exists for another org.`);
      return { approval: existing, created: false };
    }
    return { approval: parse(reply), created: true };
  }

  /**
   * Pending -> approved, exactly once. Refusals: ApprovalNotFound (unknown id, other org), ApprovalExpired
   * (its time ran out: now recorded as expired), SelfApprovalRefused, NotPending (someone decided first: says who).
   */
  approve(id: string, approver: Actor, now: Date, options: ApproveOptions): Promise<DecisionOutcome> {
    return this.decide(id, approver, now, options.orgKey, 'approved', '', options.selfApproval === true, options.audit);
  }

  /**
   * Pending -> rejected, with the reason shown on the card. Same refusals as approve, minus self-approval: a
   * requester may withdraw their own request (who else may reject is the access layer's decision).
   */
  reject(
    id: string,
    rejecter: Actor,
    reason: string,
    now: Date,
    options: { orgKey: string; audit?: PreparedAudit },
  ): Promise<DecisionOutcome> {
    return this.decide(id, rejecter, now, options.orgKey, 'rejected', reason, true, options.audit);
  }

  /** Pending -> expired once its time has come (the sweeper calls it for `dueForExpiry` ids). */
  async expire(id: string, now: Date, options: { orgKey?: string } = {}): Promise<ApprovalOutcome> {
    const orgKey = options.orgKey ?? (await this.orgOf(id));
    if (orgKey === undefined) return { ok: false, refusal: approvalNotFound(id) };
    const reply = await this.run(SCRIPTS.expire, id, orgKey, [
      id,
      orgKey,
      now.getTime(),
      entry(now, 'expired'),
      this.retentionMs,
    ]);
    return this.outcome(id, reply);
  }

  /** Approved -> applied, with what the change job verified. */
  markApplied(id: string, result: ApplyResult, now: Date): Promise<ApprovalOutcome> {
    const note = result.alreadyInPlace ? 'already in place' : result.verified ? 'verified' : 'not verified';
    return this.finish(id, now, 'applied', 'result', result, note);
  }

  /** Approved -> failed, with why. */
  markFailed(id: string, failure: ApplyFailure, now: Date): Promise<ApprovalOutcome> {
    return this.finish(id, now, 'failed', 'failure', failure, failure.message);
  }

  /** Records where the approval card was posted (it is posted after the approval exists, to carry its id). */
  async attachMessage(id: string, orgKey: string, channelId: string, messageTs: string): Promise<ApprovalOutcome> {
    const reply = await this.run(SCRIPTS.attach, id, orgKey, [orgKey, channelId, messageTs]);
    return this.outcome(id, reply);
  }

  /** The approval, or undefined for an unknown id (or one of another org, when `orgKey` is given). */
  async get(id: string, orgKey?: string): Promise<Approval | undefined> {
    if (id.includes(':')) return undefined;
    const reply = await this.run(SCRIPTS.read, id, orgKey ?? '', []);
    const approval = reply[1]?.length ? parse(reply) : undefined;
    if (!approval || (orgKey !== undefined && approval.orgKey !== orgKey)) return undefined;
    return approval;
  }

  /** Pending approvals of an org, soonest expiry first (some may be past their time until the sweeper runs). */
  async listPending(orgKey: string): Promise<Approval[]> {
    const ids = await this.redis.zrange(this.pendingKey(orgKey), 0, -1);
    const all = await Promise.all(ids.map((id) => this.get(id, orgKey)));
    return all.filter((a): a is Approval => a?.state === 'pending');
  }

  /** Ids of pending approvals (any org) whose time has come: what an expiry sweeper passes to `expire`. */
  dueForExpiry(now: Date, limit = 100): Promise<string[]> {
    return this.redis.zrangebyscore(this.expiringKey(), '-inf', now.getTime(), 'LIMIT', 0, limit);
  }

  /**
   * Ids of approvals (any org) approved before `approvedBefore` and still not applied or failed: their change job
   * was never enqueued (the process died right after the approval) or is lost; the sweeper enqueues it again.
   */
  stuckApproved(approvedBefore: Date, limit = 100): Promise<string[]> {
    return this.redis.zrangebyscore(this.approvedKey(), '-inf', approvedBefore.getTime(), 'LIMIT', 0, limit);
  }

  /** Takes an id off the stuck list (its approval is gone or has moved on). */
  async forgetStuck(id: string): Promise<void> {
    await this.redis.zrem(this.approvedKey(), id);
  }

  // ------------------------------------------------------------------ internals

  private async decide(
    id: string,
    actor: Actor,
    now: Date,
    orgKey: string,
    decision: 'approved' | 'rejected',
    reason: string,
    allowSelf: boolean,
    audit: PreparedAudit | undefined,
  ): Promise<DecisionOutcome> {
    if (id.includes(':')) return { ok: false, refusal: approvalNotFound(id) };
    const reply = await this.run(
      SCRIPTS.decide,
      id,
      orgKey,
      [
        id,
        orgKey,
        now.getTime(),
        actorKey(actor),
        JSON.stringify(actor),
        allowSelf ? '1' : '0',
        decision,
        entry(now, decision, actor, reason || undefined),
        entry(now, 'expired'),
        this.retentionMs,
        reason,
        ...(audit?.args ?? []),
      ],
      audit?.key,
    );
    const outcome = this.outcome(id, reply);
    return reply[0] === 'ok' && typeof reply[3] === 'string' ? { ...outcome, auditId: reply[3] } : outcome;
  }

  private async finish(
    id: string,
    now: Date,
    to: 'applied' | 'failed',
    field: 'result' | 'failure',
    value: ApplyResult | ApplyFailure,
    note: string,
  ): Promise<ApprovalOutcome> {
    const orgKey = await this.orgOf(id);
    if (orgKey === undefined) return { ok: false, refusal: approvalNotFound(id) };
    const reply = await this.run(SCRIPTS.finish, id, orgKey, [
      id,
      orgKey,
      now.getTime(),
      to,
      field,
      JSON.stringify(value),
      entry(now, to, undefined, note),
      this.retentionMs,
    ]);
    return this.outcome(id, reply);
  }

  private outcome(id: string, reply: ScriptReply): ApprovalOutcome {
    const code = reply[0];
    if (code === 'notfound') return { ok: false, refusal: approvalNotFound(id) };
    const approval = parse(reply);
    switch (code) {
      case 'ok':
        return { ok: true, approval };
      case 'expired':
        return { ok: false, refusal: approvalExpired(approval) };
      case 'self':
        return { ok: false, refusal: selfApprovalRefused(approval) };
      case 'notdue':
        return { ok: false, refusal: notYetExpired(approval) };
      default:
        return { ok: false, refusal: notPending(approval) };
    }
  }

  /** The org is immutable once created, so reading it before the script cannot race with a transition. */
  private async orgOf(id: string): Promise<string | undefined> {
    if (id.includes(':')) return undefined;
    return (await this.redis.hget(this.hashKey(id), 'orgKey')) ?? undefined;
  }

  private async run(
    s: Script,
    id: string,
    orgKey: string,
    args: (string | number)[],
    auditKey?: string,
  ): Promise<ScriptReply> {
    const keys = [
      this.hashKey(id),
      this.historyKey(id),
      this.pendingKey(orgKey),
      this.expiringKey(),
      this.approvedKey(),
      ...(auditKey === undefined ? [] : [auditKey]),
    ];
    try {
      return (await this.redis.evalsha(s.sha, keys.length, ...keys, ...args)) as ScriptReply;
    } catch (err) {
      if (!(err instanceof Error) || !err.message.includes('NOSCRIPT')) throw err;
      return (await this.redis.eval(s.source, keys.length, ...keys, ...args)) as ScriptReply;
    }
  }

  private hashKey(id: string): string {
    return `${this.prefix}approval:${id}`;
  }
  private historyKey(id: string): string {
    return `${this.prefix}approval:${id}:history`;
  }
  private pendingKey(orgKey: string): string {
    return `${this.prefix}approvals:pending:${orgKey}`;
  }
  private expiringKey(): string {
    return `${this.prefix}approvals:expiring`;
  }
  private approvedKey(): string {
    return `${this.prefix}approvals:approved`;
  }
}

/** A history entry as JSON without `from` (the script prepends the state it found). */
function entry(now: Date, to: ApprovalState, by?: Actor, note?: string): string {
  return JSON.stringify({ at: now.toISOString(), to, ...(by ? { by } : {}), ...(note ? { note } : {}) });
}

function parse(reply: ScriptReply): Approval {
  const flat = reply[1] ?? [];
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) hash[flat[i]!] = flat[i + 1]!;
  return fromHash(hash, reply[2] ?? []);
}

const iso = (ms: string | undefined) => (ms === undefined ? undefined : new Date(Number(ms)).toISOString());

function fromHash(hash: Record<string, string>, history: string[]): Approval {
  const data = JSON.parse(hash.data!) as Pick<
    Approval,
    'id' | 'orgKey' | 'kind' | 'plan' | 'requester' | 'reason' | 'createdAt' | 'confirmRequired' | 'reply'
  >;
  const approval: Approval = {
    ...data,
    state: hash.state as ApprovalState,
    expiresAt: iso(hash.expiresAtMs)!,
    updatedAt: iso(hash.updatedAtMs)!,
    history: history.map((h) => JSON.parse(h) as ApprovalTransition),
  };
  if (hash.channelId) approval.channelId = hash.channelId;
  if (hash.messageTs) approval.messageTs = hash.messageTs;
  if (hash.approvedBy) approval.approvedBy = JSON.parse(hash.approvedBy) as Actor;
  if (hash.approvedAtMs) approval.approvedAt = iso(hash.approvedAtMs)!;
  if (hash.rejectedBy) approval.rejectedBy = JSON.parse(hash.rejectedBy) as Actor;
  if (hash.rejectedAtMs) approval.rejectedAt = iso(hash.rejectedAtMs)!;
  if (hash.rejectReason) approval.rejectReason = hash.rejectReason;
  if (hash.result) approval.result = JSON.parse(hash.result) as ApplyResult;
  if (hash.failure) approval.failure = JSON.parse(hash.failure) as ApplyFailure;
  return approval;
}
