/**
 * Slack refuses the card of a change request a few times (429 with Retry-After, then a 503): the card still
 * arrives, and the request was planned once, so there is one approval, one audit entry and one expiry for it.
 * Delivering a card is a job of its own: a chat platform's refusal is retried there and never runs the work again.
 */
import { describe, expect, it } from 'vitest';
import { EXPIRE_APPROVAL_JOB } from '../../src/changes/job-names.js';
import { approvalIdOn, OPERATOR, sleep, useBench, waitForCard } from './helpers.js';

const bench = useBench();

describe('Slack refuses to show a change request card', () => {
  it('the card arrives after the refusals, and there is one approval for the one request', async () => {
    const { h } = bench;
    h.slack.failNext(
      'chat.update',
      { status: 429, retryAfterSeconds: 1 },
      { status: 503 },
      { status: 429, retryAfterSeconds: 1 },
    );
    const gathered = () => h.logLines.filter((l) => l.includes('"msg":"snapshot gathered"')).length;
    const gatheredBefore = gathered();
    const result = await h.slash('trunk disable Twilio --reason "refused twice"', { userId: OPERATOR });
    expect(result.status).toBe(200);
    const posted = await h.slack.waitFor('the working message', () =>
      h.slack.callsTo('chat.postMessage').find((c) => c.at >= result.sentAt && c.result?.ts),
    );
    const ts = String(posted.result?.ts);
    await waitForCard(h, ts, 'Approval needed', 30_000);

    const services = h.bot.services;
    const pending = await services.approvals.listPending(services.snapshots.orgKey);
    expect(pending).toHaveLength(1);
    expect(pending[0]?.id).toBe(approvalIdOn(h.slack.message('C0SANDBOX', ts)!));
    const requests = (await services.audit.query({ last: 50 })).filter((e) => e.action === 'request');
    expect(requests).toHaveLength(1);
    const delayed = await h.bot.queue.laneQueue(EXPIRE_APPROVAL_JOB).getDelayed();
    expect(delayed.filter((j) => j.name === EXPIRE_APPROVAL_JOB)).toHaveLength(1);
    // The plan was made once: one fresh snapshot, not one per refusal.
    expect(gathered() - gatheredBefore).toBe(1);
  }, 60_000);
});

describe('cards delivered out of order', () => {
  it('an older card never replaces a newer one at the same message', async () => {
    const { h } = bench;
    const posted = String(h.slack.callsTo('chat.postMessage').at(-1)?.result?.ts);
    const target = { platform: 'slack' as const, channel: 'C0SANDBOX', userId: OPERATOR, ts: posted };
    const now = Date.now();
    await h.bot.outbox.send(target, { title: 'Newer', status: 'ok' }, { key: 'order-2', requestId: 'r2', madeAt: now });
    await waitForCard(h, posted, 'Newer');
    await h.bot.outbox.send(
      target,
      { title: 'Older', status: 'ok' },
      { key: 'order-1', requestId: 'r1', madeAt: now - 5000 },
    );
    for (let i = 0; i < 200 && !(await h.bot.outbox.queue.getJob('card-order-1'))?.finishedOn; i += 1) await sleep(50);
    expect((await h.bot.outbox.queue.getJob('card-order-1'))?.finishedOn).toBeGreaterThan(0);
    expect(JSON.stringify(h.slack.message('C0SANDBOX', posted))).toContain('Newer');
  });

  it('a delivery run again after it delivered (BullMQ lost its lock) does not put the card there twice', async () => {
    const { h } = bench;
    const posted = String(h.slack.callsTo('chat.postMessage').at(-1)?.result?.ts);
    const target = { platform: 'slack' as const, channel: 'C0SANDBOX', userId: OPERATOR, ts: posted };
    const updates = () => h.slack.callsTo('chat.update').filter((c) => c.params.ts === posted && c.result?.ok).length;
    const before = updates();
    await h.bot.outbox.send(
      target,
      { title: 'Once', status: 'ok' },
      { key: 'once-1', requestId: 'r-once', madeAt: Date.now() },
    );
    await waitForCard(h, posted, 'Once');
    expect(updates()).toBe(before + 1);
    const job = await h.bot.outbox.queue.getJob('card-once-1');
    for (let i = 0; i < 200 && !(await job?.isCompleted()); i += 1) await sleep(25);
    // What the stalled-job check does to a job whose completion never reached Redis: it runs it again.
    await job!.retry('completed');
    for (let i = 0; i < 200 && !(await h.bot.outbox.queue.getJob('card-once-1'))?.finishedOn; i += 1) await sleep(25);
    await sleep(300);
    expect(updates()).toBe(before + 1);
    expect(h.logLines.some((l) => l.includes('this card was delivered already'))).toBe(true);
  });
});
