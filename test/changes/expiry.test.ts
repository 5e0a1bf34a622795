/**
 * An approval nobody decides on expires (here after 3 seconds, APPROVAL_TTL_MINUTES=0.05): the card is updated to
 * say so and loses its buttons, the expiry is audited, and a press that arrives afterwards changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { EXPIRE_APPROVAL_JOB, expireJobId } from '../../src/changes/job-names.js';
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from '../../src/presentation/chat-names.js';
import {
  APPROVER,
  approvalIdOn,
  approve,
  ask,
  askToDisable,
  messageAt,
  OPERATOR,
  press,
  trunkBasePuts,
  trunkEnabled,
  useBench,
  waitForCard,
  whisperTo,
} from './helpers.js';

const bench = useBench({ env: { APPROVAL_TTL_MINUTES: '0.05', AUDIT_CHANNEL: 'C0AUDIT' } });

describe('an approval nobody decides on', () => {
  it('expires: the card says so, its buttons are gone, and a late Approve is refused', async () => {
    const { h, sandbox } = bench;
    const card = await askToDisable(h, 'forgotten');
    const id = card.id;
    expect(card.text).toContain('Approval needed');

    const text = await waitForCard(h, card.ts, 'Expired');
    expect(text).toContain('the approval expired');
    expect(text).not.toContain(APPROVE_ACTION_ID);
    expect(text).not.toContain(REJECT_ACTION_ID);
    expect((await h.bot.services.approvals.get(id))?.state).toBe('expired');

    const updates = messageAt(h, card.ts).updates;
    const late = await approve(h, card);
    expect(await whisperTo(h, late)).toContain('expired');
    expect(trunkEnabled(sandbox)).toBe(true);
    expect(trunkBasePuts(sandbox)).toBe(0);
    expect(messageAt(h, card.ts).updates).toBe(updates);

    const entries = (await h.bot.services.audit.query({ last: 20 })).filter((e) => e.approvalId === id);
    expect(entries.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'approve:refused',
      'expire:expired',
      'request:pending',
    ]);
    expect(entries[1]?.actor).toBe('system');

    // AUDIT_CHANNEL gets the end of the story (the expiry), not the request nor the refused late press.
    const copies = await h.slack.waitFor('the expiry in the audit channel', () => {
      const posted = h.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0AUDIT');
      return JSON.stringify(posted).includes('*expired*') ? posted : undefined;
    });
    expect(copies.map((c) => String(c.params.text))).toEqual([expect.stringContaining('Audit log')]);
    const posted = JSON.stringify(copies.map((c) => c.params.blocks));
    expect(posted).not.toContain('*pending*');
    expect(posted).not.toContain('*refused*');
  });

  it('a decision before the time is up cancels the expiry: the result card stays', async () => {
    const { h } = bench;
    // Out of service (straight in the fake), so that enabling it needs an approval.
    const tb = bench.sandbox.genesys.state.trunkBases[0]!;
    (tb.properties as Record<string, { value: { instance: unknown } }>).trunk_enabled!.value.instance = false;

    const request = await ask(h, 'trunk enable Twilio', OPERATOR);
    const id = approvalIdOn(request.message);
    await press(h, APPROVE_ACTION_ID, id, request.ts, APPROVER);
    await waitForCard(h, request.ts, 'Applied and verified');
    const expiryJob = await h.bot.queue.laneQueue(EXPIRE_APPROVAL_JOB).getJob(expireJobId(id));
    expect(expiryJob).toBeUndefined();
    expect((await h.bot.services.approvals.get(id))?.state).toBe('applied');
  });
});
