/** Where a Slack answer goes: a message to update (channel + ts), or an interaction's response_url. */

import { z } from 'zod';
import { CodedError, ERROR_CODES } from '../../coded-error.js';
import type { ReplyTarget } from '../invocation.js';

export const slackReplyTargetSchema = z.object({
  platform: z.literal('slack'),
  channel: z.string(),
  userId: z.string(),
  /** The "working on it" message (or the clicked one) that the card replaces. */
  ts: z.string().optional(),
  /** Good for 5 posts within 30 minutes; the only way to change an ephemeral message. */
  responseUrl: z.string().optional(),
  /** The message is ephemeral: only `responseUrl` can change it. */
  ephemeral: z.boolean().optional(),
});

export type SlackReplyTarget = z.infer<typeof slackReplyTargetSchema>;

/** A reply target this platform cannot use: it never will, so the delivery is not retried. */
function notASlackTargetError(detail: string): CodedError {
  return new CodedError({
    code: ERROR_CODES.wrongReplyTarget,
    message: `Not a Slack reply target: ${detail}`,
    retryable: false,
  });
}

export function asSlackTarget(target: ReplyTarget): SlackReplyTarget {
  const parsed = slackReplyTargetSchema.safeParse(target);
  if (!parsed.success) throw notASlackTargetError(parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data;
}

export function slackTarget(target: Omit<SlackReplyTarget, 'platform'>): SlackReplyTarget & ReplyTarget {
  return { platform: 'slack', ...target };
}
