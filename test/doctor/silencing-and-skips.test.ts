import { describe, expect, it } from 'vitest';
import { doctorContext, RULE_IDS } from '../../src/byoc/doctor/index.js';
import { parseOrgConfig } from '../../src/byoc/org-config.js';
import type { ByocSnapshot } from '../../src/byoc/snapshot.js';
import { snapshotFromScenario } from '../../src/sandbox/scenario-snapshot.js';
import { defaultScenario, doctorOn, problems, snapshotOf, statusesOf } from './helpers.js';

describe('silencing a rule for an org', () => {
  const cfg = parseOrgConfig('silence:\n  - { rule: TW-ACL, reason: "ACL managed by the network team" }\n', 'org.yml');

  it('shows the silenced finding with its reason and does not count it as a failure', () => {
    const report = doctorOn(snapshotOf('broken/twilio-acl-missing-region'), doctorContext(cfg));
    const acl = report.findings.find((f) => f.rule === 'TW-ACL')!;
    expect(acl.status).toBe('fail');
    expect(acl.silenced).toEqual({ reason: 'ACL managed by the network team' });
    expect(report.counts.fail).toBe(0);
    expect(report.counts.silenced).toBe(1);
    expect(report.status).toBe('pass');
  });

  it('a silenced rule that passes is still marked silenced and counted as a pass', () => {
    const report = doctorOn(snapshotOf('default'), doctorContext(cfg));
    expect(report.findings.find((f) => f.rule === 'TW-ACL')!.silenced).toBeDefined();
    expect(report.counts.silenced).toBe(0);
    expect(report.counts.fail + report.counts.warn + report.counts.skip).toBe(0);
  });
});

function withoutTwilio(s: ByocSnapshot): ByocSnapshot {
  return { ...s, twilio: { available: false, reason: 'connect ETIMEDOUT api.twilio.com' } };
}

describe('a vendor half that cannot be read', () => {
  it('Twilio unreachable: every rule needing Twilio is a skip with the reason; Genesys-only rules still answer', () => {
    const report = doctorOn(withoutTwilio(snapshotOf('broken/omit-plus')));
    const skipped = report.findings.filter((f) => f.status === 'skip').map((f) => f.rule);
    expect(skipped.sort()).toEqual(
      [
        'GC-TRUNK-TERMINATION-URI',
        'GC-TRUNK-PROXY',
        'GC-TRUNK-DIGEST',
        'GC-TRUNK-CALLING-ADDRESS',
        'GC-TRUNK-TRANSPORT',
        'GC-DIDS',
        'GC-DID-OWNERS',
        // Every Twilio rule but TW-TRANSFER, an advice that stands without Twilio's answer.
        ...RULE_IDS.filter((id) => id.startsWith('TW-') && id !== 'TW-TRANSFER'),
      ].sort(),
    );
    for (const f of report.findings.filter((x) => x.status === 'skip')) {
      expect(f.message, f.rule).toContain('ETIMEDOUT');
    }
    expect(statusesOf(report, 'GC-TRUNK-OMIT-PLUS')).toEqual(['fail']);
    expect(report.unavailable).toEqual({ twilio: 'connect ETIMEDOUT api.twilio.com' });
  });

  it('Twilio unreachable does not hide a Genesys-side mistake a rule can see alone', () => {
    const s = defaultScenario();
    s.genesys.trunkBases[0]!.properties.trunk_transport_serverProxyList = ['sbc.example.com'];
    const report = doctorOn(withoutTwilio(snapshotFromScenario(s)));
    expect(statusesOf(report, 'GC-TRUNK-PROXY')).toEqual(['fail']);
  });

  it('Genesys unreachable: every Genesys rule is a skip, and the Twilio rules that need Genesys too', () => {
    const base = snapshotOf('default');
    const report = doctorOn({ ...base, genesys: { available: false, reason: 'HTTP 503 from api.mypurecloud.ie' } });
    const answered = report.findings.filter((f) => f.status !== 'skip').map((f) => f.rule);
    // Without Genesys the region is unknown too, so TW-ACL cannot know which addresses to look for.
    expect(answered.sort()).toEqual(['TW-AUTH', 'TW-NUMBERS', 'TW-TRANSFER', 'TW-TRUNK']);
    expect(report.findings.find((f) => f.rule === 'GC-PRODUCT-BYOC')!.message).toContain('HTTP 503');
  });

  it('a read that failed for lack of permission skips the rules that need it, naming what could not be read', () => {
    const base = snapshotOf('default');
    if (!base.genesys.available) throw new Error('unreachable');
    const snapshot: ByocSnapshot = {
      ...base,
      genesys: {
        ...base.genesys,
        partialErrors: [{ what: 'didPools', reason: 'HTTP 403 missing telephony:plugin:all' }],
      },
    };
    const report = doctorOn(snapshot);
    expect(problems(report)).toEqual(['GC-DID-OWNERS: skip', 'GC-DIDS: skip']);
    expect(report.findings.find((f) => f.rule === 'GC-DIDS')!.message).toContain('403');
  });
});
