/**
 * Puts a card where a Slack reply target points: `chat.update` of the message that said "working on it" (one
 * message becomes the answer), the interaction's `response_url` when the message is ephemeral or was never posted,
 * or a new message as the last resort.
 */
import type { webApi } from '@slack/bolt';
import type { Card } from '../../cards/card.js';
import { vendorCalls } from '../../metrics.js';
import { VendorError } from '../../vendors/vendor-error.js';
import type { CardDelivery, ReplyTarget } from '../invocation.js';
import { type BlockKitMessage, renderBlockKit } from './blockkit.js';
import { asSlackTarget } from './reply-target.js';
import { slackCall } from './slack-errors.js';

/** Posts to a response_url (Bolt's `respond` does the same; workers have no `respond`). */
export async function postToResponseUrl(responseUrl: string, body: Record<string, unknown>): Promise<void> {
  vendorCalls.inc({ vendor: 'slack' });
  let res: Response;
  try {
    res = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw new VendorError({
      vendor: 'slack',
      status: 0,
      code: 'request_error',
      message: 'Slack could not be reached',
      cause: err,
    });
  }
  if (!res.ok) {
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new VendorError({
      vendor: 'slack',
      status: res.status,
      code: `http_${res.status}`,
      message: `Slack's response_url answered HTTP ${res.status}`,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    });
  }
}

export class SlackCardDelivery implements CardDelivery {
  constructor(private readonly client: webApi.WebClient) {}

  async deliver(target: ReplyTarget, card: Card): Promise<void> {
    await this.deliverMessage(target, renderBlockKit(card));
  }

  async deliverMessage(target: ReplyTarget, message: BlockKitMessage): Promise<void> {
    const t = asSlackTarget(target);
    if (t.ts && !t.ephemeral) {
      const ts = t.ts;
      vendorCalls.inc({ vendor: 'slack' });
      await slackCall(() =>
        this.client.chat.update({ channel: t.channel, ts, text: message.text, blocks: message.blocks }),
      );
      return;
    }
    if (t.responseUrl) {
      await postToResponseUrl(t.responseUrl, { replace_original: true, text: message.text, blocks: message.blocks });
      return;
    }
    vendorCalls.inc({ vendor: 'slack' });
    await slackCall(() =>
      this.client.chat.postMessage({ channel: t.channel, text: message.text, blocks: message.blocks }),
    );
  }
}
