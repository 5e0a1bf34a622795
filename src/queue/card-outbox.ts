/**
 * The outbox: every card a job produces is delivered by a job of its own ("deliver this card to this reply
 * target"), on a queue of its own with its own retries. A chat platform that refuses a card (Slack's 429, a 5xx,
 * a Teams throttle) is retried here, honouring its Retry-After, and never runs the job that made the card again:
 * a change request is planned once however often Slack says "later".
 *
 * Platform-neutral: a delivery job carries the opaque `ReplyTarget` and the card; the worker hands them to the
 * `CardDelivery` of the target's platform (`src/chat/<platform>/`), the only code that knows how to post.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Card } from '../cards/card.js';
import type { ReplyTarget } from '../chat/invocation.js';
import { BACKOFF_TYPE } from './retry-policy.js';

export const DELIVERY_QUEUE = 'deliveries';
export const DELIVER_CARD_JOB = 'deliver-card';
/**
 * Attempts at putting one card in place: with Retry-After honoured and the delay doubling from one second, eight
 * attempts span about four minutes, past a typical chat rate-limit window.
 */
export const DELIVERY_ATTEMPTS = 8;

export interface DeliveryJobData {
  target: ReplyTarget;
  card: Card;
  /** The request the card answers (logs). */
  requestId: string;
  /** When the card was made (ms since the epoch): an older card never replaces a newer one at the same target. */
  madeAt: number;
}

export interface CardOutboxOptions {
  prefix: string;
  /** Tests use their own queue; the delivery queue is named after it. */
  queueName?: string;
  backoffBaseMs?: number;
  onError?: (err: Error) => void;
}

export function deliveryQueueName(commandQueueName?: string): string {
  return commandQueueName ? `${commandQueueName}-${DELIVERY_QUEUE}` : DELIVERY_QUEUE;
}

export class CardOutbox {
  readonly queue: Queue<DeliveryJobData>;

  constructor(
    connection: Redis,
    private readonly options: CardOutboxOptions,
  ) {
    this.queue = new Queue<DeliveryJobData>(deliveryQueueName(options.queueName), {
      connection,
      prefix: options.prefix,
    });
    this.queue.on('error', options.onError ?? (() => undefined));
  }

  /**
   * Queues the delivery. `key` names it (the producing job's id): the same job run twice queues one delivery
   * while the first is kept (an hour after it completes).
   */
  async send(target: ReplyTarget, card: Card, meta: { key: string; requestId: string; madeAt: number }): Promise<void> {
    await this.queue.add(
      DELIVER_CARD_JOB,
      { target, card, requestId: meta.requestId, madeAt: meta.madeAt },
      {
        jobId: `card-${meta.key.replace(/:/g, '-')}`,
        attempts: DELIVERY_ATTEMPTS,
        backoff: { type: BACKOFF_TYPE, delay: this.options.backoffBaseMs ?? 1000 },
        removeOnComplete: { age: 3600, count: 1000 },
        removeOnFail: { age: 7 * 86400 },
      },
    );
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
