/**
 * The bot reads Genesys Cloud the way Genesys answers, not the way an easy fake would (docs/vendor-facts.md):
 * a number only in a DID pool is not a DID yet, a stale version can come back as 400 as well as 409, and deleted
 * objects stay in the listings with `state: deleted`.
 */
import { describe, expect, it } from 'vitest';
import { planDidUnassign, planTrunkInService } from '../../src/byoc/changes/index.js';
import { doctorContext, runDoctor } from '../../src/byoc/doctor/index.js';
import { applyPlan } from '../../src/changes/apply-plan.js';
import { memoryStepProgress } from '../../src/changes/step-progress.js';
import { verifyPlan } from '../../src/changes/verify-plan.js';
import { ERROR_CODES } from '../../src/coded-error.js';
import type { GenesysClient } from '../../src/genesys/client.js';
import { isVersionMismatch } from '../../src/genesys/errors.js';
import { silentLogger } from '../../src/log.js';
import { snapshotFromScenario } from '../../src/sandbox/scenario-snapshot.js';
import { VendorError } from '../../src/vendors/vendor-error.js';
import { readWatchView } from '../../src/watch/watch-view.js';
import { closedAfterEach } from '../support/use-started.js';
import { startVendorBench, type VendorBench } from './helpers.js';

const TRUNK_BASE_ID = '9d4b7c1e-3a2f-4e8d-b6c5-twilio000001';
const DELETED_TRUNK_BASE_ID = '4e2d9a7b-1c3f-4b6e-a8d5-deleted00001';
const MAIN = '+33123456789';

/** The plan step that creates a one-number DID pool. */
function poolCreateStep(number: string) {
  return {
    action: 'genesys.didPool.create' as const,
    startPhoneNumber: number,
    endPhoneNumber: number,
    description: 'spare',
    provider: 'PURE_CLOUD' as const,
    vendor: 'genesys' as const,
    target: `DID pool for ${number}`,
    before: 'in no DID pool',
    after: 'in a new pool',
    noop: false,
  };
}

const closing = closedAfterEach((started: VendorBench) => started.close());

describe('a number that is only in a DID pool', () => {
  it('is not listed as a DID, yet the snapshot finds it in its pool, without an owner', async () => {
    const bench = closing(await startVendorBench('broken/did-unowned'));
    expect(await bench.genesys.dids()).toEqual([]);
    const snapshot = await bench.gather();
    if (!snapshot.genesys.available) throw new Error(snapshot.genesys.reason);
    expect(snapshot.genesys.dids.map((d) => [d.phoneNumber, d.owner])).toEqual([[MAIN, undefined]]);
  });

  it('makes the doctor warn that it has no owner (GC-DID-OWNERS)', async () => {
    const bench = closing(await startVendorBench('broken/did-unowned'));
    const report = runDoctor(await bench.gather(), doctorContext());
    expect(report.findings.filter((f) => f.rule === 'GC-DID-OWNERS').map((f) => f.status)).toEqual(['warn']);
  });

  it('is "owned by nobody" for did unassign, not "not a DID in any pool"', async () => {
    const bench = closing(await startVendorBench('broken/did-unowned'));
    const plan = planDidUnassign(await bench.gather(), MAIN);
    expect(plan.ok && plan.plan.steps[0]).toMatchObject({ before: 'owned by nobody', noop: true });
  });

  it('counts as in a pool once the pool is created: creating a pool is verified', async () => {
    const bench = closing(await startVendorBench('default'));
    const step = poolCreateStep('+33123456790');
    const deps = { genesys: bench.genesys, progress: memoryStepProgress(), log: silentLogger() };
    await applyPlan([step], deps);
    expect(await bench.genesys.dids({ phoneNumber: '+33123456790' })).toEqual([]);
    const verification = await verifyPlan([step], { genesys: bench.genesys, attempts: 1 });
    expect(verification).toEqual({ verified: true, detail: '+33123456790 is in a DID pool.' });
  });
});

describe('a stale version', () => {
  it('is a version conflict whether Genesys answers 409 or 400 "does not match the current version"', async () => {
    const bench = closing(await startVendorBench('default'));
    const g = bench.genesys;
    for (const status of [409, 400] as const) {
      bench.sandbox.genesys.setFaults({ versionConflictStatus: status });
      const base = await g.trunkBase(TRUNK_BASE_ID);
      const err = await g.putTrunkBase(TRUNK_BASE_ID, { ...base, version: (base.version ?? 1) - 1 }).catch((e) => e);
      expect(err).toMatchObject({ status });
      expect(isVersionMismatch(err)).toBe(true);
    }
    // Any other 400 is not.
    const base = await g.trunkBase(TRUNK_BASE_ID);
    const other = await g.putTrunkBase(TRUNK_BASE_ID, { ...base, name: '' }).catch((e) => e);
    expect(other).toMatchObject({ status: 400 });
    expect(isVersionMismatch(other)).toBe(false);
    expect(isVersionMismatch(new VendorError({ vendor: 'twilio', status: 409, code: '409', message: 'x' }))).toBe(
      false,
    );
  });
});

describe('objects Genesys lists with state "deleted"', () => {
  it('are still listed by the fake, as by Genesys, and never reach the snapshot', async () => {
    const bench = closing(await startVendorBench('deleted-leftovers'));
    const listed = await bench.genesys.trunkBases();
    expect(listed.filter((t) => t.name === 'Twilio').map((t) => t.state)).toEqual(['active', 'deleted']);
    expect((await bench.genesys.didPools()).some((p) => p.state === 'deleted')).toBe(true);

    const snapshot = await bench.gather();
    if (!snapshot.genesys.available) throw new Error(snapshot.genesys.reason);
    expect(snapshot.genesys.trunkBases.map((t) => t.id)).not.toContain(DELETED_TRUNK_BASE_ID);
    expect(snapshot.genesys.didPools.every((p) => p.state !== 'deleted')).toBe(true);
    expect(snapshot.genesys.trunks.every((t) => t.trunkBaseId === TRUNK_BASE_ID)).toBe(true);
  });

  it('change nothing the doctor says: it answers as on the org without them', async () => {
    const bench = closing(await startVendorBench('deleted-leftovers'));
    const withLeftovers = runDoctor(await bench.gather(), doctorContext());
    const without = runDoctor(snapshotFromScenario(bench.sandbox.scenario), doctorContext());
    expect(withLeftovers.status).toBe('pass');
    expect(withLeftovers.counts).toEqual(without.counts);
  });

  it('are not what a change by name picks, and a trunk deleted after the request is refused, not written', async () => {
    const bench = closing(await startVendorBench('deleted-leftovers'));
    const plan = planTrunkInService(await bench.gather(), 'Twilio', false);
    expect(plan.ok && plan.plan.steps[0]).toMatchObject({ trunkBaseId: TRUNK_BASE_ID });

    const deps = { genesys: bench.genesys, progress: memoryStepProgress(), log: silentLogger() };
    const stale = { ...(plan.ok ? plan.plan.steps[0]! : ({} as never)), trunkBaseId: DELETED_TRUNK_BASE_ID };
    await expect(applyPlan([stale], deps)).rejects.toMatchObject({ code: ERROR_CODES.changeRefused });
    expect([...bench.sandbox.genesys.state.writes.keys()]).toEqual([]);
  });

  it('are not watched: a trunk instance listed as deleted is not among the instances the watch follows', async () => {
    const bench = closing(await startVendorBench('deleted-leftovers'));
    const g = bench.genesys;
    const [instance] = await g.trunks();
    const withLeftover = Object.create(g, {
      trunks: { value: async () => [...(await g.trunks()), { ...instance, id: 'deleted-instance', state: 'deleted' }] },
    }) as GenesysClient;
    const at = new Date();
    const view = await readWatchView(withLeftover, at);
    expect(view.instances.map((i) => i.id)).toEqual((await readWatchView(g, at)).instances.map((i) => i.id));
    expect(view.trunks.map((t) => t.id)).toEqual([TRUNK_BASE_ID]);
  });

  it('do not stop a DID pool being created over a deleted one', async () => {
    const bench = closing(await startVendorBench('deleted-leftovers'));
    const pool = await bench.genesys.createDidPool({
      name: 'spare',
      startPhoneNumber: '+33123456790',
      endPhoneNumber: '+33123456790',
    });
    expect(pool.state).toBe('active');
  });

  it('are not "already in place": a number whose pool was deleted gets a new pool when the change is applied', async () => {
    const bench = closing(await startVendorBench('deleted-leftovers'));
    const step = poolCreateStep('+33123456790');
    const deps = { genesys: bench.genesys, progress: memoryStepProgress(), log: silentLogger() };
    const outcome = await applyPlan([step], deps);
    expect(outcome.steps.map((s) => s.status)).toEqual(['applied']);
    const live = (await bench.genesys.didPools()).filter((p) => p.state !== 'deleted');
    expect(live.some((p) => p.startPhoneNumber === '+33123456790')).toBe(true);
  });
});
