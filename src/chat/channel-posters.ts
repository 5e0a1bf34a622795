/**
 * One `ChannelPoster` over every platform this process serves: a post goes to the platform its channel setting
 * names (`channel-address.ts`), an update or a reply to the platform of the message it touches.
 */

import type { Card } from '../cards/card.js';
import { CodedError, ERROR_CODES } from '../coded-error.js';
import { parseChannelAddress } from './channel-address.js';
import type { ChannelPoster, PostPlace } from './channel-poster.js';
import type { ChatPlatform, ReplyTarget } from './invocation.js';

function noChannelPosterError(platform: string): CodedError {
  return new CodedError({
    code: ERROR_CODES.noChannelPoster,
    message: `This process cannot post on ${platform}: it is not configured`,
    retryable: false,
  });
}

export class ChannelPosters implements ChannelPoster {
  constructor(private readonly posters: Partial<Record<ChatPlatform, ChannelPoster>>) {}

  post(channelId: string, card: Card, key?: string): Promise<ReplyTarget> {
    return this.on(parseChannelAddress(channelId).platform).post(channelId, card, key);
  }

  update(message: ReplyTarget, card: Card): Promise<void> {
    return this.on(message.platform).update(message, card);
  }

  reply(message: ReplyTarget, card: Card, key?: string): Promise<ReplyTarget> {
    return this.on(message.platform).reply(message, card, key);
  }

  async findPosted(place: PostPlace, key: string, sinceMs: number): Promise<ReplyTarget | undefined> {
    const platform = 'thread' in place ? place.thread.platform : parseChannelAddress(place.channelId).platform;
    return this.on(platform).findPosted?.(place, key, sinceMs);
  }

  target(channelId: string): ReplyTarget {
    return this.on(parseChannelAddress(channelId).platform).target(channelId);
  }

  private on(platform: ChatPlatform): ChannelPoster {
    const poster = this.posters[platform];
    if (!poster) throw noChannelPosterError(platform);
    return poster;
  }
}
