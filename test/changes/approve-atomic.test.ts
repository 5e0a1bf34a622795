/**
 * Approve -> audit -> enqueue. The approval's transition and its audit entry are one Lua script, and the change job
 * is queued before any chat call: a process that dies right after the script (here: the store throws once its
 * script has run, with Redis untouched by the test) leaves exactly one "approve" entry, and the sweeper applies the
 * change once, its card saying so, with nobody pressing again.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, ApprovalStore, type ApproveOptions, type DecisionOutcome } from '../../src/approvals/index.js';
import { deleteKeys } from '../foundation/harness.js';
import { REDIS_URL } from '../redis-url.js';
import {
  APPROVER,
  approve,
  askToDisable,
  type Bench,
  expectDisabledByOneWrite,
  startBench,
  waitForCard,
  whisperTo,
} from './helpers.js';

/** The process "dies" right after the approval's script: the script ran, nothing after it did. */
class DiesAfterTheScript extends ApprovalStore {
  deaths = 0;
  override async approve(id: string, approver: Actor, now: Date, options: ApproveOptions): Promise<DecisionOutcome> {
    // Dated two minutes back, so the sweeper counts it as stuck now rather than after STUCK_APPROVED_MS.
    const outcome = await super.approve(id, approver, new Date(now.getTime() - 2 * 60_000), options);
    if (outcome.ok && this.deaths === 0) {
      this.deaths += 1;
      throw new Error('the process died here');
    }
    return outcome;
  }
}

const prefix = `test-${randomUUID()}`;
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
const store = new DiesAfterTheScript(redis, { prefix: `${prefix}:` });
let bench: Bench;

beforeAll(async () => {
  bench = await startBench({
    env: { QUEUE_PREFIX: prefix },
    bot: { approvalSweepMs: 300, services: { approvals: store } },
  });
}, 30_000);

afterAll(async () => {
  await bench?.close();
  await deleteKeys(REDIS_URL, prefix);
  await redis.quit();
});

describe('approve, audit, enqueue', () => {
  it('a death right after the approval script leaves one audit entry, and the sweeper applies the change once', async () => {
    const { h, sandbox } = bench;
    const card = await askToDisable(h, 'dies after approving');
    const id = card.id;
    sandbox.genesys.resetRequests();

    const pressed = await approve(h, card);
    expect(await whisperTo(h, pressed)).toContain('That did not work');
    expect(store.deaths).toBe(1);

    const text = await waitForCard(h, card.ts, 'Applied and verified', 30_000);
    expect(text).toContain('report out of service');
    expectDisabledByOneWrite(sandbox);

    const entries = (await h.bot.services.audit.query({ last: 50 })).filter((e) => e.approvalId === id);
    expect(entries.filter((e) => e.action === 'approve').map((e) => [e.actor, e.outcome])).toEqual([
      [APPROVER, 'approved'],
    ]);
    expect(entries.filter((e) => e.action === 'apply').map((e) => e.outcome)).toEqual(['applied']);
    const approval = await h.bot.services.approvals.get(id);
    expect(approval?.history.map((t) => t.to)).toEqual(['pending', 'approved', 'applied']);
  }, 60_000);

  it('a press that works queues the change job before the card says "applying"', async () => {
    const { h, sandbox } = bench;
    const tb = sandbox.genesys.state.trunkBases[0]!;
    (tb.properties as Record<string, { value: { instance: unknown } }>).trunk_enabled!.value.instance = true;
    const card = await askToDisable(h, 'plain approval');
    const id = card.id;
    sandbox.genesys.setFaults({ latencyMs: 300 });
    try {
      await approve(h, card);
      await waitForCard(h, card.ts, 'Applied and verified', 30_000);
    } finally {
      sandbox.genesys.setFaults({ latencyMs: 0 });
    }
    const job = await h.bot.queue.queue.getJob(id);
    const applying = h.slack
      .callsTo('chat.update')
      .find((c) => c.params.ts === card.ts && String(c.params.text ?? '').includes('Approved by'));
    expect(job?.timestamp).toBeGreaterThan(0);
    expect(applying?.at).toBeGreaterThanOrEqual(job!.timestamp);
    const approves = (await h.bot.services.audit.query({ last: 50 })).filter(
      (e) => e.approvalId === id && e.action === 'approve',
    );
    expect(approves).toHaveLength(1);
  }, 60_000);
});
