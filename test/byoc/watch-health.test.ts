/** What in a trunk's state is worth waking someone for, and which checklist rule and fix it points to. */
import { describe, expect, it } from 'vitest';
import {
  signatureOf,
  trunkHealth,
  twilioAlertHealth,
  type WatchedInstance,
  type WatchView,
} from '../../src/byoc/watch/health.js';

function instance(edge: string, over: Partial<WatchedInstance> = {}): WatchedInstance {
  return {
    id: `i-${edge}`,
    name: `Twilio - ${edge}`,
    trunkBaseId: 'tb1',
    edge: { id: edge, name: edge },
    inService: true,
    connected: true,
    options: [{ proxyAddress: 'acme.pstn.twilio.com', ok: true }],
    ...over,
  };
}

function view(instances: WatchedInstance[], offline: string[] = []): WatchView {
  return {
    at: '2026-01-01T00:00:00.000Z',
    trunks: [{ id: 'tb1', name: 'Twilio' }],
    instances,
    edges: ['e1', 'e2'].map((id) => ({ id, name: id, online: !offline.includes(id) })),
  };
}

describe('a BYOC trunk', () => {
  it('is healthy when connected on every edge', () => {
    expect(trunkHealth(view([instance('e1'), instance('e2')]))[0]).toMatchObject({
      subject: 'trunk:tb1',
      severity: 'healthy',
      findings: [],
    });
  });

  it('is degraded when disconnected on one edge, with the error text and the ACL rule', () => {
    const [h] = trunkHealth(view([instance('e1'), instance('e2', { connected: false, error: 'OPTIONS timed out' })]));
    expect(h?.severity).toBe('degraded');
    expect(h?.findings).toEqual([
      expect.objectContaining({ kind: 'disconnected', edge: 'e2', error: 'OPTIONS timed out', rule: 'TW-ACL' }),
    ]);
  });

  it('is down when disconnected everywhere; a 403 points to the digest credentials', () => {
    const [h] = trunkHealth(
      view([
        instance('e1', { connected: false, error: 'SIP 403 Forbidden' }),
        instance('e2', { connected: false, error: 'SIP 403 Forbidden' }),
      ]),
    );
    expect(h?.severity).toBe('down');
    expect(h?.findings.map((f) => f.rule)).toEqual(['GC-TRUNK-DIGEST', 'GC-TRUNK-DIGEST']);
  });

  it('is down when out of service, with the command that puts it back', () => {
    const [h] = trunkHealth(view([instance('e1', { inService: false }), instance('e2', { inService: false })]));
    expect(h?.findings).toEqual([expect.objectContaining({ kind: 'out-of-service', rule: 'GC-TRUNK-INSERVICE' })]);
    expect(h?.findings[0]?.fix).toContain('/byoc trunk enable Twilio');
  });

  it('is down when every edge it runs on is offline, degraded when one is', () => {
    expect(trunkHealth(view([instance('e1'), instance('e2')], ['e1', 'e2']))[0]?.findings).toEqual([
      expect.objectContaining({ kind: 'edges-down', severity: 'down', rule: 'GC-EDGES' }),
    ]);
    expect(trunkHealth(view([instance('e1'), instance('e2')], ['e2']))[0]).toMatchObject({ severity: 'degraded' });
  });

  it('is degraded when SIP OPTIONS fail on a connected instance', () => {
    const failing = instance('e1', { options: [{ proxyAddress: 'acme.pstn.twilio.com', ok: false, error: '408' }] });
    expect(trunkHealth(view([failing, instance('e2')]))[0]?.findings).toEqual([
      expect.objectContaining({ kind: 'options-failing', severity: 'degraded', rule: 'GC-TRUNK-PROXY', error: '408' }),
    ]);
  });

  it('has the same signature for the same state, another for another edge', () => {
    const a = trunkHealth(view([instance('e1'), instance('e2', { connected: false, error: 'x' })]))[0]!;
    const b = trunkHealth(view([instance('e1'), instance('e2', { connected: false, error: 'y' })]))[0]!;
    const c = trunkHealth(view([instance('e1', { connected: false }), instance('e2')]))[0]!;
    expect(signatureOf(a)).toBe(signatureOf(b));
    expect(signatureOf(a)).not.toBe(signatureOf(c));
  });
});

describe('Twilio Monitor alerts', () => {
  const alert = (errorCode: string) => ({ errorCode, alertText: `alert ${errorCode}` });

  it('are a burst from three Elastic SIP Trunking alerts in one look, grouped by code, most frequent first', () => {
    const h = twilioAlertHealth('AC1', [alert('32201'), alert('32011'), alert('32201'), alert('11200')], 3);
    expect(h.severity).toBe('degraded');
    expect(h.findings.map((f) => [f.message, f.rule])).toEqual([
      ['2 × Twilio 32201 (source IP not in the ACL).', 'TW-ACL'],
      ['1 × Twilio 32011 (error communicating with your SIP infrastructure).', 'TW-ORIGINATION'],
    ]);
  });

  it('below the threshold, or not 32xxx, are no incident', () => {
    expect(twilioAlertHealth('AC1', [alert('32201'), alert('32201')], 3).severity).toBe('healthy');
    expect(twilioAlertHealth('AC1', [alert('11200'), alert('11200'), alert('11200')], 3).severity).toBe('healthy');
  });

  it('show an unknown 32xxx code plainly with its Twilio page', () => {
    const h = twilioAlertHealth('AC1', [alert('32999'), alert('32999'), alert('32999')], 3);
    expect(h.findings[0]?.message).toBe('3 × Twilio 32999.');
    expect(h.findings[0]?.fix).toContain('https://www.twilio.com/docs/api/errors/32999');
  });
});
