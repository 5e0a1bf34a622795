/**
 * An approval's expiry and the approval sweeper call no vendor, so they run in the lane of their own with `help` and
 * `audit`: while Genesys accepts requests and never answers, and the status commands waiting on it hold every slot
 * of the vendor lane, an approval still expires on time and its card says so.
 */
import { describe, expect, it } from 'vitest';
import { planTrunkInService } from '../../src/byoc/changes/trunk-in-service.js';
import { ask, askToDisable, OPERATOR, useBench, VIEWER, waitForCard } from './helpers.js';

const VENDOR_SLOTS = 2;
const bench = useBench({
  // Approvals live 3 s; two vendor jobs at a time, each allowed to wait a minute for Genesys.
  env: { APPROVAL_TTL_MINUTES: '0.05', WORKER_CONCURRENCY: String(VENDOR_SLOTS), JOB_TIMEOUT_SECONDS: '60' },
  bot: { approvalSweepMs: 500 },
});

/** Genesys stops answering and two `status --fresh` wait on it, holding every slot of the vendor lane. */
async function hangTheVendorLane(): Promise<void> {
  const { h, sandbox } = bench;
  sandbox.genesys.setFaults({ genesysDown: true });
  for (let i = 0; i < VENDOR_SLOTS; i += 1)
    expect((await h.slash('status --fresh', { userId: VIEWER })).status).toBe(200);
  const deadline = Date.now() + 10_000;
  while ((await h.bot.queue.queue.getActiveCount()) < VENDOR_SLOTS) {
    if (Date.now() > deadline) throw new Error('the status commands did not take the vendor lane');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('approvals while Genesys hangs', () => {
  it('an approval expires on time, and the sweeper ends one whose expiry job is gone, with every vendor slot taken', async () => {
    const { h, sandbox } = bench;
    const services = h.bot.services;
    // Asked while Genesys answers: expires 3 s from now, by its expiry job.
    const card = await askToDisable(h, 'asked before Genesys hung');
    // A message for the second one, and its plan.
    const holder = await ask(h, 'approvals', OPERATOR);
    const planned = planTrunkInService(await services.snapshots.get({ fresh: true }), 'Twilio', false);
    if (!planned.ok) throw new Error(planned.error.message);
    try {
      await hangTheVendorLane();
      // Made without its expiry job (as if that job were lost), and already past its time: only the sweeper ends it.
      const lost = await services.approvals.create(
        {
          orgKey: services.snapshots.orgKey,
          plan: planned.plan,
          requester: { platform: 'slack', userId: OPERATOR },
          reason: 'expiry job lost',
          channelId: holder.message.channel,
          messageTs: holder.ts,
          reply: { platform: 'slack', channel: holder.message.channel, userId: OPERATOR, ts: holder.ts },
          ttlMs: 1_000,
        },
        new Date(Date.now() - 2_000),
      );
      await waitForCard(h, holder.ts, 'Expired', 10_000);
      await waitForCard(h, card.ts, 'Expired', 10_000);
      expect((await services.approvals.get(card.id))?.state).toBe('expired');
      expect((await services.approvals.get(lost.id))?.state).toBe('expired');
      // The status commands still hold the vendor lane: the expiries did not wait for it.
      expect(await h.bot.queue.queue.getActiveCount()).toBe(VENDOR_SLOTS);
    } finally {
      sandbox.genesys.setFaults({ genesysDown: false });
    }
  }, 60_000);
});
