/**
 * The chat page's Slack side: sends what a person types as the signed slash command Slack would send, presses
 * buttons as signed `block_actions`, and reads back what a Slack client would show from what the bot did to the
 * fake Slack: messages it posted and updated in each channel, and the private answers it sent to `response_url`s
 * (replacing the one they answer when they say `replace_original`, as Slack does:
 * https://api.slack.com/interactivity/handling#message_responses).
 */
import { randomUUID } from 'node:crypto';
import type { FakeSlack, SlackCall } from '../slack/fake-slack.js';
import { blockActionsBody, sendToSlackApp, slashCommandBody, TEST_CHANNEL_ID } from '../slack/signed-requests.js';

/** One message as the page draws it. `key` is stable across updates, so the page can tell what changed. */
export interface SlackEntry {
  key: string;
  channel: string;
  at: number;
  /** Who wrote it: the bot, or a person (the command they typed, shown as Slack shows it to them). */
  from: 'bot' | 'person';
  /** A person's user id, for `from: person`, and for a private answer the person who sees it. */
  user?: string;
  /** Only this user sees it ("Only visible to you" in Slack). */
  ephemeral?: boolean;
  text?: string;
  blocks?: unknown[];
  /** The message's ts, for a button press on a message in the channel. */
  ts?: string;
  /** How many times it changed since it was posted. */
  version: number;
  /** A reply in a thread: the ts of the thread's first message (Slack shows "N replies" under that one). */
  threadTs?: string;
}

interface Origin {
  user: string;
  /** The entry a `replace_original` answer replaces (the pressed message, or the earlier private answer). */
  replaces?: string;
  /** The bot answered the request in its ack (a JSON body): shown as the first private answer. */
  at: number;
}

interface Override {
  text?: string;
  blocks?: unknown[];
  at: number;
  deleted?: boolean;
}

export type SendResult = { ok: true } | { ok: false; error: string };

export class SlackConversation {
  private bot?: { eventsUrl: string; signingSecret: string };
  private readonly typed: SlackEntry[] = [];
  private readonly origins = new Map<string, Origin>();
  /** Private answers that came in a slash command's ack, keyed by the request's response id. */
  private readonly acked: SlackEntry[] = [];

  constructor(
    private readonly fake: FakeSlack,
    readonly channel = TEST_CHANNEL_ID,
  ) {}

  connect(eventsUrl: string, signingSecret: string): void {
    this.bot = { eventsUrl, signingSecret };
  }

  /** `/byoc <text>` as `user` in the page's channel. */
  async command(user: string, text: string): Promise<SendResult> {
    if (!this.bot) return { ok: false, error: 'the bot is not listening yet' };
    const id = randomUUID();
    const at = Date.now();
    this.typed.push({
      key: `typed/${id}`,
      channel: this.channel,
      at,
      from: 'person',
      user,
      text: `/byoc ${text}`,
      version: 0,
    });
    this.origins.set(id, { user, at });
    const userName = this.fake.userName(user);
    const body = slashCommandBody({
      text,
      userId: user,
      ...(userName ? { userName } : {}),
      channelId: this.channel,
      responseUrl: this.fake.responseUrl(id),
    });
    const ack = await sendToSlackApp(this.bot.eventsUrl, body, { secret: this.bot.signingSecret });
    if (ack.status !== 200) return { ok: false, error: `the bot answered HTTP ${ack.status}` };
    if (ack.body.trim().startsWith('{')) {
      const reply = JSON.parse(ack.body) as { text?: string; blocks?: unknown[] };
      this.acked.push({
        key: `response/${id}`,
        channel: this.channel,
        at: Date.now(),
        from: 'bot',
        user,
        ephemeral: true,
        text: reply.text,
        blocks: reply.blocks,
        version: 0,
      });
    }
    return { ok: true };
  }

  /** Presses button `actionId` (with `value`) on entry `key` as `user`. */
  async press(user: string, key: string, actionId: string, value: string): Promise<SendResult> {
    if (!this.bot) return { ok: false, error: 'the bot is not listening yet' };
    const entry = this.entries().find((e) => e.key === key);
    if (!entry) return { ok: false, error: `no message ${key} in this channel` };
    const id = randomUUID();
    this.origins.set(id, { user, replaces: key, at: Date.now() });
    const userName = this.fake.userName(user);
    const body = blockActionsBody({
      actionId,
      value,
      userId: user,
      ...(userName ? { userName } : {}),
      channelId: entry.channel,
      // A private message has no ts in the channel; Slack still sends one, and the answer goes to response_url.
      messageTs: entry.ts ?? `${Math.floor(entry.at / 1000)}.000000`,
      isEphemeral: entry.ephemeral === true,
      responseUrl: this.fake.responseUrl(id),
    });
    const ack = await sendToSlackApp(this.bot.eventsUrl, body, { secret: this.bot.signingSecret });
    return ack.status === 200 ? { ok: true } : { ok: false, error: `the bot answered HTTP ${ack.status}` };
  }

  /** Everything a Slack client would show, in every channel the bot wrote to, oldest first. */
  entries(): SlackEntry[] {
    const calls = this.fake.calls;
    const postedAt = new Map<string, number>();
    const updatedAt = new Map<string, number>();
    const ephemerals: SlackEntry[] = [];
    for (const call of calls) {
      if (call.result?.ok !== true) continue;
      if (call.method === 'chat.postMessage') postedAt.set(`${call.result.channel}/${call.result.ts}`, call.at);
      else if (call.method === 'chat.update') updatedAt.set(`${call.params.channel}/${call.params.ts}`, call.at);
      else if (call.method === 'chat.postEphemeral') ephemerals.push(postedEphemeral(call));
    }
    const overrides = new Map<string, Override>();
    const answers: SlackEntry[] = [];
    for (const response of this.fake.responses) {
      const origin = this.origins.get(response.id);
      if (!origin) continue;
      const body = response.body as {
        text?: string;
        blocks?: unknown[];
        replace_original?: unknown;
        delete_original?: unknown;
        response_type?: string;
      };
      const own = `response/${response.id}`;
      const earlier = answers.find((a) => a.key === own) ?? this.acked.find((a) => a.key === own);
      const target =
        body.replace_original === true || body.delete_original === true
          ? (origin.replaces ?? (earlier ? own : undefined))
          : undefined;
      if (target) {
        overrides.set(target, {
          text: body.text,
          blocks: body.blocks,
          at: response.at,
          deleted: body.delete_original === true,
        });
        continue;
      }
      const entry: SlackEntry = {
        key: earlier ? `${own}/${response.at}` : own,
        channel: this.channel,
        at: response.at,
        from: 'bot',
        user: origin.user,
        ...(body.response_type === 'in_channel' ? {} : { ephemeral: true }),
        text: body.text,
        blocks: body.blocks,
        version: 0,
      };
      answers.push(entry);
    }
    const posted: SlackEntry[] = [];
    for (const m of this.fake.messages.values()) {
      const key = `${m.channel}/${m.ts}`;
      posted.push({
        key,
        channel: m.channel,
        at: postedAt.get(key) ?? 0,
        from: 'bot',
        ts: m.ts,
        ...(m.threadTs ? { threadTs: m.threadTs } : {}),
        text: m.text,
        blocks: m.blocks,
        version: m.updates,
      });
    }
    const all = [...this.typed, ...this.acked, ...answers, ...ephemerals, ...posted].flatMap((entry) => {
      const override = overrides.get(entry.key);
      // The newer of the two wins: the answer on response_url, or a chat.update after it.
      if (!override || override.at < (updatedAt.get(entry.key) ?? 0)) return [entry];
      if (override.deleted) return [];
      return [{ ...entry, text: override.text, blocks: override.blocks, version: entry.version + 1 }];
    });
    return all.sort((a, b) => a.at - b.at);
  }
}

function postedEphemeral(call: SlackCall): SlackEntry {
  return {
    key: `ephemeral/${call.result?.message_ts}`,
    channel: String(call.params.channel),
    at: call.at,
    from: 'bot',
    user: String(call.params.user),
    ephemeral: true,
    text: call.params.text as string | undefined,
    blocks: call.params.blocks as unknown[] | undefined,
    version: 0,
  };
}
