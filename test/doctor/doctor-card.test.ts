import { describe, expect, it } from 'vitest';
import { doctorContext, findRemediation, runDoctor } from '../../src/byoc/doctor/index.js';
import { parseOrgConfig } from '../../src/byoc/org-config.js';
import { doctorCard } from '../../src/presentation/doctor-card.js';
import { snapshotFromScenario } from '../../src/sandbox/scenario-snapshot.js';
import { defaultScenario, doctorOn, snapshotOf } from './helpers.js';

/** An org with a failure, a warning, a silenced rule and a skip at once. */
function messyOrg() {
  const s = defaultScenario();
  const props = s.genesys.trunkBases[0]!.properties;
  props.trunk_enabled = false; // GC-TRUNK-INSERVICE, GC-TRUNK-CONNECTED, GC-SIMULATE fail
  props.trunk_access_acl_allowList = ['54.172.60.0/30']; // GC-TRUNK-ACL warn
  props.trunk_media_codec = ['audio/opus']; // GC-TRUNK-CODEC fail, silenced below
  s.genesys.region = 'ap_south_1'; // TW-ACL skip: the bot does not know this region's BYOC addresses
  s.twilio.trunks[0]!.originationUrls[0]!.sipUrl = 'sip:twilioABC.byoc.aps1.pure.cloud';
  const cfg = parseOrgConfig(
    'silence:\n  - { rule: GC-TRUNK-CODEC, reason: "Opus approved by Twilio for us" }\n',
    'org.yml',
  );
  return runDoctor(snapshotFromScenario(s), doctorContext(cfg));
}

describe('the doctor card', () => {
  it('an all-green org: one line of passes and a button to run again', () => {
    const card = doctorCard(doctorOn(snapshotOf('default')));
    expect(card.status).toBe('ok');
    expect(card.title).toBe('BYOC doctor: every check passed');
    expect(card.sections).toHaveLength(1);
    expect(card.sections![0]!.text).toMatch(/^\*30 checks passed\*: GC-PRODUCT-BYOC, /);
    expect(card.buttons).toEqual([{ actionId: 'command.run', label: 'Run again', value: 'doctor --fresh' }]);
  });

  it('lists failures first with their fixes, then warnings, then the passes, then silenced, then skips', () => {
    const card = doctorCard(messyOrg());
    expect(card.status).toBe('fail');
    const order = card.sections!.map((s) => s.title ?? (s.text?.includes('passed') ? 'passed' : s.text));
    expect(order).toEqual(['Failures', 'Warnings', 'passed', 'Silenced by the org configuration', 'Not checked']);
    const failures = card.sections![0]!.checks!;
    // A failure leads with what is the case, then the rule it breaks, then the fix.
    expect(failures.map((c) => c.detail?.split(' ')[0])).toEqual([
      'GC-TRUNK-INSERVICE',
      'GC-TRUNK-CONNECTED',
      'GC-SIMULATE',
    ]);
    expect(failures.every((c) => c.status === 'fail' && c.fix)).toBe(true);
    expect(failures[0]!.label).toBe('"Twilio" is out of service (trunk_enabled is false): no call can use it.');
    expect(failures[0]!.label).not.toContain('The trunk is in service');
    expect(failures[0]!.detail).toBe('GC-TRUNK-INSERVICE (trunk "Twilio")');
    expect(card.sections![1]!.checks!.map((c) => c.detail?.split(' ')[0])).toEqual(['GC-TRUNK-ACL']);
    const silenced = card.sections![3]!.checks!;
    expect(silenced).toHaveLength(1);
    expect(silenced[0]!.detail).toMatch(/^GC-TRUNK-CODEC .*: a failure, silenced: .*Opus approved by Twilio for us/);
    const skips = card.sections![4]!.checks!;
    // A rule that could not be checked may name the rule.
    expect(skips.map((c) => c.label.split(' ')[0])).toEqual(['TW-ACL']);
    expect(skips.every((c) => c.status === 'skip' && c.detail)).toBe(true);
    expect(card.summary).toContain('3 failures, 1 warning');
    expect(card.summary).toContain('1 silenced');
  });

  it('offers each remediation as a short button the approval flow can find again', () => {
    const report = messyOrg();
    const card = doctorCard(report);
    const remediate = card.buttons!.filter((b) => b.actionId === 'doctor.remediate');
    expect(remediate.map((b) => [b.value, b.label])).toEqual([
      ['GC-TRUNK-INSERVICE|0', 'Put the trunk "Twilio" in service'],
      ['GC-TRUNK-ACL|0', 'Allow 15 Twilio ranges on "Twilio"'],
    ]);
    // The approval flow re-runs the doctor on a fresh snapshot and looks the value up there.
    expect(findRemediation(messyOrg(), 'GC-TRUNK-INSERVICE|0')?.remediation).toEqual({
      kind: 'genesys.trunk.enable',
      trunkBaseId: '9d4b7c1e-3a2f-4e8d-b6c5-twilio000001',
      trunkName: 'Twilio',
    });
    // Once fixed, the value finds nothing to do.
    expect(findRemediation(doctorOn(snapshotOf('default')), 'GC-TRUNK-INSERVICE|0')).toBeUndefined();
    expect(findRemediation(report, 'GC-TRUNK-INSERVICE|7')).toBeUndefined();
    expect(findRemediation(report, 'garbage')).toBeUndefined();
  });

  it('a Twilio outage is said at the top, before any finding', () => {
    const base = snapshotOf('default');
    const card = doctorCard(doctorOn({ ...base, twilio: { available: false, reason: 'HTTP 401 bad credentials' } }));
    expect(card.sections![0]).toEqual({
      title: 'Not reachable',
      items: ['Twilio could not be read: HTTP 401 bad credentials'],
    });
    expect(card.status).toBe('skip');
    expect(card.title).toBe('BYOC doctor: no problem found, but not everything could be checked');
  });

  it('keeps long texts short so Slack does not cut the important part', () => {
    const s = defaultScenario();
    s.genesys.trunkBases[0]!.properties.trunk_transport_serverProxyList = Array.from(
      { length: 40 },
      (_, i) => `sbc${i}.carrier-with-a-long-name.example.com`,
    );
    const card = doctorCard(doctorOn(snapshotFromScenario(s)));
    for (const section of card.sections ?? []) {
      for (const c of section.checks ?? []) {
        expect(c.detail?.length ?? 0).toBeLessThanOrEqual(400);
        expect(c.fix?.length ?? 0).toBeLessThanOrEqual(500);
      }
    }
    for (const b of card.buttons ?? []) expect(b.label.length).toBeLessThanOrEqual(75);
  });
});
