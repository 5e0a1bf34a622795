/**
 * What every chat adapter turns a request into, and how a card finds its way back.
 *
 * Past the adapter nothing knows which platform a command came from: the router, the queue and the jobs see an
 * `Invocation`. Its `reply` is opaque to them (JSON the adapter wrote and will read back), so it travels inside job
 * payloads and any replica's worker can deliver the card.
 */

import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/roles.js';
import type { Card } from '../cards/card.js';
import { CodedError, ERROR_CODES } from '../coded-error.js';

export type ChatPlatform = Principal['platform'];

/** Where the answer goes; only the adapter of `platform` understands the rest. Must be plain JSON. */
export interface ReplyTarget {
  platform: ChatPlatform;
  [key: string]: unknown;
}

export interface Invocation {
  platform: ChatPlatform;
  userId: string;
  userName?: string;
  channelId: string;
  teamId?: string;
  /** The command text after the slash command (`status`, `simulate +33123456789 --site "Paris Office"`). */
  text: string;
  /** Unique per request; names the job and appears in logs and error cards. */
  requestId: string;
  reply: ReplyTarget;
}

export function principalOf(invocation: Pick<Invocation, 'platform' | 'userId' | 'channelId'>): Principal {
  return { platform: invocation.platform, userId: invocation.userId, channelId: invocation.channelId };
}

/**
 * The message an answer replaces, when there is one a button can sit on: adapters that update messages in place
 * write where it is into the reply target (Slack: `channel` and `ts`; Teams: `conversationId` and `activityId`).
 * Undefined for ephemeral or never-posted answers.
 */
export function replyMessage(target: ReplyTarget): { channelId: string; messageTs: string } | undefined {
  const { channel, ts, ephemeral, conversationId, activityId } = target as Record<string, unknown>;
  if (typeof conversationId === 'string' && typeof activityId === 'string')
    return { channelId: conversationId, messageTs: activityId };
  if (typeof channel !== 'string' || typeof ts !== 'string' || ephemeral === true) return undefined;
  return { channelId: channel, messageTs: ts };
}

/** How a platform puts a card where a `ReplyTarget` points. Workers hold one per platform. */
export interface CardDelivery {
  deliver(target: ReplyTarget, card: Card): Promise<void>;
}

export type CardDeliveries = Partial<Record<ChatPlatform, CardDelivery>>;

function noDeliveryError(platform: string): CodedError {
  return new CodedError({
    code: ERROR_CODES.noDelivery,
    message: `No card delivery is configured for platform "${platform}" in this process`,
    retryable: false,
  });
}

export async function deliverCard(deliveries: CardDeliveries, target: ReplyTarget, card: Card): Promise<void> {
  const delivery = deliveries[target.platform];
  if (!delivery) throw noDeliveryError(target.platform);
  await delivery.deliver(target, card);
}

/** Short, unique, readable: names the job and finds the request in the logs. */
export function newRequestId(): string {
  return `r${randomUUID().replace(/-/g, '').slice(0, 15)}`;
}
