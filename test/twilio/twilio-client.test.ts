import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/coded-error.js';
import { snapshotFromScenario } from '../../src/sandbox/scenario-snapshot.js';
import type { TwilioFake } from '../../src/sandbox/twilio/index.js';
import { gatherTwilioPart, TwilioClient } from '../../src/twilio/index.js';
import { OUT_OF_TIME_CODE, withCallBudget } from '../../src/vendors/call-budget.js';
import { VendorError } from '../../src/vendors/vendor-error.js';
import { closedAfterEach } from '../support/use-started.js';
import {
  ACL_SID,
  CL_SID,
  clientFor,
  crowded,
  DEFAULT,
  MAIN_NUMBER_SID,
  SPARE_NUMBER_SID,
  scenario,
  startFake,
  TRUNK_SID,
} from './helpers.js';

const closing = closedAfterEach((started: TwilioFake) => started.close());

async function rejection(p: Promise<unknown>): Promise<VendorError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VendorError);
  return err as VendorError;
}

describe('Twilio client against the fake account', () => {
  it('reads the trunk "PureCloudDev" with its termination URI and both kinds of auth', async () => {
    const fake = closing(await startFake());
    const { client } = clientFor(fake);
    const trunks = await client.listTrunks();
    expect(trunks).toHaveLength(1);
    expect(trunks[0]).toMatchObject({
      sid: TRUNK_SID,
      friendlyName: 'PureCloudDev',
      domainName: 'purecloudABC.pstn.twilio.com',
      secure: false,
      authType: 'IP_ACL,CREDENTIAL_LIST',
      recording: { mode: 'do-not-record', trim: 'do-not-trim' },
    });
    expect(await client.listOriginationUrls(TRUNK_SID)).toEqual([
      expect.objectContaining({ sipUrl: 'sip:twilioABC.byoc.mypurecloud.ie', priority: 10, weight: 10, enabled: true }),
    ]);
    expect(await client.listTrunkIpAccessControlLists(TRUNK_SID)).toEqual([
      { sid: ACL_SID, friendlyName: 'PureCloudDevACL' },
    ]);
    expect(await client.listTrunkCredentialLists(TRUNK_SID)).toEqual([
      { sid: CL_SID, friendlyName: 'PureCloudDevCred' },
    ]);
  });

  it('gathering the default scenario through the SDK gives exactly the snapshot the scenario describes', async () => {
    const fake = closing(await startFake());
    const { client } = clientFor(fake);
    const part = await gatherTwilioPart(client);
    const expected = snapshotFromScenario(DEFAULT).twilio;
    expect({ available: true, ...part }).toEqual(expected);
    // Every call is counted: 4 account reads, 4 per trunk, 1 per ACL and 1 per credential list.
    expect(client.callCount).toBe(4 + 4 + 1 + 1);
    expect(client.callCount).toBe(fake.requests.length);
  });

  it('follows v1 paging across pages through absolute next_page_urls on the fake', async () => {
    const s = scenario(crowded);
    const fake = closing(await startFake(s));
    const { client } = clientFor(fake, s, { pageSize: 2 });
    const trunks = await client.listTrunks();
    expect(trunks.map((t) => t.friendlyName)).toEqual(['PureCloudDev', 'Extra 1', 'Extra 2', 'Extra 3', 'Extra 4']);
    const pages = fake.requests.filter((r) => r.path === '/v1/Trunks');
    expect(pages).toHaveLength(3);
  });

  it('follows 2010 paging across pages through relative next_page_uris', async () => {
    const s = scenario(crowded);
    const fake = closing(await startFake(s));
    const { client } = clientFor(fake, s, { pageSize: 2 });
    const ips = await client.listIpAddresses(ACL_SID);
    expect(ips.map((ip) => ip.ipAddress)).toEqual([
      '52.212.65.21',
      '52.212.66.56',
      '52.212.61.62',
      '52.212.70.1',
      '52.212.70.2',
    ]);
    expect(ips.every((ip) => ip.cidrPrefixLength === 32)).toBe(true);
    expect(fake.requests.filter((r) => r.path.endsWith('/IpAddresses.json'))).toHaveLength(3);
  });

  it('a 429 with Retry-After 1 is waited out and the read succeeds', async () => {
    const fake = closing(await startFake());
    const { client, waits } = clientFor(fake);
    fake.setFaults({ twilio429Burst: 1, retryAfterSeconds: 1 });
    const trunks = await client.listTrunks();
    expect(trunks[0]?.friendlyName).toBe('PureCloudDev');
    expect(waits).toEqual([1000]);
    expect(client.callCount).toBe(2);
  });

  it('a 429 burst longer than the retries ends as a retryable VendorError with code 20429', async () => {
    const fake = closing(await startFake());
    const { client, waits } = clientFor(fake, DEFAULT, { maxRetries: 2 });
    fake.setFaults({ twilio429Burst: 5, retryAfterSeconds: 0 });
    const err = await rejection(client.listTrunks());
    expect(err).toMatchObject({ vendor: 'twilio', status: 429, code: '20429' });
    expect(err.retryable).toBe(true);
    expect(waits).toHaveLength(2);
    expect(client.callCount).toBe(3);
  });

  it('a 429 asking for a longer wait than the client allows is handed back with its Retry-After', async () => {
    const fake = closing(await startFake());
    const { client, waits } = clientFor(fake, DEFAULT, { maxDelayMs: 2000 });
    fake.setFaults({ twilio429Burst: 1, retryAfterSeconds: 30 });
    const err = await rejection(client.listTrunks());
    expect(err).toMatchObject({ status: 429, code: '20429', retryAfterSeconds: 30 });
    expect(waits).toEqual([]);
  });

  it('a 5xx is retried for a read but a write is sent once', async () => {
    const fake = closing(await startFake());
    const { client } = clientFor(fake, DEFAULT, { maxRetries: 2 });
    fake.setFaults({ twilio5xxRate: 1 });
    const read = await rejection(client.listIpAccessControlLists());
    expect(read).toMatchObject({ status: 500, code: '20500' });
    expect(client.callCount).toBe(3);
    const write = await rejection(client.createIpAddress(ACL_SID, { friendlyName: 'x', ipAddress: '10.0.0.1' }));
    expect(write.status).toBe(500);
    expect(client.callCount).toBe(4);
  });

  it('a missing trunk is a 404 VendorError with code 20404 that is not retried', async () => {
    const fake = closing(await startFake());
    const { client, waits } = clientFor(fake);
    const err = await rejection(client.fetchTrunk(`TK${'0'.repeat(32)}`));
    expect(err).toMatchObject({ vendor: 'twilio', status: 404, code: '20404' });
    expect(err.retryable).toBe(false);
    expect(err.correlationId).toMatch(/^RQ[0-9a-f]{32}$/);
    expect(waits).toEqual([]);
    expect(client.callCount).toBe(1);
  });

  it('a wrong auth token is refused with 20003 and the token appears nowhere in the error', async () => {
    const fake = closing(await startFake());
    const token = 'wrong-token-that-must-not-leak-42';
    const { client } = clientFor(fake, DEFAULT, { authToken: token });
    const err = await rejection(client.listTrunks());
    expect(err).toMatchObject({ status: 401, code: '20003' });
    expect(err.retryable).toBe(false);
    expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(token);
    expect(err.cause).toBeUndefined();
  });

  it("inside a job, a Twilio that never answers is given up at the job's deadline, not after the 15 s timeout", async () => {
    const fake = closing(await startFake());
    const { client } = clientFor(fake);
    fake.setFaults({ twilioDown: true });
    const started = Date.now();
    const err = await rejection(
      withCallBudget({ signal: AbortSignal.timeout(300), deadline: started + 300 }, () => client.listTrunks()),
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(err).toMatchObject({ vendor: 'twilio', status: 0, code: OUT_OF_TIME_CODE });
    expect(err.retryable).toBe(true);
  });

  it("inside a job, a Retry-After that ends after the job's deadline is handed back instead of waited", async () => {
    const fake = closing(await startFake());
    const { client, waits } = clientFor(fake);
    fake.setFaults({ twilio429Burst: 1, retryAfterSeconds: 3 });
    const signal = new AbortController().signal;
    const err = await rejection(withCallBudget({ signal, deadline: Date.now() + 2_000 }, () => client.listTrunks()));
    expect(err).toMatchObject({ status: 429, code: '20429', retryAfterSeconds: 3 });
    expect(waits).toEqual([]);
  });

  it('a vendor that never answers ends in an unreachable VendorError after the timeout', async () => {
    const fake = closing(await startFake());
    const { client } = clientFor(fake, DEFAULT, { timeoutMs: 300, maxRetries: 1 });
    fake.setFaults({ twilioDown: true });
    const err = await rejection(client.listTrunks());
    expect(err.status).toBe(0);
    expect(err.unreachable).toBe(true);
    expect(err.retryable).toBe(true);
    expect(client.callCount).toBe(2);
  });

  it('attaching the spare number to the trunk sets its trunk_sid, and removing it keeps it on the account', async () => {
    const fake = closing(await startFake());
    const { client } = clientFor(fake);
    expect((await client.findIncomingPhoneNumber('+33123456790'))?.trunkSid).toBeNull();

    const added = await client.addTrunkPhoneNumber(TRUNK_SID, SPARE_NUMBER_SID);
    expect(added).toEqual({
      sid: SPARE_NUMBER_SID,
      phoneNumber: '+33123456790',
      friendlyName: 'Paris spare',
      trunkSid: TRUNK_SID,
    });
    expect((await client.listTrunkPhoneNumbers(TRUNK_SID)).map((n) => n.sid)).toEqual([
      MAIN_NUMBER_SID,
      SPARE_NUMBER_SID,
    ]);
    expect((await client.findIncomingPhoneNumber('+33123456790'))?.trunkSid).toBe(TRUNK_SID);

    await client.removeTrunkPhoneNumber(TRUNK_SID, SPARE_NUMBER_SID);
    const after = await client.findIncomingPhoneNumber('+33123456790');
    expect(after).toMatchObject({ sid: SPARE_NUMBER_SID, trunkSid: null });
  });

  it('attaching an IP ACL the trunk already has is refused with 21245', async () => {
    const fake = closing(await startFake());
    const { client } = clientFor(fake);
    const err = await rejection(client.addTrunkIpAccessControlList(TRUNK_SID, ACL_SID));
    expect(err).toMatchObject({ status: 400, code: '21245' });
    expect(await client.listTrunkIpAccessControlLists(TRUNK_SID)).toHaveLength(1);
  });

  it('a credential is created with a strong password that is never echoed back', async () => {
    const fake = closing(await startFake());
    const { client } = clientFor(fake);
    const password = 'NewTrunkPassword2026';
    const created = await client.createCredential(CL_SID, 'backupuser', password);
    expect(created).toEqual({ sid: expect.stringMatching(/^CR[0-9a-f]{32}$/), username: 'backupuser' });
    expect((await client.listCredentials(CL_SID)).map((c) => c.username)).toEqual(['pctrunkuser', 'backupuser']);
    expect(JSON.stringify(fake.state.credentialLists)).not.toContain(password);
  });

  it('a credential with a weak password is refused and nothing is added', async () => {
    const fake = closing(await startFake());
    const { client } = clientFor(fake);
    for (const weak of ['short1A', 'alllowercase123', 'ALLUPPERCASE123', 'NoDigitsInThisOne']) {
      const err = await rejection(client.createCredential(CL_SID, 'weakuser', weak));
      expect(err).toMatchObject({ status: 400, code: '20001' });
      expect(err.message).not.toContain(weak);
    }
    expect((await client.listCredentials(CL_SID)).map((c) => c.username)).toEqual(['pctrunkuser']);
  });

  it('lists calls of the trunk, newest first, filtered by Twilio on time and status and by the client on trunk', async () => {
    const s = scenario((x) => {
      x.twilio.calls.push({
        sid: 'CA0123456789abcdef0123456789abc003',
        from: '+33123456789',
        to: '+33612345678',
        status: 'completed',
        direction: 'outbound-api',
        startMinutesAgo: 5,
        duration: 30,
      });
    });
    const fake = closing(await startFake(s));
    const { client } = clientFor(fake, s);
    const hourAgo = new Date(Date.now() - 3_600_000);
    const onTrunk = await client.listCalls({ startedAfter: hourAgo, trunkSid: TRUNK_SID });
    expect(onTrunk.map((c) => c.sid)).toEqual([
      'CA0123456789abcdef0123456789abc002',
      'CA0123456789abcdef0123456789abc001',
    ]);
    expect(onTrunk[1]).toMatchObject({ status: 'completed', direction: 'trunking-terminating', durationSeconds: 95 });
    expect(onTrunk[1]?.startTime).toBeInstanceOf(Date);

    const failed = await client.listCalls({ status: 'failed' });
    expect(failed.map((c) => c.sid)).toEqual(['CA0123456789abcdef0123456789abc002']);
    const recent = await client.listCalls({ startedAfter: new Date(Date.now() - 20 * 60_000) });
    expect(recent.map((c) => c.sid)).toEqual([
      'CA0123456789abcdef0123456789abc003',
      'CA0123456789abcdef0123456789abc002',
    ]);
    expect(fake.requests.some((r) => r.path.endsWith('/Calls.json'))).toBe(true);
  });

  it('reads the 32011 warning alert and the partial Insights summary of the failed call', async () => {
    const fake = closing(await startFake());
    const { client } = clientFor(fake);
    const warnings = await client.listAlerts({ logLevel: 'warning' });
    expect(warnings).toEqual([
      expect.objectContaining({
        errorCode: '32011',
        resourceSid: 'CA0123456789abcdef0123456789abc002',
        dateGenerated: expect.any(Date),
      }),
    ]);
    expect(await client.listAlerts({ logLevel: 'error' })).toEqual([]);

    const summary = await client.fetchCallSummary('CA0123456789abcdef0123456789abc002');
    expect(summary).toMatchObject({
      callType: 'trunking',
      callState: 'fail',
      processingState: 'partial',
      direction: 'trunking_originating',
      lastSipResponseNum: 503,
    });
    expect(summary.sipEdge?.trunk_sid).toBe(TRUNK_SID);
    // Only 12 minutes after the call: the complete summary does not exist yet.
    const err = await rejection(client.fetchCallSummary('CA0123456789abcdef0123456789abc002', 'complete'));
    expect(err.status).toBe(404);
  });

  it('reports every HTTP attempt to the onCall hook', async () => {
    const fake = closing(await startFake());
    const seen: string[] = [];
    const { client } = clientFor(fake, DEFAULT, { onCall: (v) => seen.push(v) });
    fake.setFaults({ twilio429Burst: 1, retryAfterSeconds: 0 });
    await client.listCredentialLists();
    expect(seen).toEqual(['twilio', 'twilio']);
  });

  it('refuses a configuration without a token or API key pair, naming the variables', () => {
    const err = (() => {
      try {
        new TwilioClient({ accountSid: DEFAULT.twilio.accountSid });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toMatchObject({ code: ERROR_CODES.twilioConfig, retryable: false });
    expect(() => new TwilioClient({ accountSid: DEFAULT.twilio.accountSid })).toThrow(/TWILIO_AUTH_TOKEN/);
    expect(() => new TwilioClient({ accountSid: 'SK123', authToken: 'x' })).toThrow(/TWILIO_ACCOUNT_SID/);
  });
});
