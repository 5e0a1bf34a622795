/**
 * Button clicks. A feature that puts a button on a card registers an `ActionDefinition` for its `actionId`; the
 * chat adapters route clicks here and never need to know what the button does.
 *
 * Button values are short ids or command text, never state (state lives in Redis): see `CardButton.value`.
 */

import type { Role } from '../auth/roles.js';
import type { Card } from '../cards/card.js';
import type { Invocation } from '../chat/invocation.js';
import { CodedError, ERROR_CODES } from '../coded-error.js';
import type { Logger } from '../log.js';
import { COMMAND_RUN_ACTION } from '../presentation/chat-names.js';
import { pickServices, type ServiceName } from '../queue/job-definition.js';
import type { Services } from '../services.js';
import type { JobRequest } from './command-definition.js';

export interface ActionContext<U extends Partial<Services> = Services> {
  actionId: string;
  /** The button's `value`. */
  value: string;
  /** Who clicked, where; `reply` points at the message that holds the button. */
  invocation: Invocation;
  role: Role | undefined;
  /** The services the action declared in `uses`, and no others. */
  services: U;
  log: Logger;
  /** Replaces the clicked message with this card. */
  update(card: Card): Promise<void>;
  /** A private note to the person who clicked (a refusal, "already approved"). */
  whisper(text: string): Promise<void>;
  /** Runs command text as if the person had typed it, answering in the clicked message. */
  runCommand(text: string): Promise<void>;
  /** Enqueues a job whose card replaces the clicked message; `jobId` makes a repeated enqueue a no-op. */
  enqueue(job: JobRequest, options?: { jobId?: string; workingText?: string }): Promise<void>;
}

export interface ActionDefinition {
  actionId: string;
  /** The least role that may click it; others get a private refusal naming the role. */
  role: Role;
  /** The services the handler reaches. */
  uses: readonly ServiceName[];
  handle(ctx: ActionContext): Promise<void>;
}

export interface ActionSpec<K extends ServiceName> {
  actionId: string;
  role: Role;
  /** The services the handler uses; it receives these and no others. */
  uses: readonly K[];
  handle(ctx: ActionContext<Pick<Services, K>>): Promise<void>;
}

export function defineAction<K extends ServiceName = never>(spec: ActionSpec<K>): ActionDefinition {
  return {
    actionId: spec.actionId,
    role: spec.role,
    uses: spec.uses,
    handle: (ctx) => spec.handle({ ...ctx, services: pickServices(ctx.services, spec.uses) }),
  };
}

function duplicateActionError(actionId: string): CodedError {
  return new CodedError({
    code: ERROR_CODES.startupDefinitions,
    message: `Two actions have the id "${actionId}"`,
    retryable: false,
  });
}

export class ActionRegistry {
  private readonly byId = new Map<string, ActionDefinition>();

  constructor(actions: Iterable<ActionDefinition> = []) {
    for (const action of actions) this.add(action);
  }

  add(action: ActionDefinition): this {
    if (this.byId.has(action.actionId)) throw duplicateActionError(action.actionId);
    this.byId.set(action.actionId, action);
    return this;
  }

  get(actionId: string): ActionDefinition | undefined {
    return this.byId.get(actionId);
  }

  list(): ActionDefinition[] {
    return [...this.byId.values()];
  }
}

export const commandRunAction = defineAction({
  actionId: COMMAND_RUN_ACTION,
  // The command itself is authorized when it runs; clicking only needs to be someone who may use the bot.
  role: 'viewer',
  uses: [],
  handle: (ctx) => ctx.runCommand(ctx.value),
});
