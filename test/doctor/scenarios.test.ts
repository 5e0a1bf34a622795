import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../src/byoc/doctor/index.js';
import type { Remediation } from '../../src/byoc/remediation.js';
import { BUNDLED_SCENARIO_DIR } from '../../src/sandbox/scenario.js';
import { doctorOn, problems, snapshotOf } from './helpers.js';

/**
 * Each broken scenario is one real-world mistake; the doctor must name exactly the rules it breaks (from both
 * vendors' sides where both see it) and pass every other rule.
 */
const EXPECTED: Record<string, { problems: string[]; remediation?: Remediation['kind'] }> = {
  'twilio-acl-missing-region': { problems: ['TW-ACL: fail'], remediation: 'twilio.acl.add' },
  'origination-wrong-region': { problems: ['GC-TRUNK-TERMINATION-URI: fail', 'TW-ORIGINATION: fail'] },
  'termination-identifier-mismatch': { problems: ['GC-TRUNK-TERMINATION-URI: fail', 'TW-ORIGINATION: fail'] },
  'digest-user-unknown': { problems: ['GC-TRUNK-DIGEST: fail', 'TW-CREDENTIALS: fail'] },
  'calling-address-not-twilio': { problems: ['GC-TRUNK-CALLING-ADDRESS: fail'] },
  'genesys-acl-partial': { problems: ['GC-TRUNK-ACL: warn'], remediation: 'genesys.acl.add' },
  'genesys-acl-legacy-only': { problems: ['GC-TRUNK-ACL: warn'], remediation: 'genesys.acl.add' },
  'omit-plus': { problems: ['GC-TRUNK-OMIT-PLUS: fail'] },
  'no-g711': { problems: ['GC-TRUNK-CODEC: fail'] },
  'trunk-out-of-service': {
    problems: ['GC-SIMULATE: fail', 'GC-TRUNK-CONNECTED: fail', 'GC-TRUNK-INSERVICE: fail'],
    remediation: 'genesys.trunk.enable',
  },
  'route-disabled': { problems: ['GC-ROUTE: fail', 'GC-SIMULATE: fail'] },
  'route-missing-international': { problems: ['GC-ROUTE: fail', 'GC-SIMULATE: fail'] },
  'location-unverified': { problems: ['GC-LOCATION: fail'] },
  'byoc-product-missing': { problems: ['GC-PRODUCT-BYOC: fail'] },
  'secure-one-side': { problems: ['GC-TRUNK-TRANSPORT: fail', 'TW-SECURE: fail'] },
  'number-not-in-did-pool': { problems: ['GC-DIDS: warn'], remediation: 'genesys.didpool.create' },
  'proxy-not-the-trunk': { problems: ['GC-TRUNK-PROXY: fail'] },
  'trunk-disconnected-one-edge': { problems: ['GC-TRUNK-CONNECTED: warn'] },
  'did-unowned': { problems: ['GC-DID-OWNERS: warn'] },
  'twilio-no-origination': { problems: ['GC-TRUNK-TERMINATION-URI: fail', 'TW-ORIGINATION: fail'] },
};

const ORG_RULES: string[] = ['GC-PRODUCT-BYOC', 'GC-EDGES', 'GC-EDGE-GROUP', 'TW-TRANSFER'];

const BROKEN_DIR = join(BUNDLED_SCENARIO_DIR, 'broken');
const files = readdirSync(BROKEN_DIR)
  .filter((f) => f.endsWith('.yml'))
  .map((f) => f.replace(/\.yml$/, ''))
  .sort();

describe('the default scenario (the guide, configured correctly)', () => {
  it('passes every rule of the checklist: no warning, failure or skip', () => {
    const report = doctorOn(snapshotOf('default'));
    expect(problems(report)).toEqual([]);
    expect(report.status).toBe('pass');
    expect(new Set(report.findings.map((f) => f.rule))).toEqual(new Set(RULE_IDS));
    expect(report.counts).toEqual({ pass: report.findings.length, warn: 0, fail: 0, skip: 0, silenced: 0 });
  });
});

describe('broken scenarios: one real-world mistake each', () => {
  it('ships at least twelve, each described by the test table', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s extends the default and says in a header comment what the mistake is', (name) => {
    const text = readFileSync(join(BROKEN_DIR, `${name}.yml`), 'utf8');
    expect(text).toMatch(/^# Mistake/);
    expect(text).toMatch(/^extends: default$/m);
  });

  it.each(files)('%s fails or warns exactly on its rules; every other rule passes', (name) => {
    const expected = EXPECTED[name]!;
    const report = doctorOn(snapshotOf(`broken/${name}`));
    expect(problems(report)).toEqual([...expected.problems].sort());
    for (const f of report.findings.filter((x) => x.status !== 'pass')) {
      // Each problem names the object it is about (rules about the whole org have none) and says what to do.
      if (!ORG_RULES.includes(f.rule)) expect(f.subject, f.rule).toBeTruthy();
      expect(f.fix.length, f.rule).toBeGreaterThan(20);
      expect(Object.keys(f.evidence).length, f.rule).toBeGreaterThan(0);
    }
    const kinds = report.findings.flatMap((f) => (f.remediation ? [f.remediation.kind] : []));
    expect(kinds).toEqual(expected.remediation ? [expected.remediation] : []);
  });
});

describe('what the findings say', () => {
  it('a Twilio ACL without the region addresses offers to add exactly the missing ones to that ACL', () => {
    const f = doctorOn(snapshotOf('broken/twilio-acl-missing-region')).findings.find((x) => x.rule === 'TW-ACL')!;
    expect(f.remediation).toEqual({
      kind: 'twilio.acl.add',
      ipAccessControlListSid: 'AL0123456789abcdef0123456789abc001',
      aclName: 'PureCloudDevACL',
      addresses: [
        { ip: '52.212.65.21', prefix: 32, friendlyName: 'lb01.byoc.eu-west-1.mypurecloud.ie' },
        { ip: '52.212.66.56', prefix: 32, friendlyName: 'lb02.byoc.eu-west-1.mypurecloud.ie' },
        { ip: '52.212.61.62', prefix: 32, friendlyName: 'lb03.byoc.eu-west-1.mypurecloud.ie' },
      ],
    });
  });

  it('a Genesys ACL with the US and European ranges only lists the four missing Twilio edges, full ranges', () => {
    const f = doctorOn(snapshotOf('broken/genesys-acl-partial')).findings.find((x) => x.rule === 'GC-TRUNK-ACL')!;
    expect(f.remediation).toMatchObject({
      kind: 'genesys.acl.add',
      trunkName: 'Twilio',
      cidrs: [
        '54.65.63.192/26',
        '3.112.80.0/24',
        '54.169.127.128/26',
        '3.1.77.0/24',
        '54.252.254.64/26',
        '3.104.90.0/24',
        '177.71.206.192/26',
        '18.228.249.0/24',
      ],
    });
    expect(f.message).toContain('tokyo, singapore, sydney, sao-paulo');
  });

  it("a Genesys ACL with only the guide's legacy /30s warns and offers every full range", () => {
    const f = doctorOn(snapshotOf('broken/genesys-acl-legacy-only')).findings.find((x) => x.rule === 'GC-TRUNK-ACL')!;
    expect(f.status).toBe('warn');
    expect(f.message).toContain("allows only Twilio's legacy /30s");
    expect(f.remediation).toMatchObject({ kind: 'genesys.acl.add' });
    expect((f.remediation as { cidrs: string[] }).cidrs).toHaveLength(15);
    expect((f.remediation as { cidrs: string[] }).cidrs).toContain('34.203.250.0/23');
  });

  it('an out-of-service trunk offers "put it in service" by id', () => {
    const f = doctorOn(snapshotOf('broken/trunk-out-of-service')).findings.find(
      (x) => x.rule === 'GC-TRUNK-INSERVICE',
    )!;
    expect(f.remediation).toEqual({
      kind: 'genesys.trunk.enable',
      trunkBaseId: '9d4b7c1e-3a2f-4e8d-b6c5-twilio000001',
      trunkName: 'Twilio',
    });
    expect(f.fix).toContain('/byoc trunk enable Twilio');
  });

  it('a number on the Twilio trunk but in no DID pool offers the pool for that number', () => {
    const f = doctorOn(snapshotOf('broken/number-not-in-did-pool')).findings.find((x) => x.rule === 'GC-DIDS')!;
    expect(f.remediation).toEqual({
      kind: 'genesys.didpool.create',
      startPhoneNumber: '+33123456790',
      endPhoneNumber: '+33123456790',
      description: 'Twilio trunk PureCloudDev',
    });
  });

  it("an origination URI on another region's domain names both regions", () => {
    const f = doctorOn(snapshotOf('broken/origination-wrong-region')).findings.find(
      (x) => x.rule === 'TW-ORIGINATION',
    )!;
    expect(f.message).toContain('us_east_1');
    expect(f.message).toContain('eu_west_1');
    expect(f.fix).toContain('sip:twilioABC.byoc.mypurecloud.ie');
  });

  it('a digest user missing on Twilio says passwords cannot be compared', () => {
    const f = doctorOn(snapshotOf('broken/digest-user-unknown')).findings.find((x) => x.rule === 'GC-TRUNK-DIGEST')!;
    expect(f.message).toContain('pctrunkuser2');
    expect(String(f.evidence.note)).toMatch(/cannot be read back/);
  });

  it('the simulation evidence shows the sample numbers and where they went', () => {
    const f = doctorOn(snapshotOf('broken/route-missing-international')).findings.find(
      (x) => x.rule === 'GC-SIMULATE',
    )!;
    expect(f.evidence.simulated).toEqual([
      expect.stringMatching(/^national: .* -> \+33\d+ \[National\]: route "Twilio Route" -> "Twilio" on /),
      expect.stringMatching(/^international: \+44\d+ -> \+44\d+ \[International\]: No outbound route/),
    ]);
  });
});
