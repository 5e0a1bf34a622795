/**
 * The Slack `ChannelPoster`: `chat.postMessage`, `chat.update`, and `chat.postMessage` with `thread_ts`. A keyed post
 * carries its key as message metadata, and `findPosted` reads it back with `conversations.history` or
 * `conversations.replies` and `include_all_metadata` (https://api.slack.com/metadata/using): Slack takes no
 * idempotency key for a new message, so this is how a run that died before recording its post finds it.
 */
import type { webApi } from '@slack/bolt';
import type { Card } from '../../cards/card.js';
import { vendorCalls } from '../../metrics.js';
import type { ChannelPoster, PostPlace } from '../channel-poster.js';
import type { ReplyTarget } from '../invocation.js';
import { renderBlockKit } from './blockkit.js';
import { asSlackTarget, slackTarget } from './reply-target.js';
import { slackCall } from './slack-errors.js';

export class SlackChannelPoster implements ChannelPoster {
  constructor(private readonly client: webApi.WebClient) {}

  async post(channelId: string, card: Card, key?: string): Promise<ReplyTarget> {
    const m = renderBlockKit(card);
    vendorCalls.inc({ vendor: 'slack' });
    const res = await slackCall(() =>
      this.client.chat.postMessage({ channel: channelId, text: m.text, blocks: m.blocks, ...keyed(key) }),
    );
    return slackTarget({ channel: res.channel ?? channelId, userId: '', ts: String(res.ts) });
  }

  async update(message: ReplyTarget, card: Card): Promise<void> {
    const t = asSlackTarget(message);
    const m = renderBlockKit(card);
    vendorCalls.inc({ vendor: 'slack' });
    await slackCall(() =>
      this.client.chat.update({ channel: t.channel, ts: t.ts ?? '', text: m.text, blocks: m.blocks }),
    );
  }

  async reply(message: ReplyTarget, card: Card, key?: string): Promise<ReplyTarget> {
    const t = asSlackTarget(message);
    const m = renderBlockKit(card);
    vendorCalls.inc({ vendor: 'slack' });
    const res = await slackCall(() =>
      this.client.chat.postMessage({
        channel: t.channel,
        thread_ts: t.ts,
        text: m.text,
        blocks: m.blocks,
        ...keyed(key),
      }),
    );
    return slackTarget({ channel: t.channel, userId: '', ts: String(res.ts) });
  }

  target(channelId: string): ReplyTarget {
    return slackTarget({ channel: channelId, userId: '' });
  }

  async findPosted(place: PostPlace, key: string, sinceMs: number): Promise<ReplyTarget | undefined> {
    const thread = 'thread' in place ? asSlackTarget(place.thread) : undefined;
    const channel = thread?.channel ?? ('channelId' in place ? place.channelId : '');
    const oldest = (sinceMs / 1000).toFixed(6);
    vendorCalls.inc({ vendor: 'slack' });
    const res = await slackCall(() =>
      thread
        ? this.client.conversations.replies({ channel, ts: thread.ts ?? '', oldest, include_all_metadata: true })
        : this.client.conversations.history({ channel, oldest, include_all_metadata: true, limit: 200 }),
    );
    const found = (res.messages ?? []).find(
      (m) =>
        m.metadata?.event_type === POST_EVENT &&
        (m.metadata.event_payload as Record<string, unknown> | undefined)?.key === key &&
        m.ts !== thread?.ts,
    );
    return found?.ts ? slackTarget({ channel, userId: '', ts: found.ts }) : undefined;
  }
}

/** The metadata event type of the bot's keyed posts. */
const POST_EVENT = 'byoc_bot_post';

function keyed(key: string | undefined) {
  return key === undefined ? {} : { metadata: { event_type: POST_EVENT, event_payload: { key } } };
}
