/**
 * Posting on a platform without a request to answer: a new message in a channel, that message updated in place,
 * and replies in its thread. What the watch's alerts use; each chat adapter provides one. The message handle is a
 * `ReplyTarget` (plain JSON the adapter wrote and alone reads), so it can be kept in Redis.
 */
import type { Card } from '../cards/card.js';
import type { ReplyTarget } from './invocation.js';

export interface ChannelPoster {
  /**
   * `channelId` as the settings name it (`channel-address.ts`): a Slack channel id or `teams:<conversation id>`.
   * `key` marks the message where the platform can keep it, so `findPosted` can find it again.
   */
  post(channelId: string, card: Card, key?: string): Promise<ReplyTarget>;
  update(message: ReplyTarget, card: Card): Promise<void>;
  /** A reply in the message's thread; returns the reply (which a job's card may replace). */
  reply(message: ReplyTarget, card: Card, key?: string): Promise<ReplyTarget>;
  /** Where a job's card goes as a new message in that channel (a system job's error card), without posting now. */
  target(channelId: string): ReplyTarget;
  /**
   * The message posted with `key` at or after `sinceMs`, in the channel or among a thread's replies: for a run that
   * cannot tell whether the last run's post went out (it died before recording it). Absent where the platform
   * cannot be asked, so a post there is at least once.
   */
  findPosted?(place: PostPlace, key: string, sinceMs: number): Promise<ReplyTarget | undefined>;
}

/** Where a keyed post was made: a channel, or a thread (the replies to a message). */
export type PostPlace = { channelId: string } | { thread: ReplyTarget };
