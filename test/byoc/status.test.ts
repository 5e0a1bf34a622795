import { describe, expect, it } from 'vitest';
import { type StatusReport, type StatusResult, trunkStatus } from '../../src/byoc/status.js';
import { cardTime } from '../../src/cards/card.js';
import { statusCard } from '../../src/presentation/status-card.js';
import type { Scenario } from '../../src/sandbox/scenario.js';
import { addTrunkLikeTwilio, disconnect, EDGE1, EDGE2, snapshot, twilioTrunkBase } from './scenario-edits.js';

const outOfService = (s: Scenario) => {
  twilioTrunkBase(s).properties.trunk_enabled = false;
};
const addBackupTrunk = (inService: boolean) => addTrunkLikeTwilio('Backup', inService);

function report(r: StatusResult): StatusReport {
  if (r.kind !== 'status') throw new Error(`expected a status report, got ${r.kind}`);
  return r;
}
const status = (edit?: (s: Scenario) => void, trunk?: string) =>
  report(trunkStatus(snapshot(edit), trunk ? { trunk } : {}));

describe('the verdict', () => {
  it.each([
    { story: "the guide's setup, all green", edit: undefined, verdict: 'healthy', why: undefined },
    {
      story: 'the trunk disconnected on one of two edges',
      edit: disconnect(EDGE2, '408 Request Timeout'),
      verdict: 'degraded',
      why: `"Twilio" is disconnected on ${EDGE2}: 408 Request Timeout.`,
    },
    {
      story: 'the trunk disconnected on both edges',
      edit: (s: Scenario) => {
        disconnect(EDGE1, '503 Service Unavailable')(s);
        disconnect(EDGE2, '503 Service Unavailable')(s);
      },
      verdict: 'down',
      why: 'No BYOC trunk is in service and connected on any edge (Twilio).',
    },
    {
      story: 'the trunk out of service',
      edit: outOfService,
      verdict: 'down',
      why: 'No BYOC trunk is in service and connected on any edge (Twilio).',
    },
    {
      story: 'the BYOC product missing',
      edit: (s: Scenario) => {
        s.genesys.products = ['cloudCX', 'telephony'];
      },
      verdict: 'down',
      why: 'The BYOC Cloud product is not enabled for this org.',
    },
    {
      story: 'an edge offline',
      edit: (s: Scenario) => {
        s.genesys.edges[1]!.onlineStatus = 'OFFLINE';
      },
      verdict: 'degraded',
      why: `"Twilio" is not in service on ${EDGE2}: edge is OFFLINE.`,
    },
    {
      story: 'a second BYOC trunk out of service while the first works',
      edit: addBackupTrunk(false),
      verdict: 'degraded',
      why: '"Backup" is out of service.',
    },
    {
      story: 'no Twilio trunk is the proxy (two trunks on the account, neither matches)',
      edit: (s: Scenario) => {
        twilioTrunkBase(s).properties.trunk_transport_serverProxyList = ['sip.example.net'];
        s.twilio.trunks.push({
          ...structuredClone(s.twilio.trunks[0]!),
          sid: undefined,
          friendlyName: 'Other',
          domainName: 'other.pstn.twilio.com',
        });
      },
      verdict: 'degraded',
      why: '"Twilio" sends to sip.example.net, which is no Twilio trunk\'s termination URI.',
    },
    {
      story: 'the Twilio trunk has no enabled origination URL',
      edit: (s: Scenario) => {
        s.twilio.trunks[0]!.originationUrls[0]!.enabled = false;
      },
      verdict: 'degraded',
      why: 'The Twilio trunk "PureCloudDev" has no enabled origination URL: inbound calls cannot reach Genesys.',
    },
  ])('$story: $verdict', ({ edit, verdict, why }) => {
    const r = status(edit);
    expect(r.verdict).toBe(verdict);
    if (why === undefined) expect(r.why).toEqual([]);
    else expect(r.why[0]?.message).toBe(why);
  });

  it('Genesys unreachable: down, with the reason', () => {
    const snap = snapshot();
    snap.genesys = { available: false, reason: 'connect ECONNREFUSED api.mypurecloud.ie' };
    const r = report(trunkStatus(snap));
    expect(r.verdict).toBe('down');
    expect(r.why[0]?.message).toContain('ECONNREFUSED');
    expect(r.byocProduct).toBeNull();
    expect(statusCard(r)).toMatchObject({ title: 'BYOC: Down', status: 'fail' });
  });

  it('Genesys unreachable but Twilio answered: the Twilio trunks are in the result and on the card', () => {
    const snap = snapshot();
    snap.genesys = { available: false, reason: 'connect ECONNREFUSED api.mypurecloud.ie' };
    const r = report(trunkStatus(snap));
    expect(r.twilioTrunks).toEqual([
      expect.objectContaining({
        name: 'PureCloudDev',
        matchedBy: 'unmatched',
        terminationUri: 'purecloudABC.pstn.twilio.com',
        numbers: 1,
      }),
    ]);
    const section = statusCard(r).sections?.find((x) => x.title?.includes('(Genesys Cloud not read)'));
    expect(section?.fields).toContainEqual({ label: 'Termination URI', value: 'purecloudABC.pstn.twilio.com' });
  });

  it('Twilio unreachable: degraded, and the Twilio side says why instead of passing', () => {
    const snap = snapshot();
    snap.twilio = { available: false, reason: '503 from api.twilio.com' };
    const r = report(trunkStatus(snap));
    expect(r.verdict).toBe('degraded');
    expect(r.trunks[0]?.twilioTrunk).toBeNull();
    expect(r.trunks[0]?.twilioNote).toBe('Twilio could not be reached: 503 from api.twilio.com');
  });

  it('OPTIONS failing to a proxy on a connected edge: degraded', () => {
    const snap = snapshot();
    if (!snap.genesys.available) throw new Error('unreachable');
    snap.genesys.trunks[0]!.options[0] = {
      proxyAddress: 'purecloudABC.pstn.twilio.com',
      optionState: false,
      error: { text: 'No response to OPTIONS' },
    };
    const r = report(trunkStatus(snap));
    expect(r.verdict).toBe('degraded');
    expect(r.why[0]?.message).toBe(
      `OPTIONS from ${EDGE1} to purecloudABC.pstn.twilio.com fail: No response to OPTIONS.`,
    );
  });
});

describe('what the report holds', () => {
  it('per trunk: in service, each edge, calls in progress and the matched Twilio trunk', () => {
    const r = status();
    expect(r.byocProduct).toBe(true);
    expect(r.edges.map((e) => [e.name, e.online])).toEqual([
      [EDGE1, true],
      [EDGE2, true],
    ]);
    expect(r.takenAt).toBe('2025-01-01T12:00:00.000Z');
    const t = r.trunks[0]!;
    expect(t).toMatchObject({
      name: 'Twilio',
      verdict: 'healthy',
      inService: true,
      calls: { inbound: 3, outbound: 2 },
    });
    expect(t.edges.map((e) => [e.name, e.connected, e.options.map((o) => [o.proxy, o.ok])])).toEqual([
      [EDGE1, true, [['purecloudABC.pstn.twilio.com', true]]],
      [EDGE2, true, [['purecloudABC.pstn.twilio.com', true]]],
    ]);
    expect(t.twilioTrunk).toEqual({
      sid: 'TK0123456789abcdef0123456789abc001',
      name: 'PureCloudDev',
      matchedBy: 'domain',
      terminationUri: 'purecloudABC.pstn.twilio.com',
      originationUrls: [{ sipUrl: 'sip:twilioABC.byoc.mypurecloud.ie', enabled: true, priority: 10, weight: 10 }],
      authentication: { ipAccessControlLists: ['PureCloudDevACL'], credentialLists: ['PureCloudDevCred'] },
      numbers: 1,
    });
  });

  it('trunks come worst first', () => {
    expect(status(addBackupTrunk(false)).trunks.map((t) => [t.name, t.verdict])).toEqual([
      ['Backup', 'down'],
      ['Twilio', 'healthy'],
    ]);
  });

  it("the account's only Twilio trunk is shown even when the proxy does not match, with a note", () => {
    const r = status((s) => {
      twilioTrunkBase(s).properties.trunk_transport_serverProxyList = ['sip.example.net'];
    });
    expect(r.trunks[0]?.twilioTrunk).toMatchObject({ name: 'PureCloudDev', matchedBy: 'only-trunk' });
    expect(r.trunks[0]?.twilioNote).toContain('not among the proxies of "Twilio"');
    expect(r.verdict).toBe('degraded');
  });

  it('one trunk by name, whatever its case', () => {
    const r = status(addBackupTrunk(false), 'twilio');
    expect(r.trunkFilter).toBe('Twilio');
    expect(r.trunks.map((t) => t.name)).toEqual(['Twilio']);
    expect(r.verdict).toBe('healthy');
  });

  it('an unknown trunk name lists the trunk names', () => {
    const r = trunkStatus(snapshot(addBackupTrunk(true)), { trunk: 'Nope' });
    expect(r).toEqual({
      kind: 'unknown-trunk',
      requested: 'Nope',
      trunkNames: ['Backup', 'Twilio'],
      takenAt: '2025-01-01T12:00:00.000Z',
    });
    const card = statusCard(r);
    expect(card.title).toBe('No BYOC trunk named "Nope"');
    expect(card.summary).toBe('The BYOC trunks are: Backup, Twilio.');
    expect(card.buttons?.map((b) => b.value)).toEqual(['status Backup', 'status Twilio', 'status']);
  });
});

describe('the status card', () => {
  it('healthy: the verdict first, the facts in fields, refresh and doctor buttons', () => {
    const card = statusCard(status());
    expect(card.title).toBe('BYOC: Healthy');
    expect(card.status).toBe('ok');
    expect(card.summary).toBe('"Twilio" is in service and connected on every edge.');
    expect(card.fields).toEqual([
      { label: 'Edges online', value: '2/2' },
      { label: 'BYOC product', value: 'enabled' },
      { label: 'Calls in progress', value: 'in 3 · out 2' },
      { label: 'Twilio', value: 'reachable' },
    ]);
    expect(card.sections!.map((s) => s.title)).toEqual([
      'Trunk "Twilio": in service · Healthy · calls in 3 · out 2',
      'Twilio trunk "PureCloudDev"',
    ]);
    const twilio = card.sections![1]!;
    expect(twilio.fields).toEqual([
      { label: 'Termination URI', value: 'purecloudABC.pstn.twilio.com' },
      // Its own labelled field, not a loose bullet under "Numbers".
      { label: 'Origination URL', value: 'sip:twilioABC.byoc.mypurecloud.ie (enabled, priority 10, weight 10)' },
      { label: 'Authentication', value: 'IP ACL PureCloudDevACL, credential list PureCloudDevCred' },
      { label: 'Numbers', value: '1' },
    ]);
    expect(twilio.items).toBeUndefined();
    expect(card.buttons).toEqual([
      { actionId: 'command.run', label: 'Refresh', value: 'status --fresh', style: 'primary' },
      { actionId: 'command.run', label: 'Run the doctor', value: 'doctor' },
    ]);
    expect(card.footer).toEqual(['Snapshot taken ', cardTime('2025-01-01T12:00:00.000Z')]);
  });

  it('degraded on one edge: the summary names the edge and its error text, the edge row warns', () => {
    const card = statusCard(status(disconnect(EDGE2, '408 Request Timeout')));
    expect(card.title).toBe('BYOC: Degraded');
    expect(card.status).toBe('warn');
    expect(card.summary).toContain(`disconnected on ${EDGE2}: 408 Request Timeout`);
    const trunk = card.sections!.find((s) => s.title?.startsWith('Trunk "Twilio"'))!;
    expect(trunk.checks).toEqual([
      { status: 'ok', label: EDGE1, detail: 'connected · OPTIONS purecloudABC.pstn.twilio.com ok' },
      {
        status: 'warn',
        label: EDGE2,
        detail:
          'disconnected: 408 Request Timeout · OPTIONS purecloudABC.pstn.twilio.com failing (408 Request Timeout)',
      },
    ]);
  });

  it('for one trunk, refresh asks for that trunk again', () => {
    const card = statusCard(status(undefined, 'twilio'));
    expect(card.title).toBe('BYOC trunk "Twilio": Healthy');
    expect(card.buttons?.[0]?.value).toBe('status Twilio --fresh');
  });

  it('down: the fix is on the card', () => {
    const card = statusCard(status(outOfService));
    expect(card.status).toBe('fail');
    const why = card.sections!.find((s) => s.title === 'Why')!;
    expect(why.checks).toContainEqual(
      expect.objectContaining({
        status: 'fail',
        label: '"Twilio" is out of service.',
        fix: 'Put it in service: `/byoc trunk enable Twilio`.',
      }),
    );
  });
});
