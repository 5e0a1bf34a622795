/**
 * The approval card for every state, as platform-neutral data (src/cards/card.ts). The chat layer posts it
 * when the approval is created and replaces it on every transition, so the card in the channel always says
 * where the change stands. Only a pending approval has buttons; their value is the approval id alone (the state
 * is in Redis, never in the button).
 */

import { type Approval, actorName } from '../approvals/approval.js';
import type { PlanStep } from '../byoc/changes/change-plan.js';
import {
  type Card,
  type CardField,
  type CardSection,
  type CardStatus,
  type CardText,
  type CheckRow,
  cardTime,
} from '../cards/card.js';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from './chat-names.js';

const VENDOR_LABEL = { genesys: 'Genesys Cloud', twilio: 'Twilio' } as const;

function stepRow(step: PlanStep, changedStatus: CardStatus): CheckRow {
  return {
    status: step.noop ? 'skip' : changedStatus,
    label: `${VENDOR_LABEL[step.vendor]} · ${step.target}`,
    detail: step.noop ? `no change: ${step.after}` : `${step.before} → ${step.after}`,
  };
}

function changeSection(a: Approval, title: string, changedStatus: CardStatus): CardSection {
  return { title, checks: a.plan.steps.map((s) => stepRow(s, changedStatus)) };
}

function impactSection(a: Approval): CardSection[] {
  return a.plan.impact.length ? [{ title: 'Impact', items: [...a.plan.impact] }] : [];
}

function requestFields(a: Approval): CardField[] {
  return [
    { label: 'Requested by', value: actorName(a.requester) },
    { label: 'Reason', value: a.reason || '(none given)' },
  ];
}

const footer = (a: Approval): CardText => [`Approval ${a.id} · requested `, cardTime(a.createdAt)];

export function approvalCard(a: Approval): Card {
  switch (a.state) {
    case 'pending':
      return pendingCard(a);
    case 'approved':
      return {
        title: `Approved: ${a.plan.title}`,
        status: 'info',
        summary: `Approved by ${approverName(a)}; applying the change now.`,
        fields: [...requestFields(a), { label: 'Approved by', value: approverName(a) }],
        sections: [changeSection(a, 'Change', 'pending'), ...impactSection(a)],
        footer: footer(a),
      };
    case 'applied':
      return appliedCard(a);
    case 'failed':
      return {
        title: `Failed: ${a.plan.title}`,
        status: 'fail',
        summary: `The change failed: ${(a.failure?.message ?? 'no reason was recorded').replace(/\.$/, '')}.`,
        fields: [
          ...requestFields(a),
          { label: 'Approved by', value: approverName(a) },
          ...(a.failure?.reference ? [{ label: 'Reference', value: a.failure.reference }] : []),
        ],
        sections: [changeSection(a, 'Change attempted', 'fail')],
        footer: footer(a),
      };
    case 'rejected': {
      const by = a.rejectedBy ? actorName(a.rejectedBy) : 'someone';
      return {
        title: `Rejected: ${a.plan.title}`,
        status: 'skip',
        summary: a.rejectReason ? `Rejected by ${by}: ${a.rejectReason}` : `Rejected by ${by}. Nothing was changed.`,
        fields: [
          ...requestFields(a),
          { label: 'Rejected by', value: by },
          ...(a.rejectReason ? [{ label: 'Why', value: a.rejectReason }] : []),
        ],
        sections: [changeSection(a, 'Change not made', 'skip')],
        footer: footer(a),
      };
    }
    case 'expired':
      return {
        title: `Expired: ${a.plan.title}`,
        status: 'skip',
        summary: [
          'Nobody decided before ',
          cardTime(a.expiresAt),
          ', so the approval expired. Nothing was changed; ask again if it is still needed.',
        ],
        fields: requestFields(a),
        sections: [changeSection(a, 'Change not made', 'skip')],
        footer: footer(a),
      };
  }
}

function approverName(a: Approval): string {
  return a.approvedBy ? actorName(a.approvedBy) : 'someone';
}

function pendingCard(a: Approval): Card {
  const sections: CardSection[] = [changeSection(a, 'Change', 'pending'), ...impactSection(a)];
  if (a.confirmRequired) {
    sections.push({ title: 'Needs explicit confirmation', text: a.confirmRequired });
  }
  if (a.plan.alreadyInPlace) {
    sections.push({ text: 'Everything is already in place: approving changes nothing.' });
  }
  return {
    title: `Approval needed: ${a.plan.title}`,
    status: 'pending',
    // Nobody has approved yet: say who may (anyone with the approver role but the person who asked) and by when.
    summary: [
      `${actorName(a.requester)} asks for this change. Anyone with the approver role except ${actorName(a.requester)} may approve it, before `,
      cardTime(a.expiresAt),
      '.',
    ],
    fields: [...requestFields(a), { label: 'Expires', value: [cardTime(a.expiresAt)] }],
    sections,
    buttons: [
      {
        actionId: APPROVE_ACTION_ID,
        label: 'Approve',
        value: a.id,
        style: 'primary',
        ...(a.confirmRequired
          ? {
              confirm: {
                title: 'Approve this risky change?',
                text: a.confirmRequired,
                confirm: 'Approve',
                deny: 'Cancel',
              },
            }
          : {}),
      },
      { actionId: REJECT_ACTION_ID, label: 'Reject', value: a.id, style: 'danger' },
    ],
    footer: footer(a),
  };
}

function appliedCard(a: Approval): Card {
  const result = a.result ?? { verified: false, detail: 'no result was recorded' };
  const nothing = result.alreadyInPlace === true || a.plan.alreadyInPlace;
  const status: CardStatus = nothing || result.verified ? 'ok' : 'warn';
  const sections: CardSection[] = nothing
    ? [{ title: 'What changed', text: 'Already in place — nothing changed.' }]
    : [
        {
          title: 'What changed',
          checks: a.plan.steps.filter((s) => !s.noop).map((s) => stepRow(s, result.verified ? 'ok' : 'warn')),
        },
      ];
  sections.push({ title: 'Verification', text: result.detail });
  return {
    title: nothing ? `Already in place: ${a.plan.title}` : `Applied: ${a.plan.title}`,
    status,
    summary: nothing
      ? 'Already in place — nothing changed.'
      : result.verified
        ? 'Applied and verified: the vendor reports the new state.'
        : 'Applied, but not verified: the vendor does not report the new state yet.',
    fields: [
      ...requestFields(a),
      { label: 'Approved by', value: approverName(a) },
      { label: 'Verified', value: nothing ? 'nothing to verify' : result.verified ? 'yes' : 'no' },
    ],
    sections,
    footer: footer(a),
  };
}
