/**
 * More places where the fakes now answer as the vendors do (docs/vendor-facts.md): a BYOC trunk reads back with the
 * template's defaults filled in, a default cipher-suite list is not SRTP, newer orgs choose the caller ID with
 * `trunk_calling_id_priority`, and Twilio takes an API key and secret as well as the auth token.
 */
import { describe, expect, it } from 'vitest';
import { doctorContext, runDoctor } from '../../src/byoc/doctor/index.js';
import { decodeTrunkBaseSettings } from '../../src/byoc/trunk-settings.js';
import { loadScenario, type Scenario } from '../../src/sandbox/scenario.js';
import { snapshotFromScenario } from '../../src/sandbox/scenario-snapshot.js';
import { gatherTwilioPart, TwilioClient } from '../../src/twilio/index.js';
import { closedAfterEach } from '../support/use-started.js';
import { startVendorBench, type VendorBench } from './helpers.js';

const TRUNK_BASE_ID = '9d4b7c1e-3a2f-4e8d-b6c5-twilio000001';

const closing = closedAfterEach((started: VendorBench) => started.close());

function withTwilioTrunk(edit: (props: Record<string, unknown>) => void): Scenario {
  const s = structuredClone(loadScenario('default'));
  edit(s.genesys.trunkBases[0]!.properties);
  return s;
}

describe('a BYOC trunk created with few properties', () => {
  it("reads back with the template's defaults, as public exports of real trunks show", async () => {
    const bench = closing(
      await startVendorBench(
        withTwilioTrunk((p) => {
          delete p.trunk_media_codec;
          delete p.trunk_media_dtmf_method;
          delete p.trunk_media_dtmf_payload;
        }),
      ),
    );
    const tb = await bench.genesys.trunkBase(TRUNK_BASE_ID);
    const props = tb.properties as Record<string, { value: { default: unknown; instance: unknown } }>;
    expect(props.trunk_media_codec?.value.instance).toEqual(['audio/opus', 'audio/pcmu', 'audio/pcma']);
    expect(props.trunk_maxDialTimeout?.value.instance).toBe('2m');
    expect(props.trunk_media_disconnectOnIdleRTP?.value.instance).toBe(true);
    expect(props.trunk_media_srtpCipherSuites?.value.instance).toEqual(['AES_CM_128_HMAC_SHA1_80']);
    expect(props.trunk_transport_serverProxyList?.value.default).toBeNull();
    // The G.711 rule sees the defaults, as it would on a real org.
    const report = runDoctor(await bench.gather(), doctorContext());
    expect(report.findings.find((f) => f.rule === 'GC-TRUNK-CODEC')?.status).toBe('pass');
  });

  it('a UDP trunk carrying the default cipher-suite list is not SRTP; TLS with the list is', () => {
    const udp = decodeTrunkBaseSettings({
      trunk_transport_protocolVariant: 'udp',
      trunk_media_srtpCipherSuites: ['AES_CM_128_HMAC_SHA1_80'],
    });
    expect(udp.srtp).toBe(false);
    const tls = decodeTrunkBaseSettings({
      trunk_transport_protocolVariant: 'tls',
      trunk_media_srtpCipherSuites: ['AES_CM_128_HMAC_SHA1_80'],
    });
    expect(tls.srtp).toBe(true);
    const report = runDoctor(snapshotFromScenario(loadScenario('default')), doctorContext());
    expect(report.findings.find((f) => f.rule === 'GC-TRUNK-TRANSPORT')?.status).toBe('pass');
  });
});

describe('the caller ID setting a trunk uses', () => {
  const statusOf = (edit: (p: Record<string, unknown>) => void) => {
    const f = runDoctor(snapshotFromScenario(withTwilioTrunk(edit)), doctorContext()).findings.find(
      (x) => x.rule === 'GC-TRUNK-CALLING-ADDRESS',
    )!;
    return { status: f.status, message: f.message, fix: f.fix };
  };

  it('a newer trunk with only trunk_calling_id_priority, Trunk first, passes', () => {
    const r = statusOf((p) => {
      delete p.trunk_outboundIdentity_callingAddress_overrideMethod;
      p.trunk_calling_id_priority = ['Trunk', 'Source', 'Site', 'Extension'];
    });
    expect(r.status).toBe('pass');
    expect(r.message).toContain('priority Trunk, Source, Site, Extension');
  });

  it('a newer trunk with Source first fails and says to put Trunk first', () => {
    const r = statusOf((p) => {
      delete p.trunk_outboundIdentity_callingAddress_overrideMethod;
      p.trunk_calling_id_priority = ['Source', 'Trunk', 'Site', 'Extension'];
    });
    expect(r.status).toBe('fail');
    expect(r.message).toContain('does not put "Trunk" first');
    expect(r.fix).toContain('put "Trunk" first in the Caller ID priority');
  });

  it('an older trunk with only the legacy override method is judged by it', () => {
    expect(statusOf(() => {}).status).toBe('pass');
    expect(statusOf((p) => (p.trunk_outboundIdentity_callingAddress_overrideMethod = 'Unassigned DID')).status).toBe(
      'fail',
    );
  });

  it('both settings disagreeing is a warning naming both', () => {
    const r = statusOf((p) => {
      p.trunk_calling_id_priority = ['Trunk', 'Source'];
      p.trunk_outboundIdentity_callingAddress_overrideMethod = 'Unassigned DID';
    });
    expect(r.status).toBe('warn');
    expect(r.message).toContain('disagree');
  });
});

describe('Twilio API keys', () => {
  it('the client in API-key mode reads the account from the fake; a wrong secret is refused with 401', async () => {
    const bench = closing(await startVendorBench('default'));
    const key = bench.sandbox.scenario.twilio.apiKeys[0]!;
    const client = new TwilioClient({
      accountSid: bench.sandbox.env.TWILIO_ACCOUNT_SID!,
      apiKey: key.sid,
      apiSecret: key.secret,
      apiUrl: bench.sandbox.env.TWILIO_API_URL,
    });
    const part = await gatherTwilioPart(client);
    expect(part.trunks.map((t) => t.friendlyName)).toEqual(['PureCloudDev']);

    const wrong = new TwilioClient({
      accountSid: bench.sandbox.env.TWILIO_ACCOUNT_SID!,
      apiKey: key.sid,
      apiSecret: 'not-the-secret',
      apiUrl: bench.sandbox.env.TWILIO_API_URL,
      maxRetries: 0,
    });
    await expect(wrong.listTrunks()).rejects.toMatchObject({ status: 401 });
  });
});
