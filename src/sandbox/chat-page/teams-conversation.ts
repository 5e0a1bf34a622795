/**
 * The chat page's Teams side: what a person types goes to the bot as the signed message activity Teams sends (in
 * the sandbox team's channel, @mentioning the bot), a button press as the `adaptiveCard/action` invoke of Universal
 * Actions (https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/overview),
 * and what the page shows is what the bot sent to and updated on the fake Bot Framework's connector.
 */
import { randomUUID } from 'node:crypto';
import { SANDBOX_TEAMS_CHANNEL, SANDBOX_TEAMS_PEOPLE } from '../teams/activities.js';
import { adaptiveCardOf } from '../teams/card-text.js';
import type { FakeBotFramework } from '../teams/fake-bot-framework.js';
import type { SendResult } from './slack-conversation.js';

type Json = Record<string, unknown>;

export interface TeamsEntry {
  key: string;
  at: number;
  from: 'bot' | 'person';
  user?: string;
  /** Only the person who pressed sees it (a message answer to an invoke). */
  ephemeral?: boolean;
  text?: string;
  /** The Adaptive Card the message carries, drawn in the page by Microsoft's renderer. */
  card?: Json;
  version: number;
}

export class TeamsConversation {
  private bot?: { endpoint: string; appId: string };
  private readonly own: TeamsEntry[] = [];

  constructor(
    private readonly fake: FakeBotFramework,
    readonly conversationId = SANDBOX_TEAMS_CHANNEL,
  ) {}

  connect(endpoint: string, appId: string): void {
    this.bot = { endpoint, appId };
  }

  async message(user: string, text: string): Promise<SendResult> {
    if (!this.bot) return { ok: false, error: 'the bot is not listening yet' };
    this.own.push({ key: `typed/${randomUUID()}`, at: Date.now(), from: 'person', user, text, version: 0 });
    const { answer } = await this.fake.sendMessage(this.bot.endpoint, this.bot.appId, {
      text,
      userAadId: user,
      userName: SANDBOX_TEAMS_PEOPLE[user] ?? 'Sandbox user',
      kind: 'channel',
      conversationId: this.conversationId,
    });
    return answer.status === 200 ? { ok: true } : { ok: false, error: `the bot answered HTTP ${answer.status}` };
  }

  /** Presses the `Action.Execute` with `verb` and `data` on message `key` (an activity id) as `user`. */
  async press(user: string, key: string, verb: string, data: Json): Promise<SendResult> {
    if (!this.bot) return { ok: false, error: 'the bot is not listening yet' };
    const message = this.fake.messages.get(key);
    if (!message) return { ok: false, error: `no message ${key} in this conversation` };
    const updatesBefore = message.updates;
    const { answer } = await this.fake.press(this.bot.endpoint, this.bot.appId, {
      replyToId: key,
      verb,
      data,
      userAadId: user,
      userName: SANDBOX_TEAMS_PEOPLE[user] ?? 'Sandbox user',
      conversationId: message.conversationId,
      kind: 'channel',
    });
    if (answer.status !== 200) return { ok: false, error: `the bot answered HTTP ${answer.status}` };
    const body = answer.body as { type?: string; value?: unknown } | undefined;
    if (body?.type === 'application/vnd.microsoft.card.adaptive')
      this.fake.applyInvokeAnswer(key, answer, updatesBefore);
    else if (body?.value !== undefined) {
      // A message answer: Teams shows it to the person who pressed, and the card stays as it is.
      this.own.push({
        key: `answer/${randomUUID()}`,
        at: Date.now(),
        from: 'bot',
        user,
        ephemeral: true,
        text: String(body.value),
        version: 0,
      });
    }
    return { ok: true };
  }

  entries(): TeamsEntry[] {
    const postedAt = new Map<string, number>();
    for (const call of this.fake.calls)
      if (call.method === 'POST' && !postedAt.has(call.id)) postedAt.set(call.id, call.at);
    const sent: TeamsEntry[] = [];
    for (const m of this.fake.messages.values()) {
      if (m.conversationId.split(';')[0] !== this.conversationId) continue;
      const card = adaptiveCardOf(m.activity);
      sent.push({
        key: m.id,
        at: postedAt.get(m.id) ?? 0,
        from: 'bot',
        ...(card ? { card } : { text: String(m.activity.text ?? '') }),
        version: m.updates,
      });
    }
    return [...this.own, ...sent].sort((a, b) => a.at - b.at);
  }
}
