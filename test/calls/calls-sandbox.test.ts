/**
 * `/byoc calls` against the sandbox through the real SDKs: the fake Twilio's Calls, Voice Insights summaries and
 * Monitor alerts, and the fake Genesys' analytics conversation details, gathered, merged and grouped the way the
 * job does it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallReport, troubleshootCalls } from '../../src/byoc/calls/call-report.js';
import { doctorContext, runDoctor } from '../../src/byoc/doctor/index.js';
import { gatherCalls } from '../../src/calls/gather-calls.js';
import { loadConfig } from '../../src/config.js';
import type { GenesysClient } from '../../src/genesys/client.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { loadScenario } from '../../src/sandbox/scenario.js';
import { gatherSnapshot, type SnapshotVendors } from '../../src/snapshot/gather-snapshot.js';
import { createVendorClients } from '../../src/vendors/vendor-clients.js';
import { clientCredentialsToken } from '../support/genesys-token.js';

/** The bot's own vendor clients, pointed at the sandbox the way the CLI points them. */
function vendorsOf(env: Record<string, string>): SnapshotVendors {
  return createVendorClients(loadConfig(env, { requireSlack: false }));
}

async function reportOn(sandbox: Sandbox, minutes = 60): Promise<CallReport> {
  const vendors = vendorsOf(sandbox.env);
  const snapshot = await gatherSnapshot(vendors, 'test');
  const until = new Date();
  const evidence = await gatherCalls(vendors, snapshot, { since: new Date(until.getTime() - minutes * 60_000), until });
  return troubleshootCalls(evidence, { failedOnly: false }, runDoctor(snapshot, doctorContext()));
}

const summary = (r: CallReport) =>
  Object.fromEntries(
    r.groups.map((g) => [g.cause?.key ?? `unknown ${g.codes.join(',') || '(no code)'}`, g.calls + g.alertsWithoutCall]),
  );

describe('a bad hour: every failure class the bot explains', () => {
  let sandbox: Sandbox;
  let report: CallReport;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: 'calls/every-failure' });
    report = await reportOn(sandbox);
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('each call once, from both vendors, with the right outcome counts', () => {
    expect(report.counts).toEqual({ calls: 19, failed: 15, ok: 2, notAnswered: 2, inProgress: 0 });
    expect(report.twilioTrunk?.name).toBe('PureCloudDev');
    expect(report.genesysTrunks).toEqual(['Twilio']);
    // Calls Twilio accepted and Genesys recorded are tied by the SIP Call-ID.
    const both = report.calls.filter((c) => c.seenBy.length === 2).map((c) => c.twilioCallSid);
    expect(both.sort()).toEqual([
      'CA0123456789abcdef0123456789abc001',
      'CAf0000000000000000000000000000404',
      'CAf0000000000000000000000000000488',
    ]);
  });

  it('groups the failures by cause, most frequent first, with the right counts', () => {
    expect(summary(report)).toEqual({
      'twilio-acl': 3,
      origination: 3,
      'number-format': 2,
      credentials: 1,
      'caller-id': 1,
      'cps-limit': 1,
      codecs: 1,
      'trunk-down': 1,
      'unknown SIP 599': 1,
      'unknown (no code)': 1,
    });
    const counts = report.groups.map((g) => g.calls + g.alertsWithoutCall);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('each cause points to its checklist rule', () => {
    const rules = Object.fromEntries(
      report.groups.filter((g) => g.cause).map((g) => [g.cause!.key, g.cause!.rules[0]]),
    );
    expect(rules).toMatchObject({
      'twilio-acl': 'TW-ACL',
      credentials: 'TW-CREDENTIALS',
      origination: 'TW-ORIGINATION',
      'caller-id': 'GC-TRUNK-CALLING-ADDRESS',
      'number-format': 'GC-TRUNK-OMIT-PLUS',
      codecs: 'GC-TRUNK-CODEC',
      'trunk-down': 'GC-TRUNK-CONNECTED',
    });
    // The configuration is the default's: the doctor finds nothing to blame right now.
    expect(report.groups.flatMap((g) => g.doctor)).toEqual([]);
  });

  it('says that the newest call has no SIP response from Twilio yet', () => {
    expect(report.notes.join(' ')).toContain('appears about 10 minutes after the call ends');
  });

  it('a window of 25 minutes leaves out what is older', async () => {
    const narrow = await reportOn(sandbox, 25);
    expect(narrow.counts.calls).toBeLessThan(report.counts.calls);
    expect(summary(narrow)['twilio-acl']).toBeUndefined();
  });
});

describe('a broken scenario: its failing calls point to its broken rule', () => {
  let sandbox: Sandbox;
  afterAll(async () => {
    await sandbox?.close();
  });

  it('the Twilio ACL lacks the region: calls fail with 32201 and the doctor finds TW-ACL failing now', async () => {
    sandbox = await startSandbox({ scenario: 'broken/twilio-acl-missing-region' });
    const report = await reportOn(sandbox);
    const top = report.groups[0]!;
    expect(top.cause?.key).toBe('twilio-acl');
    expect(top.calls).toBe(2);
    expect(top.doctor[0]).toMatchObject({ rule: 'TW-ACL', status: 'fail' });
    expect(top.doctor[0]!.remediationValue).toMatch(/^TW-ACL\|0$/);
  });
});

describe('the fake Genesys analytics conversation details query', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    const scenario = loadScenario('default');
    // 230 conversations on the trunk: three pages of 100 for the client to follow.
    scenario.genesys.conversations = Array.from({ length: 230 }, (_, i) => ({
      id: `0c0f0000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      startMinutesAgo: 1 + i * 0.1,
      durationSeconds: 30,
      direction: 'outbound' as const,
      ani: '+33123456789',
      dnis: '+447700900000',
      trunkBase: 'Twilio',
      sipResponseCodes: [200],
      disconnectType: 'peer',
    }));
    sandbox = await startSandbox({ scenario });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  const post = (body: unknown) =>
    fetch(`${sandbox.genesys.url}/api/v2/analytics/conversations/details/query`, {
      method: 'POST',
      headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('the client follows every page through the SDK', async () => {
    const client = (vendorsOf(sandbox.env).genesys as { client: GenesysClient }).client;
    const edges = sandbox.scenario.genesys.edges.map((e) => e.id);
    const until = new Date();
    const before = sandbox.genesys.requests.length;
    const { conversations, totalHits } = await client.conversationDetails({
      since: new Date(until.getTime() - 3_600_000),
      until,
      edgeIds: edges,
    });
    expect(totalHits).toBe(230);
    expect(new Set(conversations.map((c) => c.conversationId)).size).toBe(230);
    // Three pages and a login.
    expect(sandbox.genesys.requests.length - before).toBe(4);
  });

  it('refuses what Genesys refuses: no interval, a page over 100, an unknown dimension', async () => {
    const { GENESYS_CLIENT_ID: clientId = '', GENESYS_CLIENT_SECRET: clientSecret = '' } = sandbox.env;
    const token = { access_token: await clientCredentialsToken(sandbox.genesys.url, { clientId, clientSecret }) };
    const authed = (body: unknown) =>
      fetch(`${sandbox.genesys.url}/api/v2/analytics/conversations/details/query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const interval = `${new Date(Date.now() - 3_600_000).toISOString()}/${new Date().toISOString()}`;
    expect((await authed({})).status).toBe(400);
    expect((await authed({ interval, paging: { pageSize: 101, pageNumber: 1 } })).status).toBe(400);
    expect(
      (
        await authed({
          interval,
          segmentFilters: [{ type: 'or', predicates: [{ dimension: 'nonsense', value: 'x' }] }],
        })
      ).status,
    ).toBe(400);
    const empty = await authed({ interval: '2020-01-01T00:00:00Z/2020-01-02T00:00:00Z' });
    expect(await empty.json()).toMatchObject({ totalHits: 0 });
    // Without a token it is refused like every other endpoint.
    expect((await post({ interval })).status).toBe(401);
  });
});
