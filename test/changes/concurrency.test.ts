/**
 * Exactly once: fifty approvers pressing Approve at the same moment make one PUT on Genesys; a write that loses
 * to another writer (a stale `version`, 409 or 400) reads again and re-checks once, and a second loss fails clearly.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { APPROVE_ACTION_ID } from '../../src/presentation/chat-names.js';
import {
  APPROVER,
  APPROVER_2,
  approvalIdOn,
  approve,
  ask,
  askToDisable,
  expectDisabledByOneWrite,
  OPERATOR,
  press,
  sleep,
  TRUNK_BASE_ID,
  trunkBasePuts,
  trunkEnabled,
  useBench,
  waitForCard,
  whisperTo,
} from './helpers.js';

const bench = useBench({ env: { WORKER_CONCURRENCY: '20' } });

beforeEach(() => {
  const tb = bench.sandbox.genesys.state.trunkBases[0]!;
  (tb.properties as Record<string, { value: { instance: unknown } }>).trunk_enabled!.value.instance = true;
  bench.sandbox.genesys.setFaults({ latencyMs: 0, versionConflictStatus: 409 });
  bench.sandbox.genesys.resetRequests();
});

/**
 * Bumps the trunk base's version each time a PUT arrives, while the fake holds it (latency): the PUT then carries
 * a stale version, exactly as if someone saved the trunk in the admin UI between the bot's read and its write.
 */
function bumpVersionOnPut(times: number): { stop(): void; bumps(): number } {
  const { sandbox } = bench;
  let seen = 0;
  let bumped = 0;
  let running = true;
  void (async () => {
    while (running && bumped < times) {
      const puts = trunkBasePuts(sandbox);
      if (puts > seen) {
        seen = puts;
        const tb = sandbox.genesys.state.trunkBases.find((t) => t.id === TRUNK_BASE_ID)!;
        tb.version = (tb.version ?? 1) + 1;
        bumped++;
      }
      await sleep(2);
    }
  })();
  return {
    stop: () => {
      running = false;
    },
    bumps: () => bumped,
  };
}

describe('fifty approvers at once', () => {
  it('make exactly one PUT on the fake Genesys; everyone else hears who approved', async () => {
    const { h, sandbox } = bench;
    const card = await askToDisable(h, 'fifty presses');
    const id = card.id;
    sandbox.genesys.resetRequests();

    const presses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => press(h, APPROVE_ACTION_ID, id, card.ts, i % 2 ? APPROVER : APPROVER_2)),
    );
    expect(presses.every((p) => p.status === 200)).toBe(true);
    await waitForCard(h, card.ts, 'Applied and verified');

    expectDisabledByOneWrite(sandbox);
    const approval = await h.bot.services.approvals.get(id);
    expect(approval?.state).toBe('applied');
    expect(approval?.history.map((t) => t.to)).toEqual(['pending', 'approved', 'applied']);

    // The winner's press answers with the card; each of the 49 others privately, naming the approver.
    const answered = await h.slack.waitFor('49 private answers', () => {
      const told = presses.map((p) => h.slack.responsesTo(p.responseId)[0]).filter((r) => r !== undefined);
      return told.length >= 49 ? told : undefined;
    });
    expect(answered).toHaveLength(49);
    expect(answered.every((r) => String(r.body.text).startsWith('Already approved by'))).toBe(true);

    const approvals = (await h.bot.services.audit.query({ last: 100 })).filter(
      (e) => e.approvalId === id && e.action === 'approve' && e.outcome === 'approved',
    );
    expect(approvals).toHaveLength(1);
  });
});

describe("Genesys' optimistic concurrency", () => {
  /**
   * Asks for "trunk disable Twilio" and approves it while someone else bumps the trunk's version `bumps` times
   * (each PUT meets a newer version); resolves with the card's final text once it says `until`.
   */
  async function approveWhileBumped(bumps: number, until: string, faults: { versionConflictStatus?: 409 | 400 } = {}) {
    const { h, sandbox } = bench;
    const card = await ask(h, 'trunk disable Twilio', OPERATOR);
    const id = approvalIdOn(card.message);
    sandbox.genesys.resetRequests();
    sandbox.genesys.setFaults({ latencyMs: 150, ...faults });
    const bumper = bumpVersionOnPut(bumps);
    try {
      await approve(h, card);
      const text = await waitForCard(h, card.ts, until);
      return { id, card, text, bumped: bumper.bumps() };
    } finally {
      bumper.stop();
    }
  }

  it('a stale version (409) is read again and re-checked once, then the write goes through', async () => {
    const { sandbox } = bench;
    const { bumped } = await approveWhileBumped(1, 'Applied and verified');
    expect(bumped).toBe(1);
    expect(trunkBasePuts(sandbox)).toBe(2);
    const reads = sandbox.genesys.requests.filter(
      (r) => r.method === 'GET' && r.path.endsWith(`/trunkbasesettings/${TRUNK_BASE_ID}`),
    );
    expect(reads).toHaveLength(2);
    expect(trunkEnabled(sandbox)).toBe(false);
  });

  it('a stale version answered as 400 "does not match the current version" is the same conflict', async () => {
    const { sandbox } = bench;
    const { bumped } = await approveWhileBumped(1, 'Applied and verified', { versionConflictStatus: 400 });
    expect(bumped).toBe(1);
    expect(trunkBasePuts(sandbox)).toBe(2);
    expect(trunkEnabled(sandbox)).toBe(false);
  });

  it.each([409, 400] as const)(
    'a second %s in a row fails clearly: the card says so and nothing more is written',
    async (status) => {
      const { h, sandbox } = bench;
      const { id, card, text } = await approveWhileBumped(2, 'Failed', { versionConflictStatus: status });
      expect(text).toContain('changed by someone else');
      expect(trunkBasePuts(sandbox)).toBe(2);
      expect(trunkEnabled(sandbox)).toBe(true);
      const approval = await h.bot.services.approvals.get(id);
      expect(approval?.state).toBe('failed');
      expect(approval?.failure?.code).toBe('change.conflict');

      const late = await press(h, APPROVE_ACTION_ID, id, card.ts, APPROVER_2);
      expect(await whisperTo(h, late)).toContain('applying it failed');
      const fails = (await h.bot.services.audit.query({ last: 20 })).filter((e) => e.approvalId === id);
      expect(fails.some((e) => e.action === 'fail' && e.outcome === 'failed')).toBe(true);
    },
  );
});
