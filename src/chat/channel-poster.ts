/**
 * Posting on a platform without a request to answer: a new message in a channel, that message updated in place,
 * and replies in its thread. What the watch's alerts use; each chat adapter provides one. The message handle is a
 * `ReplyTarget` (plain JSON the adapter wrote and alone reads), so it can be kept in Redis.
 */
import type { Card } from '../cards/card.js';
import type { ReplyTarget } from './invocation.js';

export interface ChannelPoster {
  /** `channelId` as the settings name it (`channel-address.ts`): a Slack channel id or `teams:<conversation id>`. */
  post(channelId: string, card: Card): Promise<ReplyTarget>;
  update(message: ReplyTarget, card: Card): Promise<void>;
  /** A reply in the message's thread; returns the reply (which a job's card may replace). */
  reply(message: ReplyTarget, card: Card): Promise<ReplyTarget>;
  /** Where a job's card goes as a new message in that channel (a system job's error card), without posting now. */
  target(channelId: string): ReplyTarget;
}
