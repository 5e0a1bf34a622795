/**
 * The fakes keep the vendors' change records: a write made through either API shows up, with who made it and
 * what changed, in Genesys' audit queries and in Twilio's Monitor Events, read back through the bot's clients.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GenesysClient } from '../../src/genesys/index.js';
import { type GenesysFake, startGenesysFake } from '../../src/sandbox/genesys/index.js';
import { loadScenario } from '../../src/sandbox/scenario.js';
import { startTwilioFake, type TwilioFake } from '../../src/sandbox/twilio/index.js';
import { TwilioClient } from '../../src/twilio/index.js';
import { VendorError } from '../../src/vendors/vendor-error.js';
import { clientCredentialsToken } from '../support/genesys-token.js';

const S = loadScenario('default');
const TRUNK_BASE_ID = '9d4b7c1e-3a2f-4e8d-b6c5-twilio000001';
const ACL_SID = 'AL0123456789abcdef0123456789abc001';
const CL_SID = 'CL0123456789abcdef0123456789abc001';
const DAY = 86_400_000;

let genesys: GenesysFake | undefined;
let twilio: TwilioFake | undefined;
afterEach(async () => {
  await genesys?.close();
  await twilio?.close();
  genesys = undefined;
  twilio = undefined;
});

const noWait = { now: () => Date.now(), sleep: async () => {} };

async function genesysClient(now?: () => number) {
  genesys = await startGenesysFake(S, now ? { now } : {});
  const client = new GenesysClient({
    clientId: S.genesys.credentials.clientId,
    clientSecret: S.genesys.credentials.clientSecret,
    apiUrl: genesys.url,
    clock: noWait,
  });
  return { fake: genesys, client };
}

const lastHour = (now = Date.now()) =>
  `${new Date(now - 3_600_000).toISOString()}/${new Date(now + 60_000).toISOString()}`;

async function disableTrunk(client: GenesysClient) {
  const tb = await client.trunkBase(TRUNK_BASE_ID);
  await client.putTrunkBase(TRUNK_BASE_ID, {
    ...tb,
    properties: { ...tb.properties, trunk_enabled: { value: { instance: false } } },
  });
}

describe('Genesys audits in the fake org', () => {
  it('a trunk disabled through the API is audited once, as the OAuth client, with trunk_enabled true -> false', async () => {
    const { client } = await genesysClient();
    await disableTrunk(client);
    const audits = await client.auditsRealtime({ interval: lastHour(), serviceName: 'Telephony' });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      client: { id: S.genesys.credentials.clientId },
      serviceName: 'Telephony',
      action: 'Update',
      entityType: 'TrunkBase',
      entity: { id: TRUNK_BASE_ID, name: 'Twilio' },
      status: 'SUCCESS',
      propertyChanges: [{ property: 'trunk_enabled', oldValues: ['true'], newValues: ['false'] }],
    });
    expect(audits[0]!.user).toBeUndefined();
  });

  it('reads and refused writes leave no audit; a person working in the admin UI is named', async () => {
    const { fake, client } = await genesysClient();
    await client.trunkBases();
    const tb = await client.trunkBase(TRUNK_BASE_ID);
    await expect(client.putTrunkBase(TRUNK_BASE_ID, { ...tb, version: 999 })).rejects.toBeInstanceOf(VendorError);
    expect(fake.state.audits).toEqual([]);
    fake.state.actingUser = { id: 'alice-id', name: 'Alice Martin' };
    await disableTrunk(client);
    const [audit] = await client.auditsRealtime({
      interval: lastHour(),
      serviceName: 'Telephony',
      filters: [{ property: 'EntityId', value: TRUNK_BASE_ID }],
    });
    expect(audit).toMatchObject({ user: { id: 'alice-id', name: 'Alice Martin' }, application: 'Genesys Cloud' });
  });

  it('filters by entity type and pages newest first', async () => {
    const { client } = await genesysClient();
    for (let i = 0; i < 3; i++) {
      const tb = await client.trunkBase(TRUNK_BASE_ID);
      await client.putTrunkBase(TRUNK_BASE_ID, { ...tb, description: `edit ${i}` });
    }
    const ivrAudits = await client.auditsRealtime({
      interval: lastHour(),
      serviceName: 'Telephony',
      filters: [{ property: 'EntityType', value: 'DIDPool' }],
    });
    expect(ivrAudits).toEqual([]);
    const audits = await client.auditsRealtime({ interval: lastHour(), serviceName: 'Telephony' });
    expect(audits.map((a) => a.propertyChanges?.[0]?.newValues?.[0])).toEqual(['edit 2', 'edit 1', 'edit 0']);
  });

  it('the realtime query refuses an interval older than 14 days; the asynchronous query answers it', async () => {
    let now = Date.now() - 20 * DAY;
    const { client } = await genesysClient(() => now);
    await disableTrunk(client);
    now = Date.now();
    const interval = `${new Date(now - 30 * DAY).toISOString()}/${new Date(now).toISOString()}`;
    const refused = await client.auditsRealtime({ interval, serviceName: 'Telephony' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(VendorError);
    expect((refused as VendorError).status).toBe(400);
    expect((refused as VendorError).message).toMatch(/14 days/);
    const audits = await client.auditsAsync({ interval, serviceName: 'Telephony' }, { pollMs: 1 });
    expect(audits.map((a) => a.entity?.name)).toEqual(['Twilio']);
  });

  it('asynchronous results come in cursor pages', async () => {
    const { fake, client } = await genesysClient();
    for (let i = 0; i < 3; i++) {
      const tb = await client.trunkBase(TRUNK_BASE_ID);
      await client.putTrunkBase(TRUNK_BASE_ID, { ...tb, description: `edit ${i}` });
    }
    const interval = lastHour();
    const started = await fetch(`${fake.url}/api/v2/audits/query`, {
      method: 'POST',
      headers: { authorization: await bearer(fake), 'content-type': 'application/json' },
      body: JSON.stringify({ interval, serviceName: 'Telephony' }),
    }).then((r) => r.json() as Promise<{ id: string; state: string }>);
    expect(started.state).toBe('Queued');
    const get = (path: string) =>
      bearer(fake).then((authorization) => fetch(`${fake.url}${path}`, { headers: { authorization } }));
    expect(((await (await get(`/api/v2/audits/query/${started.id}`)).json()) as { state: string }).state).toBe(
      'Running',
    );
    expect(((await (await get(`/api/v2/audits/query/${started.id}`)).json()) as { state: string }).state).toBe(
      'Succeeded',
    );
    const first = (await (await get(`/api/v2/audits/query/${started.id}/results?pageSize=2`)).json()) as {
      entities: unknown[];
      cursor?: string;
    };
    expect(first.entities).toHaveLength(2);
    const second = (await (
      await get(`/api/v2/audits/query/${started.id}/results?pageSize=2&cursor=${first.cursor}`)
    ).json()) as { entities: unknown[]; cursor?: string };
    expect(second.entities).toHaveLength(1);
    expect(second.cursor).toBeUndefined();
  });
});

async function bearer(fake: GenesysFake): Promise<string> {
  return `Bearer ${await clientCredentialsToken(fake.url, S.genesys.credentials)}`;
}

describe('Twilio Monitor Events in the fake account', () => {
  async function twilioClient() {
    twilio = await startTwilioFake(S);
    const client = new TwilioClient({
      accountSid: S.twilio.accountSid,
      authToken: S.twilio.authToken,
      apiUrl: twilio.url,
    });
    const sdk = (await import('twilio')).default(S.twilio.accountSid, S.twilio.authToken);
    for (const domain of [sdk.api, sdk.trunking]) (domain as unknown as { baseUrl: string }).baseUrl = twilio.url;
    return { fake: twilio, client, sdk };
  }

  it('an ACL address removed through the API is one event, by the account, with the address it had', async () => {
    const { fake, client, sdk } = await twilioClient();
    const ip = fake.state.ipAccessControlLists[0]!.ipAddresses.find((a) => a.ipAddress === '52.212.66.56')!;
    await sdk.sip.ipAccessControlLists(ACL_SID).ipAddresses(ip.sid).remove();
    const events = await client.listEvents({ startDate: new Date(Date.now() - 3_600_000) });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventType: 'sip-ip-address.deleted',
      resourceSid: ip.sid,
      actorSid: S.twilio.accountSid,
      actorType: 'account',
      source: 'api',
      changes: { ip_address: { previous: '52.212.66.56', updated: null } },
    });
    expect(events[0]!.resourceUrl).toContain(ACL_SID);
  });

  it('a credential created through the API is recorded without its password; reads leave nothing', async () => {
    const { client, sdk } = await twilioClient();
    await sdk.sip.credentialLists(CL_SID).credentials.list();
    await sdk.sip.credentialLists(CL_SID).credentials.create({ username: 'second', password: 'SecondPassword2026' });
    const events = await client.listEvents({ startDate: new Date(Date.now() - 3_600_000) });
    expect(events.map((e) => e.eventType)).toEqual(['sip-credential.created']);
    expect(JSON.stringify(events)).not.toContain('SecondPassword2026');
  });

  it('a write made with an API key names the key as its actor', async () => {
    const key = { sid: 'SK0123456789abcdef0123456789abc001', secret: 'key-secret-0001', friendlyName: 'ci' };
    twilio = await startTwilioFake({ ...S, twilio: { ...S.twilio, apiKeys: [key] } });
    const withKey = new TwilioClient({
      accountSid: S.twilio.accountSid,
      apiKey: key.sid,
      apiSecret: key.secret,
      apiUrl: twilio.url,
    });
    const trunkSid = twilio.state.trunks[0]!.sid;
    await withKey.addTrunkPhoneNumber(trunkSid, 'PN0123456789abcdef0123456789abc002');
    const [event] = await withKey.listEvents({ startDate: new Date(Date.now() - 3_600_000) });
    expect(event).toMatchObject({ actorType: 'api-key', actorSid: key.sid, source: 'api' });
    expect(JSON.stringify(event)).not.toContain(key.secret);
  });

  it('a console user is the actor while the test acts as one, and ResourceSid narrows the list', async () => {
    const { fake, client, sdk } = await twilioClient();
    fake.state.consoleUser = { sid: 'US0123456789abcdef0123456789abc001' };
    const trunkSid = fake.state.trunks[0]!.sid;
    await sdk.trunking.v1.trunks(trunkSid).update({ friendlyName: 'Renamed' });
    fake.state.consoleUser = undefined;
    await sdk.trunking.v1.trunks(trunkSid).update({ friendlyName: 'PureCloudDev' });
    const events = await client.listEvents({ startDate: new Date(Date.now() - 3_600_000), resourceSid: trunkSid });
    expect(events.map((e) => [e.actorType, e.source, e.changes.friendly_name?.updated])).toEqual([
      ['account', 'api', 'PureCloudDev'],
      ['user', 'web', 'Renamed'],
    ]);
  });
});
