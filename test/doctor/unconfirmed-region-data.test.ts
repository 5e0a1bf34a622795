/**
 * Region data nobody confirmed (a BYOC SIP domain that only follows the `byoc.<domain>` pattern) never makes a
 * rule fail: the rule warns that it rests on an unconfirmed value and says how to configure the real one. Once the
 * org configures it (BYOC_ORG_CONFIG), a mismatch fails as usual.
 */
import { describe, expect, it } from 'vitest';
import { doctorContext } from '../../src/byoc/doctor/index.js';
import { parseOrgConfig } from '../../src/byoc/org-config.js';
import { DEFAULT_REGION_DATA, resolveGenesysRegion, TWILIO_EDGES } from '../../src/byoc/regions.js';
import { snapshotFromScenario } from '../../src/sandbox/scenario-snapshot.js';
import { defaultScenario, doctorOn } from './helpers.js';

/** An org in Canada (pattern-only BYOC domain) whose Twilio trunk originates somewhere else. */
function canadianOrgOriginatingElsewhere() {
  const s = defaultScenario();
  s.genesys.region = 'ca_central_1';
  s.twilio.trunks[0]!.originationUrls[0]!.sipUrl = 'sip:twilioABC.byoc.example.net';
  return snapshotFromScenario(s);
}

describe('region data marked unconfirmed', () => {
  it('pattern-only BYOC domains are unconfirmed; domains from the guide and public integrations are not', () => {
    expect(resolveGenesysRegion(DEFAULT_REGION_DATA, 'ca_central_1')?.byocSipDomainConfirmed).toBe(false);
    expect(resolveGenesysRegion(DEFAULT_REGION_DATA, 'eu_west_1')?.byocSipDomainConfirmed).toBe(true);
    expect(resolveGenesysRegion(DEFAULT_REGION_DATA, 'us_west_2')?.byocSipDomainConfirmed).toBe(true);
  });

  it('a mismatch with an unconfirmed domain warns, naming the value and how to configure it', () => {
    const report = doctorOn(canadianOrgOriginatingElsewhere());
    for (const rule of ['GC-TRUNK-TERMINATION-URI', 'TW-ORIGINATION']) {
      const f = report.findings.find((x) => x.rule === rule)!;
      expect(f.status, rule).toBe('warn');
      expect(f.message).toContain('byoc.cac1.pure.cloud of region ca_central_1 is not confirmed');
      expect(f.fix).toContain('BYOC_ORG_CONFIG');
    }
    expect(report.findings.filter((f) => f.status === 'fail').map((f) => f.rule)).toEqual([]);
  });

  it("an origination URL under another region's unconfirmed domain is not named that region's as a fact", () => {
    const s = defaultScenario();
    s.twilio.trunks[0]!.originationUrls[0]!.sipUrl = 'sip:twilioABC.byoc.cac1.pure.cloud';
    const f = doctorOn(snapshotFromScenario(s)).findings.find((x) => x.rule === 'TW-ORIGINATION')!;
    // The org's own domain (eu_west_1) is confirmed, so the mismatch fails; the other region's is only a pattern.
    expect(f.status).toBe('fail');
    expect(f.message).toContain('is the BYOC domain of ca_central_1 (by its unconfirmed pattern)');
  });

  it('the same mismatch fails once the org has configured its BYOC domain', () => {
    const config = parseOrgConfig('regions:\n  ca_central_1:\n    byocSipDomain: byoc.cac1.pure.cloud\n', 'org.yml');
    const report = doctorOn(canadianOrgOriginatingElsewhere(), doctorContext(config));
    for (const rule of ['GC-TRUNK-TERMINATION-URI', 'TW-ORIGINATION']) {
      expect(report.findings.find((x) => x.rule === rule)?.status, rule).toBe('fail');
    }
  });
});

describe('BYOC addresses marked unconfirmed', () => {
  /** The default org (eu-west-1) whose Twilio ACL lacks one of the region's BYOC addresses. */
  const aclMissingOne = () => {
    const s = defaultScenario();
    s.twilio.ipAccessControlLists[0]!.ipAddresses.pop();
    return snapshotFromScenario(s);
  };
  const twAcl = (ctx: ReturnType<typeof doctorContext>) =>
    doctorOn(aclMissingOne(), ctx).findings.find((f) => f.rule === 'TW-ACL')!;

  it('a missing address fails TW-ACL while the addresses are confirmed', () => {
    expect(twAcl(doctorContext()).status).toBe('fail');
  });

  it('the same gap only warns when the addresses are not confirmed, saying so and how to configure them', () => {
    const ctx = doctorContext();
    const region = resolveGenesysRegion(ctx.regions, 'eu_west_1')!;
    region.byocSipAddressesConfirmed = false;
    const f = twAcl(ctx);
    expect(f.status).toBe('warn');
    expect(f.message).toContain('BYOC addresses of region eu_west_1 is not confirmed');
    expect(f.fix).toContain('BYOC_ORG_CONFIG');
  });

  it('a region whose addresses are not known skips TW-ACL with how to configure them', () => {
    const ctx = doctorContext();
    delete resolveGenesysRegion(ctx.regions, 'eu_west_1')!.byocSipAddresses;
    const f = twAcl(ctx);
    expect(f.status).toBe('skip');
    expect(f.fix).toContain('BYOC_ORG_CONFIG');
  });
});

describe('Twilio signaling ranges', () => {
  it("are Twilio's full ranges per edge, each containing the edge's legacy /30, with their source", () => {
    const ashburn = TWILIO_EDGES.find((e) => e.edge === 'ashburn')!;
    expect(ashburn.signalingCidrs).toEqual(['54.172.60.0/23', '34.203.250.0/23']);
    for (const e of TWILIO_EDGES) {
      expect(e.signalingSource, e.edge).toBeTruthy();
      const [net, bits] = e.signalingCidrs[0]!.split('/');
      expect(e.legacySignalingCidr!.split('/')[0], e.edge).toBe(net);
      expect(Number(bits)).toBeLessThan(30);
    }
  });
});
