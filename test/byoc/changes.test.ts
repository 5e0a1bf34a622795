import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChangePlan, PlanError, PlanResult } from '../../src/byoc/changes/change-plan.js';
import { planDidAssign, planDidUnassign } from '../../src/byoc/changes/did-assign.js';
import { planRemediation } from '../../src/byoc/changes/remediation-plan.js';
import { planTrunkInService } from '../../src/byoc/changes/trunk-in-service.js';
import type { ByocSnapshot } from '../../src/byoc/snapshot.js';
import type { Scenario } from '../../src/sandbox/scenario.js';
import { snapshot } from './scenario-edits.js';

const TWILIO_TRUNK_BASE_ID = '9d4b7c1e-3a2f-4e8d-b6c5-twilio000001';
const TWILIO_TRUNK_SID = 'TK0123456789abcdef0123456789abc001';
const ALICE = {
  kind: 'user' as const,
  userId: '2a3b4c5d-6e7f-4a8b-9c0d-user00000001',
  name: 'Alice Martin',
  email: 'alice@example.com',
};

function plan(result: PlanResult): ChangePlan {
  if (!result.ok) throw new Error(`expected a plan, got ${result.error.code}: ${result.error.message}`);
  return result.plan;
}

function error(result: PlanResult): PlanError {
  if (result.ok) throw new Error(`expected a refusal, got the plan "${result.plan.title}"`);
  return result.error;
}

const paris = (s: Scenario) => s.genesys.sites.find((x) => x.name === 'Paris Office')!;
const twilioBase = (s: Scenario) => s.genesys.trunkBases.find((t) => t.name === 'Twilio')!;

describe('trunk in/out of service', () => {
  it('disabling the only trunk of "Twilio Route" needs confirmation and reports the calls in progress', () => {
    const p = plan(planTrunkInService(snapshot(), 'twilio', false));
    expect(p.kind).toBe('trunk.disable');
    expect(p.title).toBe('Take the trunk "Twilio" out of service');
    expect(p.alreadyInPlace).toBe(false);
    expect(p.steps).toEqual([
      {
        action: 'genesys.trunkBase.setInService',
        trunkBaseId: TWILIO_TRUNK_BASE_ID,
        inService: false,
        versionSeen: 1,
        vendor: 'genesys',
        target: 'trunk base "Twilio"',
        before: 'trunk_enabled: true (in service)',
        after: 'trunk_enabled: false (out of service)',
        noop: false,
      },
    ]);
    expect(p.impact).toContain('Calls in progress on it now: 3 inbound, 2 outbound.');
    expect(p.impact).toContain(
      'It is the last in-service trunk of the outbound route "Twilio Route": National, International calls on it will fail.',
    );
    expect(p.confirmRequired).toBe(
      '"Twilio" is the last in-service trunk of the outbound route "Twilio Route": outbound calls on it will fail until a trunk is back in service.',
    );
    expect(p.subject).toEqual({ trunkBase: { id: TWILIO_TRUNK_BASE_ID, name: 'Twilio' } });
  });

  it('disabling one of two in-service trunks of a route needs no confirmation and names the trunk that remains', () => {
    const s = snapshot((sc) => {
      sc.genesys.trunkBases.push({
        ...structuredClone(twilioBase(sc)),
        id: 'backup-trunk-base',
        name: 'Twilio Backup',
      });
      paris(sc).outboundRoutes[0]!.externalTrunkBases.push('Twilio Backup');
    });
    const p = plan(planTrunkInService(s, 'Twilio', false));
    expect(p.confirmRequired).toBeUndefined();
    expect(p.impact).toContain('The outbound route "Twilio Route" keeps 1 in-service trunk: "Twilio Backup".');
  });

  it('the backup trunk being out of service too still makes Twilio the last one', () => {
    const s = snapshot((sc) => {
      const backup = { ...structuredClone(twilioBase(sc)), id: 'backup-trunk-base', name: 'Twilio Backup' };
      backup.properties.trunk_enabled = false;
      sc.genesys.trunkBases.push(backup);
      paris(sc).outboundRoutes[0]!.externalTrunkBases.push('Twilio Backup');
    });
    expect(plan(planTrunkInService(s, 'Twilio', false)).confirmRequired).toContain('"Twilio Route"');
  });

  it('enabling a trunk that is in service is already in place', () => {
    const p = plan(planTrunkInService(snapshot(), 'Twilio', true));
    expect(p.alreadyInPlace).toBe(true);
    expect(p.steps[0]).toMatchObject({ noop: true, before: 'trunk_enabled: true (in service)' });
    expect(p.confirmRequired).toBeUndefined();
  });

  it('enabling a trunk that is out of service plans the switch back and the route that can use it again', () => {
    const s = snapshot((sc) => {
      twilioBase(sc).properties.trunk_enabled = false;
      sc.genesys.trunkMetrics = [];
    });
    const p = plan(planTrunkInService(s, 'Twilio', true));
    expect(p.kind).toBe('trunk.enable');
    expect(p.steps[0]).toMatchObject({ inService: true, after: 'trunk_enabled: true (in service)', noop: false });
    expect(p.impact).toContain(
      'The outbound route "Twilio Route" (National, International) can place calls on it again.',
    );
    expect(p.impact).toContain('Calls in progress on it now: unknown (Genesys reported no trunk metrics).');
    expect(p.confirmRequired).toBeUndefined();
  });

  it('an unknown trunk name lists the BYOC trunks there are', () => {
    const e = error(planTrunkInService(snapshot(), 'Verizon', false));
    expect(e).toEqual({
      code: 'trunk.unknown',
      known: ['Twilio'],
      message: 'There is no BYOC trunk named "Verizon". BYOC trunks: "Twilio".',
    });
  });

  it('says so when Genesys could not be read', () => {
    const s: ByocSnapshot = { ...snapshot(), genesys: { available: false, reason: 'timeout after 10 s' } };
    expect(error(planTrunkInService(s, 'Twilio', false))).toMatchObject({
      code: 'vendor.unavailable',
      vendor: 'genesys',
      message: 'Genesys Cloud could not be read: timeout after 10 s',
    });
  });
});

describe('DID assignment', () => {
  it('+33123456790 (on the account, not on the trunk, in no pool) plans: create a pool, add it to the trunk, assign it', () => {
    const p = plan(planDidAssign(snapshot(), '+33123456790', ALICE));
    expect(p.kind).toBe('did.assign');
    expect(p.alreadyInPlace).toBe(false);
    expect(p.steps.map((s) => [s.vendor, s.action, s.noop])).toEqual([
      ['genesys', 'genesys.didPool.create', false],
      ['twilio', 'twilio.trunk.addPhoneNumber', false],
      ['genesys', 'genesys.user.addWorkPhone', false],
    ]);
    expect(p.steps[0]).toMatchObject({
      startPhoneNumber: '+33123456790',
      endPhoneNumber: '+33123456790',
      provider: 'PURE_CLOUD',
    });
    expect(p.steps[1]).toMatchObject({
      trunkSid: TWILIO_TRUNK_SID,
      phoneNumberSid: 'PN0123456789abcdef0123456789abc002',
      target: 'Twilio trunk "PureCloudDev"',
      before: '+33123456790 on the account, not on the trunk',
      after: '+33123456790 on the trunk',
    });
    expect(p.steps[2]).toMatchObject({ userId: ALICE.userId, email: 'alice@example.com', phoneNumber: '+33123456790' });
    expect(p.impact).toContain('Inbound calls to +33123456790 will ring Alice Martin <alice@example.com>.');
    expect(p.subject).toEqual({ phoneNumber: '+33123456790' });
    expect(p.confirmRequired).toBeUndefined();
  });

  it('reads a national number in the org location country', () => {
    const p = plan(planDidAssign(snapshot(), '01 23 45 67 90', { kind: 'user', email: 'bob@example.com' }));
    expect(p.subject.phoneNumber).toBe('+33123456790');
  });

  it('+33123456789 for someone else is refused, naming the IVR "Paris Main IVR" that owns it', () => {
    const e = error(planDidAssign(snapshot(), '+33123456789', ALICE));
    expect(e).toMatchObject({
      code: 'number.ownedElsewhere',
      owner: { name: 'Paris Main IVR', type: 'IVR_CONFIG' },
      message:
        '+33123456789 already belongs to the IVR "Paris Main IVR". Unassign it first: /byoc did unassign +33123456789',
    });
  });

  it('+33123456789 for the IVR that already owns it is already in place', () => {
    const p = plan(planDidAssign(snapshot(), '+33 1 23 45 67 89', { kind: 'ivr', name: 'paris main ivr' }));
    expect(p.alreadyInPlace).toBe(true);
    expect(p.steps.map((s) => s.action)).toEqual([
      'genesys.didPool.keep',
      'twilio.trunk.addPhoneNumber',
      'genesys.did.keepOwner',
    ]);
    expect(p.steps.every((s) => s.noop)).toBe(true);
  });

  it('a number owned by the same user is already in place, matched by user id', () => {
    const s = snapshot((sc) => {
      sc.genesys.didPools.push({
        id: 'pool-2',
        startPhoneNumber: '+33123456790',
        endPhoneNumber: '+33123456799',
        provider: 'PURE_CLOUD',
      });
      sc.genesys.users[0]!.addresses.push('+33123456790');
      sc.twilio.trunks[0]!.phoneNumbers.push('+33123456790');
    });
    const p = plan(planDidAssign(s, '+33123456790', ALICE));
    expect(p.alreadyInPlace).toBe(true);
    expect(p.steps[0]).toMatchObject({
      action: 'genesys.didPool.keep',
      didPoolId: 'pool-2',
      target: 'DID pool +33123456790–+33123456799',
    });
  });

  it('a number not on the Twilio account is an error, not a purchase', () => {
    const e = error(planDidAssign(snapshot(), '+33123456791', ALICE));
    expect(e.code).toBe('number.notOnTwilioAccount');
    expect(e.message).toContain('it does not purchase them');
  });

  it('unreadable numbers are refused with an example', () => {
    for (const input of ['hello', '12', '+999']) {
      expect(error(planDidAssign(snapshot(), input, ALICE))).toMatchObject({
        code: 'number.invalid',
        example: '+33123456789',
      });
    }
  });

  it('a user target needs an id or an email', () => {
    expect(error(planDidAssign(snapshot(), '+33123456790', { kind: 'user', name: 'Alice' })).code).toBe(
      'target.invalid',
    );
  });

  it('a number on another Twilio trunk moves only with explicit confirmation', () => {
    const s = snapshot((sc) => {
      sc.twilio.trunks.push({
        friendlyName: 'Legacy PBX',
        domainName: 'legacy.pstn.twilio.com',
        secure: false,
        ipAccessControlLists: [],
        credentialLists: [],
        phoneNumbers: ['+33123456790'],
        originationUrls: [],
      });
    });
    const p = plan(planDidAssign(s, '+33123456790', ALICE));
    expect(p.steps[1]).toMatchObject({ trunkSid: TWILIO_TRUNK_SID, before: '+33123456790 on the trunk "Legacy PBX"' });
    expect(p.steps[1]).toHaveProperty('fromTrunkSid');
    expect(p.confirmRequired).toContain('"Legacy PBX"');
  });

  it('picks the Twilio trunk whose domain the Genesys trunk points at, among several', () => {
    const s = snapshot((sc) => {
      sc.twilio.trunks.unshift({
        sid: 'TK0123456789abcdef0123456789abc999',
        friendlyName: 'Other',
        domainName: 'other.pstn.twilio.com',
        secure: false,
        ipAccessControlLists: [],
        credentialLists: [],
        phoneNumbers: [],
        originationUrls: [],
      });
    });
    expect(plan(planDidAssign(s, '+33123456790', ALICE)).steps[1]).toMatchObject({ trunkSid: TWILIO_TRUNK_SID });
    const unmatched = snapshot((sc) => {
      twilioBase(sc).properties.trunk_transport_serverProxyList = ['nowhere.example.com'];
      sc.twilio.trunks.push({ ...structuredClone(sc.twilio.trunks[0]!), sid: undefined, friendlyName: 'Second' });
    });
    expect(error(planDidAssign(unmatched, '+33123456790', ALICE))).toMatchObject({
      code: 'twilio.trunk.unknown',
      known: ['PureCloudDev', 'Second'],
    });
  });

  it('unassigning the IVR number takes it off the DNIS list and says it stays the trunk caller ID', () => {
    const p = plan(planDidUnassign(snapshot(), '+33123456789'));
    expect(p.steps).toEqual([
      expect.objectContaining({
        action: 'genesys.ivr.removeDnis',
        ivrName: 'Paris Main IVR',
        ivrId: '6b7c8d9e-0f1a-4b2c-8d3e-ivr000000001',
        noop: false,
      }),
    ]);
    expect(p.impact).toEqual([
      'Inbound calls to +33123456789 will no longer reach the IVR "Paris Main IVR".',
      'It stays the outbound caller ID of the trunk "Twilio".',
    ]);
  });

  it('unassigning a number nobody owns is already in place', () => {
    const p = plan(planDidUnassign(snapshot(), '+33123456790'));
    expect(p.alreadyInPlace).toBe(true);
    expect(p.steps[0]).toMatchObject({ before: 'not a DID in any pool', noop: true });
  });
});

describe('doctor remediations', () => {
  it('enable the trunk: the same plan as /byoc trunk enable, refused once the trunk base is gone', () => {
    const s = snapshot((sc) => {
      twilioBase(sc).properties.trunk_enabled = false;
    });
    const p = plan(
      planRemediation(s, { kind: 'genesys.trunk.enable', trunkBaseId: TWILIO_TRUNK_BASE_ID, trunkName: 'Twilio' }),
    );
    expect(p).toMatchObject({ kind: 'trunk.enable', alreadyInPlace: false });
    expect(
      error(planRemediation(snapshot(), { kind: 'genesys.trunk.enable', trunkBaseId: 'gone', trunkName: 'Old' })),
    ).toEqual({
      code: 'target.unknown',
      message: 'The trunk base "Old" no longer exists.',
    });
  });

  it('add Genesys ACL entries adds only the missing ranges', () => {
    const p = plan(
      planRemediation(snapshot(), {
        kind: 'genesys.acl.add',
        trunkBaseId: TWILIO_TRUNK_BASE_ID,
        trunkName: 'Twilio',
        cidrs: ['54.172.60.0/23', '168.86.128.0/18'],
      }),
    );
    expect(p.steps[0]).toMatchObject({
      action: 'genesys.trunkBase.addAclEntries',
      cidrs: ['168.86.128.0/18'],
      noop: false,
    });
    expect(p.steps[0]!.after).toMatch(/177\.71\.206\.192\/26, 18\.228\.249\.0\/24, 168\.86\.128\.0\/18$/);
  });

  it('add Twilio ACL addresses that are all there already is in place', () => {
    const p = plan(
      planRemediation(snapshot(), {
        kind: 'twilio.acl.add',
        ipAccessControlListSid: 'AL0123456789abcdef0123456789abc001',
        aclName: 'PureCloudDevACL',
        addresses: [{ ip: '52.212.65.21', prefix: 32, friendlyName: 'lb01' }],
      }),
    );
    expect(p.alreadyInPlace).toBe(true);
  });

  it('put a number on the Twilio trunk', () => {
    const p = plan(
      planRemediation(snapshot(), {
        kind: 'twilio.trunk.addNumber',
        trunkSid: TWILIO_TRUNK_SID,
        trunkName: 'PureCloudDev',
        phoneNumberSid: 'PN0123456789abcdef0123456789abc002',
        phoneNumber: '+33123456790',
      }),
    );
    expect(p.steps[0]).toMatchObject({
      action: 'twilio.trunk.addPhoneNumber',
      noop: false,
      after: '+33123456790 on the trunk',
    });
  });

  it('create a DID pool: in place when a pool covers it, refused when it overlaps one', () => {
    const covered = plan(
      planRemediation(snapshot(), {
        kind: 'genesys.didpool.create',
        startPhoneNumber: '+33123456789',
        endPhoneNumber: '+33123456789',
        description: 'main',
      }),
    );
    expect(covered.alreadyInPlace).toBe(true);
    const overlap = error(
      planRemediation(snapshot(), {
        kind: 'genesys.didpool.create',
        startPhoneNumber: '+33123456780',
        endPhoneNumber: '+33123456799',
        description: 'range',
      }),
    );
    expect(overlap).toMatchObject({ code: 'didpool.overlap', didPoolId: '1f0e2d3c-4b5a-4978-8695-didpool00001' });
    const fresh = plan(
      planRemediation(snapshot(), {
        kind: 'genesys.didpool.create',
        startPhoneNumber: '+33123456790',
        endPhoneNumber: '+33123456790',
        description: 'spare',
      }),
    );
    expect(fresh.steps[0]).toMatchObject({ action: 'genesys.didPool.create', description: 'spare', noop: false });
  });
});

describe('boundary', () => {
  it('change plans are pure: they import only the byoc domain and libphonenumber-js', () => {
    // Any module of the domain (one level up, never further): the import-rule table checks the domain itself.
    const dir = join(import.meta.dirname, '../../src/byoc/changes');
    for (const file of readdirSync(dir)) {
      const source = readFileSync(join(dir, file), 'utf8');
      for (const [, spec] of source.matchAll(/from '([^']+)'/g)) {
        expect(spec, `${file} imports ${spec}`).toMatch(/^(\.\/|\.\.\/[a-z-]+\.js$|libphonenumber-js$)/);
      }
    }
  });
});
