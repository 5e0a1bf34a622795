import { describe, expect, it } from 'vitest';
import { type SimulationResult, simulateCall } from '../../src/byoc/simulate.js';
import { cardTime } from '../../src/cards/card.js';
import { simulateCard } from '../../src/presentation/simulate-card.js';
import type { Scenario } from '../../src/sandbox/scenario.js';
import { addTrunkLikeTwilio, disconnect, EDGE1, EDGE2, snapshot, twilioTrunkBase } from './scenario-edits.js';

const paris = (s: Scenario) => s.genesys.sites.find((x) => x.name === 'Paris Office')!;
const trunkProps = (props: Record<string, unknown>) => (s: Scenario) => {
  Object.assign(twilioTrunkBase(s).properties, props);
};
/** A second BYOC trunk base, same settings as "Twilio", placed first on the route. */
const backupTrunkFirst = (inService: boolean) => (s: Scenario) => {
  addTrunkLikeTwilio('Twilio Backup', inService)(s);
  paris(s).outboundRoutes[0]!.externalTrunkBases.unshift('Twilio Backup');
};
const addSite = (name: string, country?: string) => (s: Scenario) => {
  let location = 'Paris';
  if (country) {
    location = `${name} location`;
    s.genesys.locations.push({
      ...structuredClone(s.genesys.locations[0]!),
      id: `loc-${name}`,
      name: location,
      address: { country },
    });
  }
  s.genesys.sites.push({
    ...structuredClone(paris(s)),
    id: `site-${name}`,
    name,
    location,
    outboundRoutes: [],
  });
};

const run = (number: string, edit?: (s: Scenario) => void, opts: { site?: string; from?: string } = {}) =>
  simulateCall(snapshot(edit), { number, ...opts });

const codes = (r: SimulationResult) => r.reasons.map((x) => x.code);

describe('the guide\'s examples from the French site "Paris Office"', () => {
  it.each([
    { dialed: '0123456789', classification: 'National', normalized: '+33123456789' },
    { dialed: '+33123456789', classification: 'National', normalized: '+33123456789' },
    { dialed: '01 23.45-67 (89)', classification: 'National', normalized: '+33123456789' },
    { dialed: '+447700900000', classification: 'International', normalized: '+447700900000' },
  ])(
    '$dialed is $classification, via "Twilio Route" on trunk Twilio on both edges',
    ({ dialed, classification, normalized }) => {
      const r = run(dialed);
      expect(r.outcome).toBe('routable');
      expect(r.routable).toBe(true);
      expect(r.site).toEqual({ id: expect.any(String), name: 'Paris Office' });
      expect(r.classification).toBe(classification);
      expect(r.normalizedNumber).toBe(normalized);
      expect(r.numberPlan?.name).toBe(classification);
      expect(r.outboundRoute).toMatchObject({ name: 'Twilio Route', distribution: 'SEQUENTIAL' });
      expect(
        r.trunks.map((t) => [t.name, t.inService, t.operational, t.edges.map((e) => [e.name, e.connected])]),
      ).toEqual([
        [
          'Twilio',
          true,
          true,
          [
            [EDGE1, true],
            [EDGE2, true],
          ],
        ],
      ]);
      expect(r.via?.trunk.name).toBe('Twilio');
      expect(r.via?.edges.map((e) => e.name)).toEqual([EDGE1, EDGE2]);
      expect(r.twilio.map((c) => [c.id, c.ok])).toEqual([
        ['called-number-e164', true],
        ['caller-id', true],
        ['proxy-is-termination-uri', true],
      ]);
      expect(r.reasons).toEqual([]);
    },
  );
});

describe('numbers no route covers, and why', () => {
  it.each([
    { story: 'emergency', dialed: '112', classification: 'Emergency' },
    { story: 'an extension', dialed: '1234', classification: 'Extension' },
    { story: 'a SIP address', dialed: 'alice@example.com', classification: 'Network' },
  ])('$story ($dialed) is classified $classification and no enabled route covers it', ({ dialed, classification }) => {
    const r = run(dialed);
    expect(r.classification).toBe(classification);
    expect(r.routable).toBe(false);
    expect(r.outboundRoute).toBeNull();
    expect(codes(r)).toEqual(['NO_ROUTE']);
    expect(r.reasons[0]?.fix).toContain(`Add ${classification}`);
  });

  it('a disabled route does not carry the call, and the fix is to enable it', () => {
    const r = run('0123456789', (s) => {
      paris(s).outboundRoutes[0]!.enabled = false;
    });
    expect(r.routable).toBe(false);
    expect(r.outboundRoute).toBeNull();
    expect(r.reasons[0]).toMatchObject({
      code: 'NO_ROUTE',
      blocking: true,
      fix: 'Enable the outbound route "Twilio Route".',
    });
  });

  it('an enabled route is used even when a disabled one also covers the classification', () => {
    const r = run('0123456789', (s) => {
      const routes = paris(s).outboundRoutes;
      routes.unshift({ ...structuredClone(routes[0]!), name: 'Old Route', enabled: false });
    });
    expect(r.outboundRoute?.name).toBe('Twilio Route');
    expect(r.routable).toBe(true);
  });
});

describe('trunks on edges', () => {
  it('a trunk disconnected on one of two edges is still routable via the other, with the error text shown', () => {
    const r = run('0123456789', disconnect(EDGE2, 'SIP OPTIONS timed out: 408 Request Timeout'));
    expect(r.routable).toBe(true);
    expect(r.via?.edges.map((e) => e.name)).toEqual([EDGE1]);
    const edge2 = r.trunks[0]!.edges.find((e) => e.name === EDGE2)!;
    expect(edge2).toMatchObject({ connected: false, error: 'SIP OPTIONS timed out: 408 Request Timeout' });
    expect(edge2.options).toEqual([
      { proxy: 'purecloudABC.pstn.twilio.com', ok: false, error: 'SIP OPTIONS timed out: 408 Request Timeout' },
    ]);
    expect(r.reasons).toEqual([expect.objectContaining({ code: 'EDGE_NOT_CONNECTED', blocking: false })]);

    const card = simulateCard(r);
    expect(card.status).toBe('warn');
    expect(card.title).toContain('routable');
    const rows = card.sections!.flatMap((s) => s.checks ?? []);
    expect(rows).toContainEqual(
      expect.objectContaining({
        status: 'warn',
        label: `Twilio on ${EDGE2}`,
        detail: expect.stringContaining('disconnected: SIP OPTIONS timed out: 408 Request Timeout'),
      }),
    );
  });

  it('a trunk disconnected on both edges is not routable', () => {
    const r = run('0123456789', (s) => {
      disconnect(EDGE1, '503 Service Unavailable')(s);
      disconnect(EDGE2, '503 Service Unavailable')(s);
    });
    expect(r.routable).toBe(false);
    expect(r.via).toBeNull();
    expect(codes(r)).toContain('NO_OPERATIONAL_TRUNK');
    expect(simulateCard(r).summary).toMatch(/^Not routable: Every trunk of "Twilio Route"/);
  });

  it('a trunk out of service is not routable and the fix puts it back in service', () => {
    const r = run('0123456789', trunkProps({ trunk_enabled: false }));
    expect(r.trunks[0]).toMatchObject({ name: 'Twilio', inService: false, operational: false });
    const reason = r.reasons.find((x) => x.code === 'NO_OPERATIONAL_TRUNK');
    expect(reason?.fix).toContain('/byoc trunk enable');
  });

  it('SEQUENTIAL: trunks come in route order and the first operational one carries the call', () => {
    const r = run('0123456789', backupTrunkFirst(false));
    expect(r.trunks.map((t) => [t.name, t.operational])).toEqual([
      ['Twilio Backup', false],
      ['Twilio', true],
    ]);
    expect(r.via?.trunk.name).toBe('Twilio');
    expect(r.routable).toBe(true);
  });

  it('RANDOM: the route is shown as a set', () => {
    const r = run('0123456789', (s) => {
      backupTrunkFirst(true)(s);
      paris(s).outboundRoutes[0]!.distribution = 'RANDOM';
    });
    expect(r.outboundRoute?.distribution).toBe('RANDOM');
    expect(simulateCard(r).sections!.map((s) => s.title)).toContain('Trunks (RANDOM: calls are spread over these)');
  });

  it('a route naming a trunk base that does not exist says so', () => {
    const r = run('0123456789', (s) => {
      paris(s).outboundRoutes[0]!.externalTrunkBases = ['Ghost'];
    });
    expect(r.trunks).toEqual([
      expect.objectContaining({ name: 'Ghost', operational: false, problem: 'the trunk base does not exist' }),
    ]);
    expect(r.routable).toBe(false);
  });
});

describe('the Twilio side', () => {
  it('omit-plus on the called address: the number leaves without + and Twilio refuses it', () => {
    const r = run('0123456789', trunkProps({ trunk_outboundIdentity_calledAddress_omitPlusPrefix: true }));
    expect(r.twilio.find((c) => c.id === 'called-number-e164')).toMatchObject({ ok: false });
    expect(r.twilio.find((c) => c.id === 'called-number-e164')?.detail).toContain('33123456789');
    expect(r.routable).toBe(false);
    expect(codes(r)).toContain('CALLED_NOT_E164');
  });

  it('a calling address (override Always) that is not a Twilio number: Twilio would refuse the caller ID', () => {
    const r = run('0123456789', trunkProps({ trunk_outboundIdentity_callingAddress: '+33999999999' }));
    expect(r.twilio.find((c) => c.id === 'caller-id')).toMatchObject({ ok: false });
    expect(r.routable).toBe(false);
    const reason = r.reasons.find((x) => x.code === 'CALLER_ID_REFUSED')!;
    expect(reason.message).toContain('+33999999999');
    expect(reason.fix).toContain('+33123456789');
  });

  it('without override Always, --from is the caller ID: a number on the account but not on the trunk passes, with a warning', () => {
    const r = run('0123456789', trunkProps({ trunk_outboundIdentity_callingAddress_overrideMethod: 'Unassigned' }), {
      from: '01 23 45 67 90',
    });
    const check = r.twilio.find((c) => c.id === 'caller-id')!;
    expect(check.ok).toBe(true);
    expect(check.detail).toContain('+33123456790');
    expect(check.detail).toContain('not on the trunk "PureCloudDev"');
    expect(r.routable).toBe(true);
    expect(r.reasons).toContainEqual(
      expect.objectContaining({
        code: 'CALLER_ID_NOT_ON_TRUNK',
        blocking: false,
        fix: expect.stringContaining('+33123456790'),
      }),
    );
  });

  it.each([
    { priority: ['Trunk', 'Source'], callerId: '+33999999999', ok: false },
    { priority: ['Source', 'Trunk'], callerId: '+33123456789', ok: true },
  ])(
    'a newer trunk with trunk_calling_id_priority $priority and no override method: the caller ID is $callerId',
    ({ priority, callerId, ok }) => {
      const r = run(
        '0123456789',
        (s) => {
          const props = twilioTrunkBase(s).properties;
          delete props.trunk_outboundIdentity_callingAddress_overrideMethod;
          props.trunk_calling_id_priority = priority;
          props.trunk_outboundIdentity_callingAddress = '+33999999999';
        },
        { from: '+33123456789' },
      );
      const check = r.twilio.find((c) => c.id === 'caller-id')!;
      expect(check.ok).toBe(ok);
      expect(check.detail).toContain(callerId);
    },
  );

  it('without override Always and without --from, the caller ID cannot be checked (null, not a pass)', () => {
    const r = run('0123456789', trunkProps({ trunk_outboundIdentity_callingAddress_overrideMethod: 'Unassigned' }));
    expect(r.twilio.find((c) => c.id === 'caller-id')).toMatchObject({ ok: null });
    expect(r.reasons).toContainEqual(expect.objectContaining({ code: 'CALLER_ID_UNKNOWN', blocking: false }));
  });

  it('a proxy that is no Twilio termination URI is refused', () => {
    const r = run('0123456789', (s) => {
      trunkProps({ trunk_transport_serverProxyList: ['sip.example.net'] })(s);
      s.twilio.trunks.push({
        ...structuredClone(s.twilio.trunks[0]!),
        sid: undefined,
        friendlyName: 'Other',
        domainName: 'other.pstn.twilio.com',
      });
    });
    expect(r.twilio.find((c) => c.id === 'proxy-is-termination-uri')).toMatchObject({ ok: false });
    expect(codes(r)).toContain('PROXY_NOT_TWILIO');
    expect(r.routable).toBe(false);
  });

  it('a localized termination URI (<name>.pstn.<edge>.twilio.com) is the same trunk', () => {
    const r = run(
      '0123456789',
      trunkProps({ trunk_transport_serverProxyList: ['purecloudABC.pstn.dublin.twilio.com'] }),
    );
    expect(r.twilio.find((c) => c.id === 'proxy-is-termination-uri')).toMatchObject({ ok: true });
    expect(r.routable).toBe(true);
  });

  it('Twilio unavailable: its checks are null with the reason, never a silent pass', () => {
    const snap = snapshot();
    snap.twilio = { available: false, reason: 'connect ETIMEDOUT api.twilio.com' };
    const r = simulateCall(snap, { number: '0123456789' });
    expect(r.twilio.map((c) => [c.id, c.ok])).toEqual([
      ['called-number-e164', true],
      ['caller-id', null],
      ['proxy-is-termination-uri', null],
    ]);
    expect(r.twilio[1]?.detail).toContain('ETIMEDOUT');
    expect(r.reasons).toEqual([expect.objectContaining({ code: 'TWILIO_UNAVAILABLE', blocking: false })]);
    const rows = simulateCard(r).sections!.find((s) => s.title === 'Twilio side')!.checks!;
    expect(rows.map((x) => x.status)).toEqual(['ok', 'skip', 'skip']);
  });
});

describe('sites', () => {
  it('with two sites and no --site, the result says which site was used and how to pick another', () => {
    const r = run('0123456789', addSite('Lyon Office'));
    expect(r.site?.name).toBe('Paris Office');
    expect(r.site?.chosenBecause).toContain('only site with an enabled outbound route');
    expect(r.site?.chosenBecause).toContain('--site');
    expect(r.site?.chosenBecause).toContain('"Lyon Office"');
    expect(simulateCard(r).sections![0]?.text).toBe(r.site?.chosenBecause);
  });

  it('--site picks the site (case-insensitively), and its country drives the plans', () => {
    const r = run('(415) 555-0100', addSite('SF Office', 'US'), { site: 'sf office' });
    expect(r.site).toEqual({ id: 'site-SF Office', name: 'SF Office' });
    expect(r.country).toBe('US');
    expect(r.classification).toBe('National');
    expect(r.normalizedNumber).toBe('+14155550100');
    expect(codes(r)).toEqual(['NO_ROUTE']);
  });

  it('an unknown --site lists the sites', () => {
    const r = run('0123456789', addSite('Lyon Office'), { site: 'Nice' });
    expect(r.outcome).toBe('unknown-site');
    expect(r.siteNames).toEqual(['Lyon Office', 'Paris Office']);
    const card = simulateCard(r);
    expect(card.title).toBe('No site named "Nice"');
    expect(card.sections![0]?.items).toEqual(['Lyon Office', 'Paris Office']);
  });

  it('Genesys unavailable: nothing is simulated, and the card says why', () => {
    const snap = snapshot();
    snap.genesys = { available: false, reason: '401 invalid_client' };
    const r = simulateCall(snap, { number: '0123456789' });
    expect(r.outcome).toBe('genesys-unavailable');
    expect(r.routable).toBe(false);
    expect(simulateCard(r)).toMatchObject({ status: 'fail', summary: expect.stringContaining('401 invalid_client') });
  });
});

describe("input errors show examples for the site's country", () => {
  it.each([
    { input: 'abc', code: 'letters', reason: 'INPUT_LETTERS' },
    { input: '', code: 'empty', reason: 'INPUT_EMPTY' },
    { input: '99', code: 'unclassifiable', reason: 'NO_PLAN_MATCHED' },
  ])('"$input" is an input error ($code)', ({ input, code, reason }) => {
    const r = run(input);
    expect(r.outcome).toBe('input-error');
    expect(r.routable).toBe(false);
    expect(r.inputError).toMatchObject({ code, examples: ['06 12 34 56 78', '+33612345678', '+447400123456'] });
    expect(codes(r)).toEqual([reason]);
    const card = simulateCard(r);
    expect(card.status).toBe('warn');
    expect(card.title).toBe(`Cannot simulate ${input === '' ? '(empty number)' : input}`);
    expect(card.summary).toBe(r.inputError?.message);
    expect(card.sections![0]).toEqual({
      title: 'Numbers that work from FR',
      items: ['`/byoc simulate 06 12 34 56 78`', '`/byoc simulate +33612345678`', '`/byoc simulate +447400123456`'],
    });
  });

  it('an unclassifiable number names the plans that were tried', () => {
    expect(run('99').inputError?.message).toContain('tried: Emergency (numberList), Extension (digitLength)');
  });

  it('an inactive plan was not tried, so the message does not name it', () => {
    const snap = snapshot();
    if (!snap.genesys.available) throw new Error('the default scenario has Genesys');
    const emergency = snap.genesys.numberPlans.find((p) => p.name === 'Emergency')!;
    emergency.state = 'inactive';
    const message = simulateCall(snap, { number: '99' }).inputError?.message ?? '';
    expect(message).toContain('tried: Extension (digitLength)');
    expect(message).not.toContain('Emergency');
  });

  it('a plan with a match type the bot does not know is skipped with a reason, not a crash', () => {
    const snap = snapshot();
    if (!snap.genesys.available) throw new Error('the default scenario has Genesys');
    const first = [...snap.genesys.numberPlans].sort((a, b) => a.priority - b.priority)[0]!;
    (first as { matchType: string }).matchType = 'futureMatchType';
    const r = simulateCall(snap, { number: '0123456789' });
    expect(r.routable).toBe(true);
    expect(r.reasons).toContainEqual(
      expect.objectContaining({
        code: 'PLAN_ERROR',
        message: expect.stringContaining('unknown match type futureMatchType'),
      }),
    );
  });
});

describe('the simulate card', () => {
  it('a routable call reads: classification, route, trunk and edges', () => {
    const card = simulateCard(run('0123456789'));
    expect(card.title).toBe('Simulate 0123456789: routable');
    expect(card.status).toBe('ok');
    expect(card.summary).toBe(
      `Routable: National via "Twilio Route" on trunk "Twilio" (${EDGE1}, ${EDGE2}) to +33123456789.`,
    );
    expect(card.fields).toEqual([
      { label: 'Site', value: 'Paris Office' },
      { label: 'Dialed', value: '0123456789' },
      { label: 'Normalized', value: '+33123456789' },
      { label: 'Number plan', value: 'National (intraCountryCode)' },
      { label: 'Classification', value: 'National' },
      { label: 'Outbound route', value: 'Twilio Route (SEQUENTIAL)' },
    ]);
    expect(card.sections!.map((s) => s.title)).toEqual(['Trunks, in the order they are tried', 'Twilio side']);
    expect(card.footer).toEqual(['Snapshot taken ', cardTime('2025-01-01T12:00:00.000Z')]);
  });

  it('a refused call lists every blocking reason with its fix', () => {
    const card = simulateCard(
      run('0123456789', trunkProps({ trunk_outboundIdentity_calledAddress_omitPlusPrefix: true })),
    );
    expect(card.status).toBe('fail');
    expect(card.title).toBe('Simulate 0123456789: NOT routable');
    const why = card.sections!.find((s) => s.title === 'Why not')!;
    expect(why.checks).toEqual([
      expect.objectContaining({ status: 'fail', fix: expect.stringContaining('Address Omit + Prefix') }),
    ]);
  });
});
