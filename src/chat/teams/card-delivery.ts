/**
 * Puts a card where a Teams reply target points, from any worker replica: a proactive turn on the stored
 * conversation reference (`continueConversationAsync`), then `updateActivity` of the message that said "working on
 * it" (or holds the pressed card), or a new message when there is none or it is gone (404).
 *
 * Each send waits for the conversation's rate slot (`send-gate.ts`) and is tried once: a refusal becomes a
 * `VendorError` (429, 412, 502 and 504 marked transient, with Retry-After), and the one layer that retries is the
 * caller's queue (the card outbox, or the job that posts an alert), which waits at least Retry-After. Retrying here
 * as well would multiply the tries (4 here times 8 there) and hold a worker slot while sleeping.
 */
import {
  type Activity,
  CardFactory,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
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
}

/** Sends or updates one activity in a conversation, proactively, after the rate gate; tried once. */
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
    await gate.acquire(target.conversationId);
    try {
      let id: string | undefined;
      vendorCalls.inc({ vendor: 'teams' });
      await adapter.continueConversationAsync(
        appId,
        target.reference as unknown as Partial<ConversationReference>,
        async (ctx) => {
          withoutSdkRetries(ctx, adapter);
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
      throw connectorError(err);
    }
  }
}

/**
 * botbuilder's connector client sends through an Azure pipeline whose default retry policy (named
 * `defaultRetryPolicy`: up to 3 more tries on 429 with Retry-After, 5xx and network errors,
 * https://learn.microsoft.com/en-us/javascript/api/@azure/core-rest-pipeline/#@azure-core-rest-pipeline-defaultretrypolicy)
 * would be a layer of retries under the outbox's; botbuilder offers no option to turn it off
 * (`noRetryPolicy` is ignored by its compat layer), so the proactive turn's own client drops it. The client is made
 * for this turn alone; replies inside a request's turn keep it. test/teams/delivery.test.ts counts one connector call
 * per delivery attempt, so an SDK that moves the policy is caught.
 */
function withoutSdkRetries(ctx: TurnContext, adapter: CloudAdapter): void {
  const connector = ctx.turnState.get(adapter.ConnectorClientKey) as
    | { client?: { pipeline?: { removePolicy(options: { name: string }): unknown } } }
    | undefined;
  connector?.client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
}

/** A connector failure as the `VendorError` the retry policy reads; Teams' transient statuses are marked so. */
export function connectorError(err: unknown): VendorError {
  const status = statusOf(err);
  return new VendorError({
    vendor: 'teams',
    status,
    code: status ? `http_${status}` : 'request_error',
    message: status ? `Microsoft Teams answered HTTP ${status}` : 'Microsoft Teams could not be reached',
    retryAfterSeconds: retryAfterSeconds(err),
    ...(TEAMS_LIMITS.retryStatuses.includes(status) ? { transient: true } : {}),
    cause: err,
  });
}

export class TeamsCardDelivery implements CardDelivery {
  constructor(private readonly sender: TeamsSender) {}

  async deliver(target: ReplyTarget, card: Card): Promise<void> {
    await this.sender.put(asTeamsTarget(target), cardActivity(card));
  }
}
