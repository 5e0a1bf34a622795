/**
 * What every chat adapter does with a request once it has verified and parsed it, whatever the platform:
 * route -> acknowledge -> show "working on it" -> enqueue, or answer privately and enqueue nothing; and for
 * button clicks: acknowledge -> authorize -> hand the click to the registered action.
 *
 * The adapter supplies a `Responder` that knows how to do each step on its platform.
 */
import { roleIncludes, yourRole } from '../auth/roles.js';
import type { Card } from '../cards/card.js';
import { ERROR_CODES, hasCode } from '../coded-error.js';
import type { Logger } from '../log.js';
import { commandsReceived } from '../metrics.js';
import type { CommandQueue } from '../queue/command-queue.js';
import { mayShowCard } from '../queue/newest-card.js';
import { isConnectionError, withRedisTimeout } from '../redis-trouble.js';
import { newReference } from '../reference.js';
import type { ActionContext, ActionRegistry } from '../router/action-definition.js';
import type { JobRequest } from '../router/command-definition.js';
import type { RouteDecision, Router } from '../router/router.js';
import type { Services } from '../services.js';
import { type Invocation, principalOf, type ReplyTarget } from './invocation.js';

export interface CommandResponder {
  /** Acknowledges the request; with a private card or text when nothing will be enqueued. */
  ack(privateReply?: Card | string): Promise<void>;
  /** Shows "working on it" where the answer will appear and says where the job must deliver its card. */
  startWorking(text: string): Promise<ReplyTarget>;
  /** A private note to the person, after the ack. */
  whisper(reply: Card | string): Promise<void>;
  /** Replaces the "working on it" note at `target` when its job could not be queued (where the platform can). */
  replaceWorking?(target: ReplyTarget, text: string): Promise<void>;
}

export interface ActionResponder extends CommandResponder {
  /** Replaces the clicked message. */
  update(card: Card): Promise<void>;
}

export interface DispatcherDeps {
  router: Router;
  actions: ActionRegistry;
  queue: CommandQueue;
  services: Services;
  log: Logger;
}

import { workingText } from '../presentation/working-text.js';

export { WORKING_TEXT_COMMAND_CHARS, workingText } from '../presentation/working-text.js';

/**
 * How long adding a job may wait for Redis once the request is acknowledged. A frozen Redis keeps the connection
 * open and never answers; past this the person is told, and the job, should it reach Redis later, is not run.
 */
export const ENQUEUE_TIMEOUT_MS = 2000;

export const CANNOT_TAKE_COMMANDS =
  'byoc-bot cannot take commands right now: its queue (Redis) is not answering. Nothing was started; try again in a minute.';

export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  /** A typed command (slash command, Teams message, CLI line). */
  async handleCommand(invocation: Invocation, responder: CommandResponder): Promise<RouteDecision> {
    const decision = await this.deps.router.route(invocation);
    commandsReceived.inc({
      platform: invocation.platform,
      command:
        decision.kind === 'enqueue' && decision.outcome === 'unknown'
          ? 'unknown'
          : (decision.command?.name ?? 'unknown'),
      outcome: decision.outcome,
    });
    if (decision.kind === 'reply') {
      await responder.ack('card' in decision ? decision.card : decision.text);
      return decision;
    }
    await responder.ack();
    await this.startJob(invocation, responder, decision.job);
    return decision;
  }

  /** A button click. `invocation.reply` points at the clicked message. */
  async handleAction(
    actionId: string,
    value: string,
    invocation: Invocation,
    responder: ActionResponder,
  ): Promise<void> {
    await responder.ack();
    const { actions, services, log: baseLog } = this.deps;
    const log = baseLog.child({ actionId, requestId: invocation.requestId });
    const action = actions.get(actionId);
    if (!action) {
      log.warn('click on a button no action handles');
      await responder.whisper('This button no longer does anything. Run the command again for a fresh card.');
      return;
    }
    const principal = principalOf(invocation);
    const role = (await services.authorizer.channelAllowed(principal))
      ? await services.authorizer.roleFor(principal)
      : undefined;
    if (!roleIncludes(role, action.role)) {
      const have = yourRole(role);
      await responder.whisper(
        `That button needs the *${action.role}* role; ${have}. ${services.authorizer.describe()}`,
      );
      return;
    }
    const ctx: ActionContext = {
      actionId,
      value,
      invocation,
      role,
      services,
      log,
      update: (card) => responder.update(card),
      whisper: (text) => responder.whisper(text),
      runCommand: (text) => this.runFromAction({ ...invocation, text }, responder),
      enqueue: (job, options) => this.startJob(invocation, responder, job, { ...options, replyKnown: true }),
    };
    try {
      await action.handle(ctx);
    } catch (err) {
      const reference = newReference();
      log.error({ err, reference }, 'button action failed');
      await responder.whisper(`That did not work (reference ${reference}).`);
    }
  }

  private async runFromAction(invocation: Invocation, responder: ActionResponder): Promise<void> {
    const decision = await this.deps.router.route(invocation);
    commandsReceived.inc({
      platform: invocation.platform,
      command: decision.command?.name ?? 'unknown',
      outcome: decision.outcome,
    });
    if (decision.kind === 'reply') {
      await responder.whisper('card' in decision ? decision.card : decision.text);
      return;
    }
    await this.startJob(invocation, responder, decision.job, { replyKnown: true });
  }

  /**
   * Shows "working on it" and queues the job. A button's job (`replyKnown`) answers in the clicked message, known
   * before any chat call: it is queued first, so a process dying or a chat platform stalling after the press cannot
   * lose it (an approved change, say); "working on it" follows, unless the job's own card got there first. A typed
   * command's answer replaces its "working on it" message, which must exist before the job is queued.
   */
  private async startJob(
    invocation: Invocation,
    responder: CommandResponder,
    job: JobRequest,
    options: { jobId?: string; workingText?: string; replyKnown?: boolean } = {},
  ): Promise<void> {
    const text = options.workingText ?? workingText(invocation.text);
    const { services, log } = this.deps;
    if (options.replyKnown) {
      const madeAt = services.now();
      if (!(await this.enqueue(invocation, responder, job, options.jobId))) return;
      try {
        const prefix = services.config.queuePrefix;
        if (await withRedisTimeout(mayShowCard(services.redis, prefix, invocation.reply, madeAt), ENQUEUE_TIMEOUT_MS))
          await responder.startWorking(text);
      } catch (err) {
        // The job is queued and will answer there all the same.
        log.warn({ err, requestId: invocation.requestId }, 'could not show the working message');
      }
      return;
    }
    let reply = invocation.reply;
    let shown = false;
    try {
      reply = await responder.startWorking(text);
      shown = true;
    } catch (err) {
      // The job runs all the same and answers where the invocation points.
      log.warn({ err, requestId: invocation.requestId }, 'could not show the working message');
    }
    const queued = await this.enqueue({ ...invocation, reply }, responder, job, options.jobId);
    if (!queued && shown && responder.replaceWorking) {
      await responder
        .replaceWorking(reply, CANNOT_TAKE_COMMANDS)
        .catch((err: unknown) =>
          log.warn({ err, requestId: invocation.requestId }, 'could not replace the working message'),
        );
    }
  }

  /** Queues the job within ENQUEUE_TIMEOUT_MS; otherwise tells the person it was not taken, and returns false. */
  private async enqueue(
    invocation: Invocation,
    responder: CommandResponder,
    job: JobRequest,
    jobId: string | undefined,
  ): Promise<boolean> {
    try {
      await this.deps.queue.enqueue(job, invocation, { jobId, timeoutMs: ENQUEUE_TIMEOUT_MS });
      return true;
    } catch (err) {
      const reference = newReference();
      const unavailable = hasCode(err, ERROR_CODES.redisTimeout) || isConnectionError(err);
      this.deps.log.error({ err, reference, requestId: invocation.requestId }, 'could not start the job');
      const text = unavailable
        ? CANNOT_TAKE_COMMANDS
        : `byoc-bot could not start that (reference ${reference}). Try again in a moment.`;
      await responder
        .whisper(text)
        .catch((whisperErr: unknown) => this.deps.log.error({ err: whisperErr, reference }, 'could not say so either'));
      return false;
    }
  }
}
