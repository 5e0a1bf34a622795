/**
 * One picture of the setup: which Twilio trunk a BYOC trunk sends to, which one it is paired with, and which DID
 * pool holds a number. Status, simulate, the doctor and the change planners used to answer these three different
 * ways; the cases where they disagreed are decided here, once.
 */
import { describe, expect, it } from 'vitest';
import { planDidAssign } from '../../src/byoc/changes/did-assign.js';
import { isE164 } from '../../src/byoc/phone-number.js';
import { simulateCall } from '../../src/byoc/simulate.js';
import { sipHost } from '../../src/byoc/sip-uri.js';
import { byocTrunkBases } from '../../src/byoc/snapshot.js';
import { trunkStatus } from '../../src/byoc/status.js';
import { poolContains, sendsTo, topologyOf, twilioLinkOf } from '../../src/byoc/topology.js';
import type { Scenario } from '../../src/sandbox/scenario.js';
import { type Edit, snapshot, twilioTrunkBase } from './scenario-edits.js';

const ALICE = {
  kind: 'user' as const,
  userId: '2a3b4c5d-6e7f-4a8b-9c0d-user00000001',
  name: 'Alice Martin',
  email: 'alice@example.com',
};

const proxy =
  (value: string): Edit =>
  (s) => {
    twilioTrunkBase(s).properties.trunk_transport_serverProxyList = [value];
  };

/** A second Twilio trunk, listed first, that nothing points at. */
const otherTrunkFirst: Edit = (s: Scenario) => {
  s.twilio.trunks.unshift({
    ...structuredClone(s.twilio.trunks[0]!),
    sid: 'TK0123456789abcdef0123456789abc999',
    friendlyName: 'Other',
    domainName: 'other.pstn.twilio.com',
    originationUrls: [],
    phoneNumbers: [],
  });
};

const both =
  (...edits: Edit[]): Edit =>
  (s) => {
    for (const e of edits) e(s);
  };

function linkOf(edit: Edit) {
  const snap = snapshot(edit);
  const g = snap.genesys.available ? snap.genesys : undefined;
  const tw = snap.twilio.available ? snap.twilio : undefined;
  const base = byocTrunkBases(g!).find((b) => b.name === 'Twilio')!;
  return { snap, sends: sendsTo(base, tw!, { genesys: g }), paired: twilioLinkOf(base, tw!, { genesys: g }) };
}

describe('one SIP host reader and one E.164 predicate', () => {
  it('reads the host out of every form a proxy or origination URL takes', () => {
    for (const value of [
      'purecloudABC.pstn.twilio.com',
      'PureCloudABC.pstn.twilio.com:5061',
      'sip:purecloudABC.pstn.twilio.com;transport=tls',
      'sips:user@purecloudabc.pstn.twilio.com:5061;transport=tls',
      ' purecloudABC.pstn.twilio.com. ',
    ]) {
      expect(sipHost(value), value).toBe('purecloudabc.pstn.twilio.com');
    }
  });

  it('E.164 is a +, a country code not starting with 0, and 7 to 15 digits', () => {
    expect(['+33123456789', '+14155550100', '+4930123456'].every(isE164)).toBe(true);
    expect(['33123456789', '+03123456789', '+331234', '+1234567890123456', '+33 1 23'].some(isE164)).toBe(false);
  });
});

describe('which Twilio trunk a BYOC trunk sends to', () => {
  it('the one whose termination URI is a proxy, among several', () => {
    const { sends, paired } = linkOf(otherTrunkFirst);
    expect(sends).toMatchObject({ trunk: { friendlyName: 'PureCloudDev' }, how: 'termination' });
    expect(paired).toEqual(sends);
  });

  // Decided: the change planners compared the raw proxy text, so `;transport=tls` hid the trunk from them while
  // status and simulate found it. A URI parameter does not change the host: every caller links it.
  it('a proxy with URI parameters still names the trunk (the planners used to miss it)', () => {
    const edit = both(otherTrunkFirst, proxy('sip:purecloudABC.pstn.twilio.com:5061;transport=tls'));
    expect(linkOf(edit).sends).toMatchObject({ trunk: { friendlyName: 'PureCloudDev' }, how: 'termination' });
    const plan = planDidAssign(snapshot(edit), '+33123456790', ALICE);
    expect(plan.ok && plan.plan.steps[1]).toMatchObject({ trunkSid: 'TK0123456789abcdef0123456789abc001' });
  });

  // Decided: a localized termination URI (`<name>.pstn.<edge>.twilio.com`) is the same trunk pinned to an edge.
  it('a localized termination URI names the same trunk (the planners used to miss it)', () => {
    const edit = both(otherTrunkFirst, proxy('purecloudABC.pstn.frankfurt.twilio.com'));
    expect(linkOf(edit).sends).toMatchObject({ trunk: { friendlyName: 'PureCloudDev' }, how: 'termination' });
    expect(topologyOf(snapshot(edit)).carrierTrunk()).toMatchObject({ trunk: { friendlyName: 'PureCloudDev' } });
  });

  // Decided: status and simulate accepted any `<name>.pstn.<anything>.twilio.com`; Twilio publishes termination
  // hosts only for its edges, so a made-up edge is no termination URI (the doctor's answer).
  it('a host under an edge Twilio does not have is not a termination URI', () => {
    const edit = both(otherTrunkFirst, proxy('purecloudABC.pstn.nowhere.twilio.com'));
    expect(linkOf(edit).sends).toBeUndefined();
    const sim = simulateCall(snapshot(edit), { number: '+33123456789', from: '+33123456789' });
    expect(sim.twilio.find((c) => c.id === 'proxy-is-termination-uri')?.ok).toBe(false);
    expect(sim.reasons.map((r) => r.code)).toContain('PROXY_NOT_TWILIO');
    const status = trunkStatus(snapshot(edit));
    expect(status.kind === 'status' && status.trunks[0]?.twilioTrunk).toBeNull();
  });

  // Decided: origination URLs say where Twilio sends, not where Genesys sends, and several trunks may originate to
  // one Genesys trunk: they pair a trunk for the doctor's Twilio rules, they do not answer "sends to".
  it('a trunk that only originates to the BYOC trunk is paired with it, but is not where it sends', () => {
    const { sends, paired } = linkOf(both(otherTrunkFirst, proxy('sip.example.net')));
    expect(paired).toMatchObject({ trunk: { friendlyName: 'PureCloudDev' }, how: 'origination' });
    expect(sends).toBeUndefined();
  });

  it("with one trunk on the account and a wrong proxy, it is the trunk meant, as the account's only one", () => {
    const { sends, paired } = linkOf(proxy('sip.example.net'));
    expect(sends).toMatchObject({ trunk: { friendlyName: 'PureCloudDev' }, how: 'only-trunk' });
    expect(paired).toMatchObject({ trunk: { friendlyName: 'PureCloudDev' }, how: 'origination' });
  });
});

describe('the picture of the setup', () => {
  it('links each BYOC trunk base to its instances on the edges and its Twilio trunk, both ways', () => {
    const snap = snapshot(otherTrunkFirst);
    const topo = topologyOf(snap);
    expect(topo.trunks.map((t) => [t.base.name, t.instances.length, t.sendsTo?.trunk.friendlyName])).toEqual([
      ['Twilio', 2, 'PureCloudDev'],
    ]);
    const pureCloudDev = snap.twilio.available
      ? snap.twilio.trunks.find((t) => t.friendlyName === 'PureCloudDev')
      : undefined;
    expect(topo.genesysTrunksOf(pureCloudDev!).map((b) => b.name)).toEqual(['Twilio']);
    expect(topo.linkedTwilioTrunks().map((t) => t.friendlyName)).toEqual(['PureCloudDev']);
  });
});

describe('which DID pool holds a number', () => {
  const pool = (start: string, end: string) => ({
    id: 'p',
    startPhoneNumber: start,
    endPhoneNumber: end,
    state: 'active',
  });

  it('a number inside the range, ends included', () => {
    const p = pool('+33123456780', '+33123456789');
    expect(['+33123456780', '+33123456785', '+33123456789'].every((n) => poolContains(p, n))).toBe(true);
    expect(['+33123456779', '+33123456790'].some((n) => poolContains(p, n))).toBe(false);
  });

  // Decided: the doctor compared numbers by value and the planners also by length; numbers of different lengths
  // are different numbering, so a pool covers only numbers as long as its ends.
  it('never a number of another length, even when its value lies between the ends', () => {
    expect(poolContains(pool('+3312345', '+33123456789'), '+331234567')).toBe(false);
  });
});
