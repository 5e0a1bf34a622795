import { describe, expect, it } from 'vitest';
import { doctorContext } from '../../src/byoc/doctor/index.js';
import { parseOrgConfig } from '../../src/byoc/org-config.js';
import {
  DEFAULT_REGION_DATA,
  parseTwilioTerminationHost,
  regionOfByocHost,
  resolveGenesysRegion,
} from '../../src/byoc/regions.js';
import { sipHost } from '../../src/byoc/sip-uri.js';
import { snapshotFromScenario } from '../../src/sandbox/scenario-snapshot.js';
import { defaultScenario, doctorOn, problems, statusesOf } from './helpers.js';

describe('Genesys regions are data', () => {
  it.each([
    'eu_west_1',
    'eu-west-1',
    'mypurecloud.ie',
    'api.mypurecloud.ie',
    'https://apps.mypurecloud.ie/',
    'MyPureCloud.IE',
  ])('%s resolves to eu_west_1', (name) => {
    expect(resolveGenesysRegion(DEFAULT_REGION_DATA, name)?.key).toBe('eu_west_1');
  });

  it('an unknown name resolves to nothing rather than a guess', () => {
    expect(resolveGenesysRegion(DEFAULT_REGION_DATA, 'mars_north_1')).toBeUndefined();
    expect(resolveGenesysRegion(DEFAULT_REGION_DATA, undefined)).toBeUndefined();
  });

  it('the guide screenshot addresses ship for us-east-1 and eu-west-1, with their source', () => {
    const us = resolveGenesysRegion(DEFAULT_REGION_DATA, 'us_east_1')!;
    const eu = resolveGenesysRegion(DEFAULT_REGION_DATA, 'eu_west_1')!;
    expect(us.byocSipAddresses?.map((a) => a.ip)).toEqual([
      '52.203.12.137',
      '54.82.241.192',
      '54.82.241.68',
      '54.82.188.43',
    ]);
    expect(eu.byocSipAddresses?.map((a) => a.ip)).toEqual(['52.212.65.21', '52.212.66.56', '52.212.61.62']);
    expect(eu.byocSipAddressesSource).toMatch(/lb03 and lb04/);
    expect(resolveGenesysRegion(DEFAULT_REGION_DATA, 'ap_south_1')!.byocSipAddresses).toBeUndefined();
  });

  it('a BYOC host tells its region', () => {
    expect(regionOfByocHost(DEFAULT_REGION_DATA, 'twilioABC.byoc.mypurecloud.com')?.key).toBe('us_east_1');
    expect(regionOfByocHost(DEFAULT_REGION_DATA, 'twilioABC.byoc.mypurecloud.com.au')?.key).toBe('ap_southeast_2');
  });
});

describe('Twilio termination hosts', () => {
  const parse = (h: string) => parseTwilioTerminationHost(DEFAULT_REGION_DATA, h);

  it('reads the global, regional, legacy and interconnect forms', () => {
    expect(parse('purecloudABC.pstn.twilio.com')).toMatchObject({ kind: 'global', trunkName: 'purecloudabc' });
    expect(parse('purecloudABC.pstn.dublin.twilio.com')).toMatchObject({ kind: 'regional', edge: 'dublin' });
    expect(parse('purecloudABC.pstn.ie1.twilio.com')).toMatchObject({ kind: 'legacy', edge: 'dublin' });
    expect(parse('purecloudABC.pstn.de1.twilio.com:5060')).toMatchObject({ kind: 'legacy', edge: 'frankfurt' });
    expect(parse('purecloudABC.pstn.london-ix.twilio.com')).toMatchObject({ kind: 'interconnect', edge: 'london' });
    expect(parse('sip:purecloudABC.pstn.sydney.twilio.com;transport=tls')).toMatchObject({
      kind: 'regional',
      trunkDomain: 'purecloudabc.pstn.twilio.com',
    });
  });

  it('refuses hosts that are not a trunk termination URI', () => {
    expect(parse('pstn.ashburn.twilio.com')).toBeUndefined();
    expect(parse('purecloudABC.pstn.mars1.twilio.com')).toBeUndefined();
    expect(parse('sip.example.com')).toBeUndefined();
    expect(parse('purecloudABC.pstn.twilio.com.evil.example')).toBeUndefined();
  });

  it('sipHost keeps only the host', () => {
    expect(sipHost('sip:+33123@Host.Example:5061;transport=tls')).toBe('host.example');
    expect(sipHost('twilioABC.byoc.mypurecloud.ie.')).toBe('twilioabc.byoc.mypurecloud.ie');
  });
});

describe('the doctor with region data', () => {
  it('a region given as a domain gives the same answer as its key', () => {
    const byDomain = defaultScenario();
    byDomain.genesys.region = 'mypurecloud.ie';
    expect(problems(doctorOn(snapshotFromScenario(byDomain)))).toEqual([]);
  });

  it('a region whose BYOC addresses are unknown skips TW-ACL and says how to configure them', () => {
    const s = defaultScenario();
    s.genesys.region = 'ap_south_1';
    const report = doctorOn(snapshotFromScenario(s));
    const acl = report.findings.find((f) => f.rule === 'TW-ACL')!;
    expect(acl.status).toBe('skip');
    expect(acl.fix).toContain('regions.ap_south_1');
    expect(acl.fix).toContain('byocSipAddresses');
  });

  it('an unknown region skips the rules that need it, never a silent pass', () => {
    const s = defaultScenario();
    s.genesys.region = 'mars_north_1';
    const report = doctorOn(snapshotFromScenario(s));
    expect(problems(report)).toEqual(['GC-TRUNK-TERMINATION-URI: skip', 'TW-ACL: skip', 'TW-ORIGINATION: skip']);
    expect(report.region).toEqual({ name: 'mars_north_1', key: undefined, known: false });
    expect(report.findings.find((f) => f.rule === 'TW-ACL')!.fix).toContain('region:');
  });

  it("an org override of the region's addresses is what TW-ACL checks", () => {
    const snapshot = snapshotFromScenario(defaultScenario());
    const cfg = parseOrgConfig(
      'regions:\n  mypurecloud.ie:\n    byocSipAddresses: [52.212.65.21, { ip: 52.212.99.99, name: lb04 }]\n',
      'org.yml',
    );
    const report = doctorOn(snapshot, doctorContext(cfg));
    expect(statusesOf(report, 'TW-ACL')).toEqual(['fail']);
    const acl = report.findings.find((f) => f.rule === 'TW-ACL')!;
    expect(acl.evidence.missing).toEqual(['52.212.99.99']);
    expect(acl.evidence.source).toBe('org config org.yml');
  });

  it('an org override of the region itself and its BYOC domain is used end to end', () => {
    const s = defaultScenario();
    s.genesys.region = 'mars_north_1';
    s.twilio.trunks[0]!.originationUrls[0]!.sipUrl = 'sip:twilioABC.byoc.mars.example';
    const cfg = parseOrgConfig(
      [
        'region: mars_north_1',
        'regions:',
        '  mars_north_1:',
        '    domain: mars.example',
        '    byocSipDomain: byoc.mars.example',
        '    byocSipAddresses: [52.212.65.21]',
      ].join('\n'),
      'org.yml',
    );
    expect(problems(doctorOn(snapshotFromScenario(s), doctorContext(cfg)))).toEqual([]);
  });

  it('a regional proxy far from the org region is a warning; a near one passes', () => {
    const far = defaultScenario();
    far.genesys.trunkBases[0]!.properties.trunk_transport_serverProxyList = ['purecloudABC.pstn.sydney.twilio.com'];
    expect(problems(doctorOn(snapshotFromScenario(far)))).toEqual(['GC-TRUNK-PROXY: warn']);
    const near = defaultScenario();
    near.genesys.trunkBases[0]!.properties.trunk_transport_serverProxyList = ['purecloudABC.pstn.ie1.twilio.com'];
    expect(problems(doctorOn(snapshotFromScenario(near)))).toEqual([]);
  });

  it('an org-added Twilio signaling range is required on the Genesys ACL', () => {
    const cfg = parseOrgConfig('twilioEdges:\n  mumbai: { signalingCidrs: [13.235.0.0/30] }\n', 'org.yml');
    const report = doctorOn(snapshotFromScenario(defaultScenario()), doctorContext(cfg));
    expect(problems(report)).toEqual(['GC-TRUNK-ACL: warn']);
    expect(report.findings.find((f) => f.rule === 'GC-TRUNK-ACL')!.remediation).toMatchObject({
      cidrs: ['13.235.0.0/30'],
    });
  });
});
