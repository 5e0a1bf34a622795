/** The Slack `ChannelPoster`: `chat.postMessage`, `chat.update`, and `chat.postMessage` with `thread_ts`. */
import type { webApi } from '@slack/bolt';
import type { Card } from '../../cards/card.js';
import { vendorCalls } from '../../metrics.js';
import type { ChannelPoster } from '../channel-poster.js';
import type { ReplyTarget } from '../invocation.js';
import { renderBlockKit } from './blockkit.js';
import { asSlackTarget, slackTarget } from './reply-target.js';
import { slackCall } from './slack-errors.js';

export class SlackChannelPoster implements ChannelPoster {
  constructor(private readonly client: webApi.WebClient) {}

  async post(channelId: string, card: Card): Promise<ReplyTarget> {
    const m = renderBlockKit(card);
    vendorCalls.inc({ vendor: 'slack' });
    const res = await slackCall(() =>
      this.client.chat.postMessage({ channel: channelId, text: m.text, blocks: m.blocks }),
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

  async reply(message: ReplyTarget, card: Card): Promise<ReplyTarget> {
    const t = asSlackTarget(message);
    const m = renderBlockKit(card);
    vendorCalls.inc({ vendor: 'slack' });
    const res = await slackCall(() =>
      this.client.chat.postMessage({ channel: t.channel, thread_ts: t.ts, text: m.text, blocks: m.blocks }),
    );
    return slackTarget({ channel: t.channel, userId: '', ts: String(res.ts) });
  }

  target(channelId: string): ReplyTarget {
    return slackTarget({ channel: channelId, userId: '' });
  }
}
