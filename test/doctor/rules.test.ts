import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_IDS, RULES } from '../../src/byoc/doctor/index.js';
import { snapshotFromScenario } from '../../src/sandbox/scenario-snapshot.js';
import { defaultScenario, doctorOn, problems } from './helpers.js';

describe('the rule registry', () => {
  it('holds every checklist rule once, in the checklist order', () => {
    expect(RULES.map((r) => r.id)).toEqual([...RULE_IDS]);
  });

  it('every rule has a title and names the guide step or vendor fact it enforces', () => {
    for (const r of RULES) {
      expect(r.title.length, r.id).toBeGreaterThan(10);
      expect(r.enforces, r.id).toMatch(/Guide|docs\/vendor-facts\.md/);
    }
  });
});

// The checklist is the project's own documentation (docs/byoc-checklist.md): its table and the registry agree.
const CHECKLIST = new URL('../../docs/byoc-checklist.md', import.meta.url);
describe('the checklist in docs/', () => {
  it('lists exactly the rules of the registry, in the same order', () => {
    const ids = [...readFileSync(CHECKLIST, 'utf8').matchAll(/^\| ((?:GC|TW)-[A-Z0-9-]+) +\|/gm)].map((m) => m[1]);
    expect(ids).toEqual([...RULE_IDS]);
  });
});

describe('per-trunk rules look at every BYOC trunk and name it', () => {
  it('a second BYOC trunk with its own mistakes is reported under its name; the first still passes', () => {
    const s = defaultScenario();
    const second = structuredClone(s.genesys.trunkBases[0]!);
    second.id = '9d4b7c1e-3a2f-4e8d-b6c5-twilio000002';
    second.name = 'Twilio backup';
    second.properties.trunk_media_codec = ['audio/g729'];
    second.properties.trunk_media_dtmf_payload = 96;
    s.genesys.trunkBases.push(second);
    const report = doctorOn(snapshotFromScenario(s));
    const codec = report.findings.filter((f) => f.rule === 'GC-TRUNK-CODEC');
    expect(codec.map((f) => [f.subject, f.status])).toEqual([
      ['trunk "Twilio"', 'pass'],
      ['trunk "Twilio backup"', 'fail'],
    ]);
    // The backup trunk is on no outbound route, so GC-ROUTE and GC-SIMULATE fail for it too.
    expect(problems(report)).toEqual([
      'GC-ROUTE: fail',
      'GC-SIMULATE: fail',
      'GC-TRUNK-CODEC: fail',
      'GC-TRUNK-DTMF: warn',
    ]);
  });
});

describe('org rules', () => {
  it('an edge that went offline fails GC-EDGES naming it', () => {
    const s = defaultScenario();
    s.genesys.edges[1]!.onlineStatus = 'OFFLINE';
    const report = doctorOn(snapshotFromScenario(s));
    const f = report.findings.find((x) => x.rule === 'GC-EDGES')!;
    expect(f.status).toBe('fail');
    expect(f.message).toContain('virtual-edge-i-0a1b2c3d4e5f60002: OFFLINE');
  });

  it('a location without an emergency number is a warning, not a failure', () => {
    const s = defaultScenario();
    delete s.genesys.locations[0]!.emergencyNumber;
    expect(problems(doctorOn(snapshotFromScenario(s)))).toEqual(['GC-LOCATION: warn']);
  });

  it('a site without the managed site as secondary fails GC-SITE', () => {
    const s = defaultScenario();
    s.genesys.sites[1]!.secondarySites = [];
    expect(problems(doctorOn(snapshotFromScenario(s)))).toEqual(['GC-SITE: fail']);
  });

  it('a site with no International plan fails GC-NUMBER-PLANS (and the simulation shows it)', () => {
    const s = defaultScenario();
    s.genesys.sites[1]!.numberPlans = s.genesys.sites[1]!.numberPlans.filter((p) => p.name !== 'International');
    expect(problems(doctorOn(snapshotFromScenario(s)))).toEqual(['GC-NUMBER-PLANS: fail', 'GC-SIMULATE: fail']);
  });

  it('a calling address on the account but not on the trunk warns and offers to put it on the trunk', () => {
    const s = defaultScenario();
    s.genesys.trunkBases[0]!.properties.trunk_outboundIdentity_callingAddress = '+33123456790';
    const report = doctorOn(snapshotFromScenario(s));
    expect(problems(report)).toEqual(['GC-TRUNK-CALLING-ADDRESS: warn']);
    expect(report.findings.find((f) => f.rule === 'GC-TRUNK-CALLING-ADDRESS')!.remediation).toMatchObject({
      kind: 'twilio.trunk.addNumber',
      phoneNumber: '+33123456790',
      trunkName: 'PureCloudDev',
    });
  });

  it('a Twilio trunk with no authentication fails TW-AUTH and the rules that rely on it', () => {
    const s = defaultScenario();
    s.twilio.trunks[0]!.ipAccessControlLists = [];
    s.twilio.trunks[0]!.credentialLists = [];
    expect(problems(doctorOn(snapshotFromScenario(s)))).toEqual([
      'GC-TRUNK-DIGEST: fail',
      'TW-ACL: fail',
      'TW-AUTH: fail',
      'TW-CREDENTIALS: fail',
    ]);
  });

  it('the simulation uses the sample numbers of the org config too', async () => {
    const { parseOrgConfig } = await import('../../src/byoc/org-config.js');
    const { doctorContext } = await import('../../src/byoc/doctor/index.js');
    const cfg = parseOrgConfig('simulateNumbers: ["1234"]\n', 'org.yml');
    const report = doctorOn(snapshotFromScenario(defaultScenario()), doctorContext(cfg));
    const f = report.findings.find((x) => x.rule === 'GC-SIMULATE')!;
    // 1234 is an extension (Extension plan): no route sends it to the trunk.
    expect(f.status).toBe('fail');
    expect(f.message).toContain('configured 1234');
  });
});
