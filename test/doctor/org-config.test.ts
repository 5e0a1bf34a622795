import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ORG_CONFIG,
  loadOrgConfig,
  type OrgConfigError,
  orgConfigErrorOf,
  parseOrgConfig,
} from '../../src/byoc/org-config.js';

function errorOf(text: string): OrgConfigError {
  try {
    parseOrgConfig(text, '/etc/byoc/org.yml');
  } catch (err) {
    const orgConfigError = orgConfigErrorOf(err);
    if (orgConfigError) return orgConfigError;
    throw err;
  }
  throw new Error('expected an org configuration error');
}

describe('the org configuration file', () => {
  it('reads silencing, sample numbers, the edge count and region overrides', () => {
    const cfg = parseOrgConfig(
      [
        'region: mypurecloud.ie',
        'silence:',
        '  - { rule: TW-ACL, reason: "ACL owned by the network team (CHG-1234)" }',
        'simulateNumbers: ["+442071234567"]',
        'expectedEdgeCount: 4',
        'regions:',
        '  eu_west_1: { byocSipAddresses: [52.212.65.21] }',
      ].join('\n'),
      'org.yml',
    );
    expect(cfg).toMatchObject({
      source: 'org.yml',
      region: 'mypurecloud.ie',
      silence: [{ rule: 'TW-ACL', reason: 'ACL owned by the network team (CHG-1234)' }],
      simulateNumbers: ['+442071234567'],
      expectedEdgeCount: 4,
      regions: { eu_west_1: { byocSipAddresses: [{ ip: '52.212.65.21' }] } },
    });
  });

  it('an empty file means the defaults', () => {
    expect(parseOrgConfig('', 'org.yml')).toMatchObject({ silence: [], simulateNumbers: [], expectedEdgeCount: 2 });
  });

  it('a rule id that does not exist is refused, naming the file and the path', () => {
    const err = errorOf('silence:\n  - { rule: TW-ACLS, reason: typo }\n');
    expect(err.details.file).toBe('/etc/byoc/org.yml');
    expect(err.details.path).toBe('silence[0].rule');
    expect(err.message).toContain('BYOC_ORG_CONFIG file /etc/byoc/org.yml: at silence[0].rule');
  });

  it('silencing without a reason is refused', () => {
    expect(errorOf('silence:\n  - { rule: TW-ACL, reason: "" }\n').details.path).toBe('silence[0].reason');
  });

  it('an address that is not an address is refused', () => {
    expect(errorOf('regions:\n  eu_west_1: { byocSipAddresses: [lb01.example] }\n').details.path).toBe(
      'regions.eu_west_1.byocSipAddresses[0]',
    );
    expect(errorOf('twilioEdges:\n  dublin: { signalingCidrs: [54.171.127.192/33] }\n').details.path).toBe(
      'twilioEdges.dublin.signalingCidrs[0]',
    );
  });

  it('an unknown key is refused with the known ones', () => {
    const err = errorOf('silense: []\n');
    expect(err.message).toContain('silense');
    expect(err.message).toContain('silence');
  });

  it('a new region needs its domain; an unknown region name is refused', () => {
    expect(errorOf('regions:\n  mars_north_1: { byocSipDomain: byoc.mars.example }\n').details.path).toBe(
      'regions.mars_north_1.domain',
    );
    expect(errorOf('region: mars_north_1\n').details.path).toBe('region');
  });

  it('YAML that does not parse is refused with the file name', () => {
    const err = errorOf('silence: [\n');
    expect(err.message).toContain('/etc/byoc/org.yml');
    expect(err.details.expected).toMatch(/^valid YAML/);
  });

  it('the loader reads the file named by BYOC_ORG_CONFIG, and uses the defaults when it is unset', () => {
    const read = (p: string) => {
      if (p !== '/etc/byoc/org.yml') throw new Error(`ENOENT: no such file, open '${p}'`);
      return 'expectedEdgeCount: 3\n';
    };
    expect(loadOrgConfig({}, read)).toBe(DEFAULT_ORG_CONFIG);
    expect(loadOrgConfig({ BYOC_ORG_CONFIG: '/etc/byoc/org.yml' }, read).expectedEdgeCount).toBe(3);
    expect(() => loadOrgConfig({ BYOC_ORG_CONFIG: '/nope.yml' }, read)).toThrow(/\/nope\.yml.*readable file.*ENOENT/);
  });
});
