/**
 * The Teams `ChannelPoster`: posts nobody asked for (the watch's incident messages, audit copies) in a Teams channel
 * named `teams:<conversation id>` (`channel-address.ts`). The bot has no activity to reply to there, so it builds the
 * conversation reference itself from TEAMS_SERVICE_URL and sends proactively:
 *
 * - a post is `POST /v3/conversations/{channel id}/activities`, which starts a new thread in the channel;
 * - an update is `PUT /v3/conversations/{channel id}/activities/{id}`;
 * - a reply in the thread goes to the thread's own conversation, `{channel id};messageid={id of its first message}`.
 *
 * Sources: https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages
 * and https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference.
 * Sends go through the same sender as cards (rate gate, tried once: the caller's job retries).
 */

import type { Card } from '../../cards/card.js';
import { parseChannelAddress } from '../channel-address.js';
import type { ChannelPoster } from '../channel-poster.js';
import type { ReplyTarget } from '../invocation.js';
import { cardActivity, type TeamsSender } from './card-delivery.js';
import { asTeamsTarget, type TeamsReplyTarget, teamsTarget } from './reply-target.js';

export interface TeamsChannelPosterOptions {
  sender: TeamsSender;
  appId: string;
  /** TEAMS_SERVICE_URL */
  serviceUrl: string;
  tenantId?: string;
}

export class TeamsChannelPoster implements ChannelPoster {
  constructor(private readonly options: TeamsChannelPosterOptions) {}

  async post(channelId: string, card: Card): Promise<ReplyTarget> {
    const target = this.targetOf(channelId);
    const id = await this.options.sender.put(target, cardActivity(card));
    return { ...target, ...(id ? { activityId: id } : {}) };
  }

  async update(message: ReplyTarget, card: Card): Promise<void> {
    await this.options.sender.put(asTeamsTarget(message), cardActivity(card));
  }

  async reply(message: ReplyTarget, card: Card): Promise<ReplyTarget> {
    const root = asTeamsTarget(message);
    if (!root.activityId) throw new Error('A Teams message to reply to needs its activity id');
    const thread = this.conversation(`${threadRoot(root.conversationId)};messageid=${root.activityId}`);
    const id = await this.options.sender.put(thread, cardActivity(card));
    return { ...thread, ...(id ? { activityId: id } : {}) };
  }

  target(channelId: string): ReplyTarget {
    return this.targetOf(channelId);
  }

  private targetOf(channelId: string): TeamsReplyTarget & ReplyTarget {
    const address = parseChannelAddress(channelId);
    if (address.platform !== 'teams' || !address.conversationId)
      throw new Error(`Not a Teams conversation: "${channelId}" (expected teams:<conversation id>)`);
    return this.conversation(address.conversationId);
  }

  private conversation(conversationId: string): TeamsReplyTarget & ReplyTarget {
    const { appId, serviceUrl, tenantId } = this.options;
    return teamsTarget({
      reference: {
        serviceUrl,
        channelId: 'msteams',
        conversation: { id: conversationId, isGroup: true, ...(tenantId ? { tenantId } : {}) },
        bot: { id: `28:${appId}` },
      },
      conversationId,
      userId: '',
    });
  }
}

/** A channel's id without a thread suffix: replies always hang off the channel's top-level message. */
function threadRoot(conversationId: string): string {
  return conversationId.replace(/;messageid=.*$/, '');
}
