/**
 * `POST /api/messages`: what Teams sends the bot, through botbuilder's CloudAdapter, which authenticates every
 * request before anything else runs (`cloud-adapter.ts`: a bad or missing token is a 401 and nothing is enqueued or
 * sent). Then, for Teams activities only:
 *
 * - a message (personal chat, group chat, or a channel where the bot is @mentioned) is a command: the bot's
 *   mention is stripped and the dispatcher routes it exactly like `/byoc` in Slack; "working on it" is a reply
 *   the job's card later replaces (`updateActivity`);
 * - an `adaptiveCard/action` invoke is the press of an `Action.Execute` button: the dispatcher runs the action, and
 *   the invoke's answer is the refreshed card (or, for a refusal, a message only the presser sees)
 *   (https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards).
 *
 * People are their Azure AD object id (`from.aadObjectId`); the channel is the Teams channel id (or the chat's
 * conversation id), which is what the access file's `teams:` and `channels:` lists name.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Activity, ActivityTypes, CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import type { Redis } from 'ioredis';
import type { Card } from '../../cards/card.js';
import { CodedError, ERROR_CODES, hasCode } from '../../coded-error.js';
import type { TeamsConfig } from '../../config.js';
import type { Logger } from '../../log.js';
import { ackLatency, commandsReceived, vendorCalls } from '../../metrics.js';
import { type ActionResponder, CANNOT_TAKE_COMMANDS, type CommandResponder, type Dispatcher } from '../dispatcher.js';
import { claimFirstDelivery } from '../first-delivery.js';
import { type Invocation, newRequestId } from '../invocation.js';
import { renderAdaptiveCard, renderTextCard } from './adaptive-card.js';
import { isAuthenticationFailure, type TeamsCloudAdapter } from './cloud-adapter.js';
import { commandText, type MentionEntity, teamsMarkdown, teamsPlainText } from './message-text.js';
import { type TeamsConversationReference, teamsTarget } from './reply-target.js';
import type { TeamsSendGate } from './send-gate.js';

/** Far above any real activity; a bigger body is refused before it is parsed. */
const MAX_BODY_BYTES = 256 * 1024;
/** Activities are claimed once for this long (Teams and the Bot Connector retry a slow request). */

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const MESSAGE_CONTENT_TYPE = 'application/vnd.microsoft.activity.message';

export interface TeamsEndpointOptions {
  adapter: TeamsCloudAdapter;
  teams: TeamsConfig;
  dispatcher: Dispatcher;
  redis: Redis;
  prefix: string;
  gate: TeamsSendGate;
  log: Logger;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new CodedError({ code: ERROR_CODES.bodyTooLarge, message: 'body too large', retryable: false });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** A private reply as a Teams activity: the card, or the text as Teams Markdown. */
function replyActivity(reply: Card | string): Partial<Activity> {
  if (typeof reply === 'string') return MessageFactory.text(teamsMarkdown(reply));
  return { type: 'message', attachments: [CardFactory.adaptiveCard(renderAdaptiveCard(reply))] };
}

type InvokeAnswer = { card: Record<string, unknown> } | { text: string };

export class TeamsEndpoint {
  constructor(private readonly options: TeamsEndpointOptions) {}

  /** The HTTP handler for `POST /api/messages`. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.serve(req, res).catch((err: unknown) => {
      this.options.log.error({ err }, 'Teams request failed');
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
    });
  };

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    if (req.method !== 'POST') return send(res, 405);
    let activity: Record<string, unknown>;
    try {
      const parsed = JSON.parse(await readBody(req)) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      activity = parsed as Record<string, unknown>;
    } catch (err) {
      const status = hasCode(err, ERROR_CODES.bodyTooLarge) ? 413 : 400;
      return send(res, status, { error: status === 413 ? 'body too large' : 'the body must be a JSON activity' });
    }
    if (typeof activity.type !== 'string') return send(res, 400, { error: 'the activity has no type' });

    const authorization = String(req.headers.authorization ?? '');
    let invokeResponse: { status: number; body?: unknown } | undefined;
    try {
      invokeResponse = await this.options.adapter.authenticateAndRun(
        authorization,
        activity as unknown as Activity,
        (ctx) => this.turn(ctx, receivedAt),
      );
    } catch (err) {
      if (isAuthenticationFailure(err)) {
        commandsReceived.inc({ platform: 'teams', command: 'unknown', outcome: 'unauthenticated' });
        this.options.log.warn(
          { reason: (err as Error).message, serviceUrl: String(activity.serviceUrl ?? '') },
          'Teams request refused: its Bot Framework token is missing or not valid',
        );
        return send(res, 401, { error: 'Unauthorized' });
      }
      throw err;
    }
    send(res, invokeResponse?.status ?? 200, invokeResponse?.body);
  }

  private async turn(ctx: TurnContext, receivedAt: number): Promise<void> {
    const activity = ctx.activity;
    const { teams, log } = this.options;
    if (activity.channelId !== 'msteams') {
      log.info({ channelId: activity.channelId }, 'ignoring an activity from a channel other than Microsoft Teams');
      return;
    }
    const tenant = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    if (teams.appType === 'SingleTenant' && tenant !== teams.tenantId) {
      log.warn({ tenant }, 'ignoring a Teams activity from another tenant');
      return;
    }
    const isAction = activity.type === ActivityTypes.Invoke && activity.name === 'adaptiveCard/action';
    if (activity.type !== ActivityTypes.Message && !isAction) return;
    const delivery = await this.firstDelivery(activity);
    if (delivery === 'unavailable') {
      commandsReceived.inc({ platform: 'teams', command: isAction ? 'action' : 'command', outcome: 'unavailable' });
      log.error('Redis did not answer: the Teams request was refused, nothing was started');
      // Straight to Teams, past the send gate: its rate windows live in the Redis that does not answer.
      if (isAction) await this.answerInvoke(ctx, { text: CANNOT_TAKE_COMMANDS });
      else await ctx.sendActivity(MessageFactory.text(CANNOT_TAKE_COMMANDS)).catch(() => undefined);
      return;
    }
    if (delivery === 'duplicate') {
      commandsReceived.inc({ platform: 'teams', command: isAction ? 'action' : 'command', outcome: 'duplicate' });
      if (isAction) await this.answerInvoke(ctx, { text: 'Already received; working on it.' });
      return;
    }
    try {
      if (isAction) await this.onAction(ctx);
      else await this.onMessage(ctx);
    } finally {
      ackLatency.observe(
        { platform: 'teams', kind: isAction ? 'action' : 'command' },
        (performance.now() - receivedAt) / 1000,
      );
    }
  }

  /** 'unavailable' when Redis does not answer in time (frozen, or away): ../first-delivery.ts. */
  private async firstDelivery(activity: Activity): Promise<'first' | 'duplicate' | 'unavailable'> {
    if (!activity.id) return 'first';
    const key = `${this.options.prefix}:dedupe:teams:${activity.conversation?.id ?? ''}:${activity.id}`;
    return claimFirstDelivery(this.options.redis, key);
  }

  private invocationOf(ctx: TurnContext, text: string, activityId?: string): Invocation {
    const activity = ctx.activity;
    const conversationId = activity.conversation.id;
    const userId = activity.from.aadObjectId ?? activity.from.id;
    const channelData = activity.channelData as { channel?: { id?: string }; tenant?: { id?: string } } | undefined;
    const reference = TurnContext.getConversationReference(activity) as unknown as TeamsConversationReference;
    return {
      platform: 'teams',
      userId,
      ...(activity.from.name ? { userName: activity.from.name } : {}),
      channelId: channelData?.channel?.id ?? conversationId,
      ...(channelData?.tenant?.id ? { teamId: channelData.tenant.id } : {}),
      text,
      requestId: newRequestId(),
      reply: teamsTarget({ reference, conversationId, userId, ...(activityId ? { activityId } : {}) }),
    };
  }

  private async sendInTurn(ctx: TurnContext, activity: Partial<Activity>): Promise<string | undefined> {
    if (!(await this.options.gate.acquire(ctx.activity.conversation.id))) {
      this.options.log.warn('Redis did not answer: a Teams message was sent past the send gate');
    }
    vendorCalls.inc({ vendor: 'teams' });
    return (await ctx.sendActivity(activity))?.id;
  }

  private async onMessage(ctx: TurnContext): Promise<void> {
    const activity = ctx.activity;
    const text = commandText(activity.text, (activity.entities ?? []) as MentionEntity[], activity.recipient?.id);
    const invocation = this.invocationOf(ctx, text);
    const responder: CommandResponder = {
      ack: async (reply) => {
        if (reply !== undefined) await this.sendInTurn(ctx, replyActivity(reply));
      },
      startWorking: async (working) => {
        const id = await this.sendInTurn(ctx, MessageFactory.text(teamsMarkdown(working)));
        return { ...invocation.reply, ...(id ? { activityId: id } : {}) };
      },
      // Teams has no message only one person sees in a channel: the note is a reply in the conversation.
      whisper: async (reply) => {
        await this.sendInTurn(ctx, replyActivity(reply));
      },
    };
    await this.options.dispatcher.handleCommand(invocation, responder);
  }

  private async onAction(ctx: TurnContext): Promise<void> {
    const activity = ctx.activity;
    const action = (activity.value as { action?: { verb?: unknown; data?: Record<string, unknown> } } | undefined)
      ?.action;
    const data = action?.data ?? {};
    const actionId =
      typeof data.actionId === 'string' ? data.actionId : typeof action?.verb === 'string' ? action.verb : '';
    const value = typeof data.value === 'string' ? data.value : '';
    const invocation = this.invocationOf(ctx, '', activity.replyToId);
    let answer: InvokeAnswer | undefined;
    const responder: ActionResponder = {
      ack: async () => {},
      update: async (card) => {
        answer = { card: renderAdaptiveCard(card) };
      },
      startWorking: async (working) => {
        answer = { card: renderTextCard(teamsMarkdown(working)) };
        return invocation.reply;
      },
      whisper: async (reply) => {
        // The invoke's own answer is the private note when nothing else uses it; a card or a second note is a reply.
        if (answer === undefined && typeof reply === 'string') answer = { text: teamsPlainText(reply) };
        else await this.sendInTurn(ctx, replyActivity(reply));
      },
    };
    await this.options.dispatcher.handleAction(actionId, value, invocation, responder);
    await this.answerInvoke(ctx, answer ?? { text: 'Done.' });
  }

  private async answerInvoke(ctx: TurnContext, answer: InvokeAnswer): Promise<void> {
    const body =
      'card' in answer
        ? { statusCode: 200, type: CARD_CONTENT_TYPE, value: answer.card }
        : { statusCode: 200, type: MESSAGE_CONTENT_TYPE, value: answer.text };
    await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
  }
}
