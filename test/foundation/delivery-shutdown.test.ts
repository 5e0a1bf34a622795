/**
 * A card delivery that hangs (a chat platform that stopped answering) does not hold the shutdown: after the grace
 * period and a bounded wait the delivery worker closes anyway, and the delivery's lock lapses for another worker.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { slackTarget } from '../../src/chat/slack/reply-target.js';
import { silentLogger } from '../../src/log.js';
import { CardDeliveryWorker } from '../../src/queue/card-delivery-worker.js';
import { CardOutbox } from '../../src/queue/card-outbox.js';
import { INTERRUPT_SETTLE_MS } from '../../src/queue/worker-lane.js';
import { REDIS_URL } from '../redis-url.js';
import { deleteKeys } from './harness.js';

const prefix = `test-delivery-shutdown-${randomUUID()}`;
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });

afterAll(async () => {
  await deleteKeys(REDIS_URL, prefix);
  await redis.quit();
});

it('a delivery that never ends lets the worker close within the grace period and the bounded wait', async () => {
  let started: () => void = () => {};
  const delivering = new Promise<void>((resolve) => {
    started = resolve;
  });
  const worker = new CardDeliveryWorker({
    redis: { kind: 'single', url: REDIS_URL },
    prefix,
    concurrency: 1,
    log: silentLogger(),
    deliveries: {
      slack: {
        deliver: () => {
          started();
          return new Promise<void>(() => {});
        },
      },
    },
  });
  const outbox = new CardOutbox(redis, { prefix });
  try {
    await worker.waitUntilReady();
    await outbox.send(
      slackTarget({ channel: 'C0TEST', userId: 'U0TEST', ts: '1.000001' }),
      { title: 'hangs', status: 'info' },
      {
        key: 'hang-1',
        requestId: 'r-1',
        madeAt: Date.now(),
      },
    );
    await delivering;
    const graceMs = 500;
    const closing = Date.now();
    await worker.close(graceMs);
    // The grace period, the bounded wait for the forced close, and what a busy machine adds.
    expect(Date.now() - closing).toBeLessThan(graceMs + INTERRUPT_SETTLE_MS + 2000);
  } finally {
    await outbox.queue.close();
  }
}, 30_000);
