/** Where a Slack answer goes: a message to update (channel + ts), or an interaction's response_url. */
import { z } from 'zod';
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

export class NotASlackTargetError extends Error {
  constructor(detail: string) {
    super(`Not a Slack reply target: ${detail}`);
    this.name = 'NotASlackTargetError';
  }
}

export function asSlackTarget(target: ReplyTarget): SlackReplyTarget {
  const parsed = slackReplyTargetSchema.safeParse(target);
  if (!parsed.success) throw new NotASlackTargetError(parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data;
}

export function slackTarget(target: Omit<SlackReplyTarget, 'platform'>): SlackReplyTarget & ReplyTarget {
  return { platform: 'slack', ...target };
}
