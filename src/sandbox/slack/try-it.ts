/**
 * The sandbox's "try it" endpoints on the fake Slack, for a newcomer without a Slack workspace:
 * `POST /__sandbox/slash` sends a signed slash command to the bot and answers with the card it gets back, and
 * `POST /__sandbox/click` presses a button on a message the bot posted. Both send exactly what Slack would send,
 * signed, so the bot's real verification path runs.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeSlack } from './fake-slack.js';
import { parseParams, sendJson } from './http-body.js';
import {
  blockActionsBody,
  type SendOptions,
  sendToSlackApp,
  slashCommandBody,
  TEST_CHANNEL_ID,
  TEST_USER_ID,
} from './signed-requests.js';
import { blocksToText, isWorkingMessage } from './slack-messages.js';

/** Mounts the try-it routes on `fake`; until `connect` names the bot they answer 409. */
export function mountTryIt(fake: FakeSlack): TryIt {
  const tryIt = new TryIt(fake);
  fake.mount('/__sandbox/slash', (req, raw, res) => tryIt.trySlash(req, raw, res));
  fake.mount('/__sandbox/click', (req, raw, res) => tryIt.tryClick(req, raw, res));
  return tryIt;
}

export class TryIt {
  private bot?: { eventsUrl: string; signingSecret: string };

  constructor(private readonly fake: FakeSlack) {}

  /** Lets `POST /__sandbox/slash` and `/__sandbox/click` send signed requests to a running bot. */
  connect(eventsUrl: string, signingSecret: string): void {
    this.bot = { eventsUrl, signingSecret };
  }

  /** The fields of a "try it" request, from its form body or its query string. */
  private sandboxInput(req: IncomingMessage, raw: string): (name: string) => string | undefined {
    const query = new URL(req.url ?? '/', this.fake.url).searchParams;
    const form = parseParams(raw, req.headers['content-type']);
    return (name) => {
      const value = form[name] ?? query.get(name);
      return value === undefined || value === null ? undefined : String(value);
    };
  }

  /** Answers a "try it" request with a message: as plain text, or with `format=json` the raw Block Kit. */
  private replyWith(res: ServerResponse, asJson: boolean, message: { text?: string; blocks?: unknown[] }, note = '') {
    if (asJson) {
      sendJson(res, 200, message);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${note}${blocksToText(message)}\n`);
  }

  /**
   * The sandbox's "try it": `curl -s <fake>/__sandbox/slash --data-urlencode 'text=status'` sends a signed
   * `/byoc status` to the bot and answers with the card that ends up in Slack, as plain text (`format=json` for the
   * raw Block Kit). `user=U…` sends it as someone else (default U0SANDBOX).
   */
  async trySlash(req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
    if (!this.bot) {
      sendJson(res, 409, { ok: false, error: 'no bot connected to this fake Slack' });
      return;
    }
    const input = this.sandboxInput(req, raw);
    const text = input('text') ?? '';
    const user = input('user') || TEST_USER_ID;
    const asJson = input('format') === 'json';
    const responseId = randomUUID();
    const since = Date.now();
    const userName = this.fake.userName(user);
    const body = slashCommandBody({
      text,
      userId: user,
      ...(userName ? { userName } : {}),
      channelId: TEST_CHANNEL_ID,
      responseUrl: this.fake.responseUrl(responseId),
    });
    const options: SendOptions = { secret: this.bot.signingSecret };
    const ack = await sendToSlackApp(this.bot.eventsUrl, body, options);
    if (ack.status !== 200) {
      sendJson(res, 502, { ok: false, error: `the bot answered HTTP ${ack.status}` });
      return;
    }
    if (ack.body.trim().startsWith('{')) {
      this.replyWith(res, asJson, JSON.parse(ack.body) as { text?: string; blocks?: unknown[] });
      return;
    }
    try {
      const answer = await this.fake.waitFor(
        'the answer',
        () => {
          const viaUrl = this.fake.responsesTo(responseId).find((r) => r.body.replace_original === true);
          if (viaUrl) return viaUrl.body as { text?: string; blocks?: unknown[] };
          // The working message the bot posted for this request names the person who asked.
          const posted = this.fake
            .callsTo('chat.postMessage')
            .find((c) => c.at >= since && String(c.params.text ?? '').includes(`<@${user}>`) && c.result?.ts);
          const message = posted && this.fake.message(String(posted.params.channel), String(posted.result?.ts));
          return message && message.updates > 0 ? { text: message.text, blocks: message.blocks } : undefined;
        },
        60_000,
      );
      this.replyWith(res, asJson, answer);
    } catch (err) {
      sendJson(res, 504, { ok: false, error: (err as Error).message });
    }
  }

  /**
   * The sandbox's button press: `curl -s <fake>/__sandbox/click -d action=approval.approve -d user=U0SANDBOXLEAD`
   * finds the button with that action id (and `value`, e.g. an approval id; without it, on the newest message that
   * has one) on a message the bot posted, sends the signed `block_actions` Slack would send for it, and answers with
   * what the press led to: the card once the message settles (past "working on it"), or the private answer.
   */
  async tryClick(req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
    if (!this.bot) {
      sendJson(res, 409, { ok: false, error: 'no bot connected to this fake Slack' });
      return;
    }
    const input = this.sandboxInput(req, raw);
    const actionId = input('action') ?? '';
    const value = input('value') || undefined;
    const user = input('user') || TEST_USER_ID;
    const asJson = input('format') === 'json';
    const buttons = this.fake.buttons();
    // The bot sends a repeated action id in one row as `<id>~2`: `action=command.run` presses any of them.
    const button = buttons.find(
      (b) =>
        (b.actionId === actionId || b.actionId.startsWith(`${actionId}~`)) &&
        (value === undefined || b.value === value),
    );
    if (!button) {
      const which = actionId
        ? `no button with action "${actionId}"${value !== undefined ? ` and value "${value}"` : ''} on the bot's messages`
        : 'say which button to press: action=<action id> (and value=<button value> for a particular one)';
      sendJson(res, actionId ? 404 : 400, {
        ok: false,
        error: which,
        buttons: buttons.slice(0, 20).map((b) => ({
          action: b.actionId,
          value: b.value,
          label: b.label,
          message: b.message.ts,
        })),
      });
      return;
    }
    const { message } = button;
    const updatesBefore = message.updates;
    const responseId = randomUUID();
    const userName = this.fake.userName(user);
    const body = blockActionsBody({
      actionId: button.actionId,
      value: button.value ?? '',
      userId: user,
      ...(userName ? { userName } : {}),
      channelId: message.channel,
      messageTs: message.ts,
      responseUrl: this.fake.responseUrl(responseId),
    });
    const ack = await sendToSlackApp(this.bot.eventsUrl, body, { secret: this.bot.signingSecret });
    if (ack.status !== 200) {
      sendJson(res, 502, { ok: false, error: `the bot answered HTTP ${ack.status}` });
      return;
    }
    // Slack shows a button's confirmation dialog before it sends anything: here the press is always confirmed.
    const confirmed = button.confirm ? `(Slack asked "${button.confirm}" first; confirmed.)\n` : '';
    const settled = () => (message.updates > updatesBefore && !isWorkingMessage(message) ? message : undefined);
    try {
      const answer = await this.fake.waitFor(
        `an answer to the press of "${button.label}"`,
        () => {
          for (const r of this.fake.responsesTo(responseId)) {
            const m = r.body as { text?: string; blocks?: unknown[]; replace_original?: boolean };
            if (r.body.replace_original === true && isWorkingMessage(m)) continue;
            return { message: m, note: r.body.response_type === 'ephemeral' ? '(only you see this)\n' : '' };
          }
          const updated = settled();
          return updated ? { message: updated, note: '' } : undefined;
        },
        60_000,
      );
      this.replyWith(
        res,
        asJson,
        { text: answer.message.text, blocks: answer.message.blocks },
        confirmed + answer.note,
      );
    } catch (err) {
      // Still working after a minute: show where it stands rather than nothing.
      if (message.updates > updatesBefore) this.replyWith(res, asJson, message, confirmed);
      else sendJson(res, 504, { ok: false, error: (err as Error).message });
    }
  }
}
