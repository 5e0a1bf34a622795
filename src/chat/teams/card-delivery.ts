/**
 * Puts a card where a Teams reply target points, from any worker replica: a proactive turn on the stored
 * conversation reference (`continueConversationAsync`), then `updateActivity` of the message that said "working on
 * it" (or holds the pressed card), or a new message when there is none or it is gone (404).
 *
 * Each send waits for the conversation's rate slot (`send-gate.ts`); 429, 412, 502 and 504 are tried again with
 * exponential backoff and jitter, at least Retry-After; what still fails becomes a `VendorError` for the job's own
 * retry policy.
 */
import { type Activity, CardFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { Card } from '../../cards/card.js';
import type { Logger } from '../../log.js';
import { vendorCalls } from '../../metrics.js';
import { VendorError } from '../../vendors/vendor-error.js';
import type { CardDelivery, ReplyTarget } from '../invocation.js';
import { renderAdaptiveCard } from './adaptive-card.js';
import { TEAMS_LIMITS } from './limits.js';
import { asTeamsTarget, type TeamsReplyTarget } from './reply-target.js';
import type { TeamsSendGate } from './send-gate.js';

/** A message activity carrying one Adaptive Card. */
export function cardActivity(card: Card): Partial<Activity> {
  return { type: 'message', attachments: [CardFactory.adaptiveCard(renderAdaptiveCard(card))] };
}

interface ConnectorFailure {
  statusCode?: number;
  response?: { headers?: { get?(name: string): string | undefined } };
}

function statusOf(err: unknown): number {
  const status = (err as ConnectorFailure | undefined)?.statusCode;
  return typeof status === 'number' ? status : 0;
}

function retryAfterSeconds(err: unknown): number | undefined {
  const value = Number((err as ConnectorFailure | undefined)?.response?.headers?.get?.('retry-after'));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

export interface TeamsSenderOptions {
  adapter: CloudAdapter;
  appId: string;
  gate: TeamsSendGate;
  log: Logger;
  /** First backoff in ms (tests shorten it). */
  retryBaseMs?: number;
}

/** Sends or updates one activity in a conversation, proactively, with the rate gate and retries. */
export class TeamsSender {
  constructor(private readonly options: TeamsSenderOptions) {}

  async put(target: TeamsReplyTarget, activity: Partial<Activity>): Promise<string | undefined> {
    if (target.activityId) {
      try {
        await this.attempt(target, activity, target.activityId);
        return target.activityId;
      } catch (err) {
        if (!(err instanceof VendorError) || err.status !== 404) throw err;
        this.options.log.warn({ activityId: target.activityId }, 'the Teams message to update is gone; sending anew');
      }
    }
    return this.attempt(target, activity, undefined);
  }

  private async attempt(
    target: TeamsReplyTarget,
    activity: Partial<Activity>,
    updateId: string | undefined,
  ): Promise<string | undefined> {
    const { adapter, appId, gate } = this.options;
    const base = this.options.retryBaseMs ?? TEAMS_LIMITS.retryBaseMs;
    for (let attempt = 1; ; attempt++) {
      await gate.acquire(target.conversationId);
      try {
        let id: string | undefined;
        vendorCalls.inc({ vendor: 'teams' });
        await adapter.continueConversationAsync(
          appId,
          target.reference as unknown as Partial<ConversationReference>,
          async (ctx) => {
            if (updateId) {
              await ctx.updateActivity({ ...activity, id: updateId });
              id = updateId;
            } else {
              id = (await ctx.sendActivity(activity))?.id;
            }
          },
        );
        return id;
      } catch (err) {
        const status = statusOf(err);
        const wait = retryAfterSeconds(err);
        if (TEAMS_LIMITS.retryStatuses.includes(status) && attempt < TEAMS_LIMITS.sendAttempts) {
          const backoff = base * 2 ** (attempt - 1) * (1 + Math.random() / 2);
          await new Promise((resolve) => setTimeout(resolve, Math.max(backoff, (wait ?? 0) * 1000)));
          continue;
        }
        throw new VendorError({
          vendor: 'teams',
          status,
          code: status ? `http_${status}` : 'request_error',
          message: status ? `Microsoft Teams answered HTTP ${status}` : 'Microsoft Teams could not be reached',
          retryAfterSeconds: wait,
          cause: err,
        });
      }
    }
  }
}

export class TeamsCardDelivery implements CardDelivery {
  constructor(private readonly sender: TeamsSender) {}

  async deliver(target: ReplyTarget, card: Card): Promise<void> {
    await this.sender.put(asTeamsTarget(target), cardActivity(card));
  }
}
