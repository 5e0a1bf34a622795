/**
 * The request half of the approval flow, shared by every change command and the doctor's remediation buttons:
 * a plan (or why there is none) in, the card that answers the person out. A plan that changes something becomes
 * a pending approval (who asked, why, the plan), audited as `request`, with its expiry scheduled as a delayed job;
 * its card takes the place of the "working on it" message, so that message is where the approval lives.
 */

import { approvalIdFor } from '../approvals/approval.js';
import type { ChangePlan, PlanError, PlanResult } from '../byoc/changes/change-plan.js';
import type { Card, CardSection } from '../cards/card.js';
import { type Invocation, replyMessage } from '../chat/invocation.js';
import type { Logger } from '../log.js';
import { approvalCard } from '../presentation/approval-card.js';
import { SLASH_COMMAND } from '../presentation/chat-names.js';
import type { Services } from '../services.js';
import { actorOf, changeAudit } from './change-audit.js';
import { EXPIRE_APPROVAL_JOB, expireJobId } from './job-names.js';

export interface ChangeRequest {
  result: PlanResult;
  reason: string;
  /** Command lines (after `/byoc`) shown when the request cannot be planned. */
  examples: readonly string[];
}

export interface RequestDeps {
  invocation: Invocation;
  services: Pick<Services, 'approvals' | 'snapshots' | 'audit' | 'queue' | 'now'>;
  log: Logger;
}

export async function requestChange(request: ChangeRequest, deps: RequestDeps): Promise<Card> {
  const { result, reason, examples } = request;
  if (!result.ok) return planRefusedCard(result.error, examples);
  const plan = result.plan;
  if (plan.alreadyInPlace) return alreadyInPlaceCard(plan);

  const { invocation, services, log } = deps;
  const now = new Date(services.now());
  const message = replyMessage(invocation.reply);
  const { approval, created } = await services.approvals.createOnce(
    {
      // Derived from the request: this job run again finds the approval it made, and makes no second one.
      id: approvalIdFor(invocation.requestId),
      orgKey: services.snapshots.orgKey,
      plan,
      requester: actorOf(invocation),
      reason,
      reply: invocation.reply,
      ...(message ? { channelId: message.channelId, messageTs: message.messageTs } : {}),
    },
    now,
  );
  if (created) {
    await services.audit.append(
      changeAudit(approval, 'request', approval.requester, 'pending', { reason, expiresAt: approval.expiresAt }),
    );
  }
  // The expiry job answers in the same place as this job: the approval card.
  await services.queue.enqueue({ name: EXPIRE_APPROVAL_JOB, payload: { approvalId: approval.id } }, invocation, {
    jobId: expireJobId(approval.id),
    delayMs: Date.parse(approval.expiresAt) - services.now(),
  });
  log.info({ approvalId: approval.id, kind: plan.kind }, 'change requested');
  return approvalCard(approval);
}

const code = (line: string) => `\`${SLASH_COMMAND} ${line}\``;

/** What was wrong, in the plan's own words, and what a request that works looks like. */
/** What kind of "no" it is, in words: the title a person reads first (the code is for logs and tests). */
const REFUSAL_HEADLINE: Record<PlanError['code'], string> = {
  'vendor.unavailable': 'a vendor cannot be read',
  'trunk.unknown': 'no such trunk',
  'number.invalid': 'not a phone number',
  'number.notOnTwilioAccount': 'the number is not on the Twilio account',
  'number.ownedElsewhere': 'the number belongs to someone else',
  'twilio.trunk.unknown': 'no such Twilio trunk',
  'target.invalid': 'whose number is it?',
  'target.unknown': 'nobody found',
  'didpool.overlap': 'DID pools overlap',
};

export function planRefusedCard(error: PlanError, examples: readonly string[]): Card {
  const sections: CardSection[] = [];
  if (error.code === 'trunk.unknown' && error.known.length > 0) {
    sections.push({ title: 'BYOC trunks', items: error.known.map((n) => `"${n}"`) });
  }
  if (examples.length > 0) sections.push({ title: 'For example', items: examples.map(code) });
  return {
    title: `Cannot request that change: ${REFUSAL_HEADLINE[error.code]}`,
    status: 'warn',
    summary: error.message,
    sections,
    footer: 'Nothing was changed and no approval was created.',
  };
}

export function alreadyInPlaceCard(plan: ChangePlan): Card {
  return {
    title: `Already in place: ${plan.title}`,
    status: 'ok',
    summary: 'The vendors already report this state, so there is nothing to change and no approval is needed.',
    sections: [
      {
        title: 'Current state',
        checks: plan.steps.map((s) => ({ status: 'ok' as const, label: s.target, detail: s.after })),
      },
    ],
  };
}
