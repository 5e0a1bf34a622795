/**
 * Where a Teams answer goes: the conversation (as a Bot Framework conversation reference, plain JSON, so any
 * worker replica can send proactively) and, when there is one, the activity that said "working on it" or holds
 * the pressed card, which the answer replaces.
 */

import { z } from 'zod';
import { CodedError, ERROR_CODES } from '../../coded-error.js';
import type { ReplyTarget } from '../invocation.js';

const account = z.looseObject({ id: z.string(), name: z.string().optional() });

/** The fields of a Bot Framework `ConversationReference` the bot relies on. */
export const conversationReferenceSchema = z.looseObject({
  serviceUrl: z.string().min(1),
  channelId: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1) }),
  bot: account.optional(),
  user: account.optional(),
  activityId: z.string().optional(),
});

export type TeamsConversationReference = z.infer<typeof conversationReferenceSchema>;

export const teamsReplyTargetSchema = z.object({
  platform: z.literal('teams'),
  reference: conversationReferenceSchema,
  /** The conversation (personal chat, group chat or channel thread) id; also where rate limits are counted. */
  conversationId: z.string().min(1),
  /** The activity the card replaces; absent: the card is sent as a new message. */
  activityId: z.string().optional(),
  /** Azure AD object id of the person the answer is for. */
  userId: z.string(),
});

export type TeamsReplyTarget = z.infer<typeof teamsReplyTargetSchema>;

/** A reply target this platform cannot use: it never will, so the delivery is not retried. */
function notATeamsTargetError(detail: string): CodedError {
  return new CodedError({
    code: ERROR_CODES.wrongReplyTarget,
    message: `Not a Teams reply target: ${detail}`,
    retryable: false,
  });
}

export function asTeamsTarget(target: ReplyTarget): TeamsReplyTarget {
  const parsed = teamsReplyTargetSchema.safeParse(target);
  if (!parsed.success) throw notATeamsTargetError(parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data;
}

export function teamsTarget(target: Omit<TeamsReplyTarget, 'platform'>): TeamsReplyTarget & ReplyTarget {
  return { platform: 'teams', ...target };
}
