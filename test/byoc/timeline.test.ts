/**
 * The timeline, pure: which vendor records belong to the setup, who made them, how the bot's own writes are told
 * apart from someone else's with the same credentials, and that secrets never come out.
 */
import { describe, expect, it } from 'vitest';
import { buildTimeline, parseSince, type TimelineInput } from '../../src/byoc/timeline/index.js';
import { snapshot } from './scenario-edits.js';

const T0 = Date.parse('2026-05-01T10:00:00Z');
const TRUNK_BASE_ID = '9d4b7c1e-3a2f-4e8d-b6c5-twilio000001';
const ACL_SID = 'AL0123456789abcdef0123456789abc001';
const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const BOT_CLIENT = 'bot-client';
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function input(extra: Partial<TimelineInput>): TimelineInput {
  return {
    snapshot: snapshot(),
    genesysAudits: [],
    twilioEvents: [],
    botEntries: [],
    self: { genesysClientId: BOT_CLIENT, twilioActorSids: [ACCOUNT] },
    since: T0 - 3_600_000,
    until: T0 + 3_600_000,
    ...extra,
  };
}

const trunkAudit = (id: string, minutes: number, client: string, extra: object = {}) => ({
  id,
  eventDate: at(minutes),
  serviceName: 'Telephony',
  action: 'Update',
  entityType: 'TrunkBase',
  entity: { id: TRUNK_BASE_ID, name: 'Twilio' },
  client: { id: client },
  application: 'Platform API',
  propertyChanges: [{ property: 'trunk_enabled', oldValues: ['true'], newValues: ['false'] }],
  ...extra,
});

/** A Twilio Monitor Event: a user changed `type` in the console two minutes ago. */
function consoleEvent(
  type: string,
  sid: string,
  url: string,
  changes: Record<string, { previous: string; updated: string }>,
) {
  return {
    sid: `AE-${type}`,
    eventType: `${type}.updated`,
    resourceType: type,
    resourceSid: sid,
    resourceUrl: url,
    actorSid: 'US0123456789abcdef0123456789abc001',
    actorType: 'user',
    source: 'web',
    sourceIpAddress: '198.51.100.7',
    eventDate: new Date(at(-2)),
    changes,
  };
}
describe('the change timeline', () => {
  it('keeps changes to the setup, newest first, and drops objects the setup does not use', () => {
    const t = buildTimeline(
      input({
        genesysAudits: [
          trunkAudit('a1', -30, 'terraform'),
          { ...trunkAudit('a2', -10, 'terraform'), entityType: 'Queue', entity: { id: 'q1', name: 'Sales' } },
          {
            ...trunkAudit('a3', -5, 'x'),
            user: { id: 'u1', name: 'Alice Martin' },
            application: 'Genesys Cloud',
            entityType: 'User',
            entity: { id: 'someone', name: 'Bob' },
            propertyChanges: [{ property: 'title', oldValues: ['a'], newValues: ['b'] }],
          },
        ],
      }),
    );
    expect(t.entries.map((e) => e.id)).toEqual(['genesys:a1']);
    // A trunk base the setup does not use: its edits are not the setup's; its deletion may be (it could have been).
    const other = (id: string, action: string) => ({
      ...trunkAudit(id, -3, 'terraform'),
      action,
      entity: { id: 'phone-trunk-base', name: 'Phones' },
    });
    const others = buildTimeline(input({ genesysAudits: [other('o1', 'Update'), other('o2', 'Delete')] }));
    expect(others.entries.map((e) => e.id)).toEqual(['genesys:o2']);
    expect(t.entries[0]).toMatchObject({
      who: { kind: 'oauth-client', name: 'OAuth client terraform' },
      where: 'api',
      trunks: expect.arrayContaining(['Twilio', 'PureCloudDev']),
      changes: [{ property: 'trunk_enabled', before: 'true', after: 'false' }],
    });
  });

  it('names a person working in the console, and never carries a secret value', () => {
    const t = buildTimeline(
      input({
        genesysAudits: [
          trunkAudit('a1', -1, 'browser', {
            user: { id: 'u1', name: 'Alice Martin' },
            application: 'Genesys Cloud',
            propertyChanges: [
              {
                property: 'trunk_sip_authentication_credentials_password',
                oldValues: ['old-pw'],
                newValues: ['new-pw'],
              },
            ],
          }),
        ],
        twilioEvents: [
          consoleEvent(
            'sip-credential',
            'CR0123456789abcdef0123456789abc001',
            `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/SIP/CredentialLists/CL0123456789abcdef0123456789abc001/Credentials/CR0123456789abcdef0123456789abc001.json`,
            { password: { previous: 'p1', updated: 'p2' } },
          ),
        ],
      }),
    );
    expect(t.entries.map((e) => [e.who.name, e.where])).toEqual([
      ['Alice Martin', 'console'],
      ['Twilio user US0123456789abcdef0123456789abc001', 'console'],
    ]);
    const text = JSON.stringify(t);
    for (const secret of ['old-pw', 'new-pw', 'p1', 'p2']) expect(text).not.toContain(`"${secret}"`);
    expect(t.entries.every((e) => e.changes.every((c) => c.secret))).toBe(true);
  });

  it('folds the records of the bot’s own writes into its change, and keeps another write made with the same credentials', () => {
    const t = buildTimeline(
      input({
        genesysAudits: [trunkAudit('a1', -1, BOT_CLIENT), trunkAudit('a0', -30, BOT_CLIENT)],
        twilioEvents: [
          {
            sid: 'AE2',
            eventType: 'sip-ip-address.deleted',
            resourceType: 'sip-ip-address',
            resourceSid: 'IP0123456789abcdef0123456789abc009',
            resourceUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/SIP/IpAccessControlLists/${ACL_SID}/IpAddresses/IP0123456789abcdef0123456789abc009.json`,
            actorSid: ACCOUNT,
            actorType: 'account',
            source: 'api',
            sourceIpAddress: null,
            eventDate: new Date(at(-2)),
            changes: { ip_address: { previous: '52.212.66.56', updated: null } },
          },
        ],
        botEntries: [
          {
            id: '1-0',
            at: at(-3),
            action: 'request',
            actor: 'U0OPS1',
            approvalId: 'ap-1',
            trunk: 'Twilio',
            summary: 'Disable',
            outcome: 'pending',
          },
          {
            id: '2-0',
            at: at(0),
            action: 'apply',
            actor: 'U0LEAD1',
            approvalId: 'ap-1',
            trunk: 'Twilio',
            summary: 'Take the trunk "Twilio" out of service',
            outcome: 'applied',
            details: { objects: [TRUNK_BASE_ID] },
          },
        ],
      }),
    );
    // The bot's PUT (a1) is inside its change; the ACL removal with the account's credentials and the older PUT
    // (outside the change's window) are someone else's.
    expect(t.entries.map((e) => e.id)).toEqual(['byoc-bot:ap-1', 'twilio:AE2', 'genesys:a0']);
    expect(t.entries[0]!.approval).toMatchObject({
      requestedBy: 'U0OPS1',
      approvedBy: 'U0LEAD1',
      vendorRecords: [{ vendor: 'genesys', object: 'Genesys trunk Twilio' }],
    });
    expect(t.entries[0]!.changes).toEqual([{ property: 'trunk_enabled', before: 'true', after: 'false' }]);
    // A removed address is placed by its ACL, which is on the Twilio trunk paired with "Twilio".
    expect(t.entries[1]!.trunks).toEqual(expect.arrayContaining(['PureCloudDev', 'Twilio']));
  });

  it('filters by trunk (either vendor’s name) and by number, digit by digit', () => {
    const numberAudit = {
      id: 'n1',
      eventDate: at(-1),
      serviceName: 'Directory',
      action: 'Update',
      entityType: 'User',
      entity: { id: 'u9', name: 'Carol' },
      user: { id: 'u1', name: 'Alice Martin' },
      propertyChanges: [{ property: 'addresses', oldValues: [], newValues: ['+33123456790'] }],
    };
    const all = input({ genesysAudits: [trunkAudit('a1', -2, 'tf'), numberAudit] });
    expect(buildTimeline({ ...all, filter: { trunk: 'purecloudDEV' } }).entries.map((e) => e.id)).toEqual([
      'genesys:a1',
    ]);
    expect(buildTimeline({ ...all, filter: { number: '+33 1 23 45 67 90' } }).entries.map((e) => e.id)).toEqual([
      'genesys:n1',
    ]);
  });

  it('keeps a change to every kind of object the setup is made of, named, on its trunk or number', () => {
    const MAIN = '+33123456789';
    const audit = (entityType: string, id: string, name: string, property = 'description') => ({
      id: entityType,
      eventDate: at(-1),
      serviceName: entityType === 'IVR' ? 'Architect' : entityType === 'User' ? 'Directory' : 'Telephony',
      action: 'Update',
      entityType,
      entity: { id, name },
      user: { id: 'u1', name: 'Alice Martin' },
      application: 'Genesys Cloud',
      propertyChanges: [
        property === 'addresses'
          ? { property, oldValues: [], newValues: ['+33123456790'] }
          : { property, oldValues: ['old'], newValues: ['new'] },
      ],
    });
    const event = (type: string, sid: string, url: string) =>
      consoleEvent(type, sid, url, { friendly_name: { previous: 'old', updated: 'new' } });
    const TRUNK = 'https://trunking.twilio.com/v1/Trunks/TK0123456789abcdef0123456789abc001';
    const all = input({
      genesysAudits: [
        audit('Trunk', 'be80a55f-e080-4455-8e00-e10a9f00e9b4', 'Twilio - virtual-edge-i-0a1b2c3d4e5f60001'),
        audit('Site', '5a8d2e41-9c3b-4f7a-b2d6-paris0000001', 'Paris Office'),
        audit('NumberPlan', 'd9339706-6e3d-4ad8-870e-5dde477161de', 'National'),
        audit('OutboundRoute', 'c0a5ad98-c635-4b9a-8690-a60286dab932', 'Twilio Route'),
        audit('Edge', 'e1a0c3f2-1111-4a5b-8c9d-edge00000001', 'virtual-edge-i-0a1b2c3d4e5f60001'),
        audit('EdgeGroup', '0b6a2c7e-5d1f-4e33-8c7a-aws000000001', 'PureCloud Voice - AWS'),
        audit('DIDPool', '1f0e2d3c-4b5a-4978-8695-didpool00001', 'Paris main number'),
        audit('DID', '7ad3cbfe-eb16-4698-81c5-8d6665ea1296', MAIN),
        audit('IVR', '6b7c8d9e-0f1a-4b2c-8d3e-ivr000000001', 'Paris Main IVR'),
        audit('User', 'carol-id', 'Carol', 'addresses'),
      ],
      twilioEvents: [
        event('trunk', 'TK0123456789abcdef0123456789abc001', TRUNK),
        event(
          'origination-url',
          'OU76fba94080679ad2f69c3392f7634412',
          `${TRUNK}/OriginationUrls/OU76fba94080679ad2f69c3392f7634412`,
        ),
        event(
          'trunk-credential-list',
          'CL0123456789abcdef0123456789abc001',
          `${TRUNK}/CredentialLists/CL0123456789abcdef0123456789abc001`,
        ),
        event('trunk-ip-access-control-list', ACL_SID, `${TRUNK}/IpAccessControlLists/${ACL_SID}`),
        event(
          'phone-number',
          'PN0123456789abcdef0123456789abc002',
          `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/IncomingPhoneNumbers/PN0123456789abcdef0123456789abc002.json`,
        ),
      ],
    });
    const t = buildTimeline(all);
    const byId = new Map(t.entries.map((e) => [e.id, e]));
    const onTrunk = (id: string, type: string) =>
      expect(byId.get(id), id).toMatchObject({
        object: { type },
        trunks: expect.arrayContaining(['Twilio', 'PureCloudDev']),
      });
    const onNumber = (id: string, type: string, number: string) =>
      expect(byId.get(id), id).toMatchObject({ object: { type }, numbers: expect.arrayContaining([number]) });
    onTrunk('genesys:Trunk', 'Genesys trunk instance');
    onTrunk('genesys:Site', 'site');
    onTrunk('genesys:NumberPlan', 'number plan');
    onTrunk('genesys:OutboundRoute', 'outbound route');
    onTrunk('genesys:Edge', 'edge');
    onTrunk('genesys:EdgeGroup', 'edge group');
    onNumber('genesys:DIDPool', 'DID pool', MAIN);
    onNumber('genesys:DID', 'DID', MAIN);
    onNumber('genesys:IVR', 'IVR', MAIN);
    onNumber('genesys:User', 'user', '+33123456790');
    onTrunk('twilio:AE-trunk', 'Twilio trunk');
    onTrunk('twilio:AE-origination-url', 'Twilio origination url');
    onTrunk('twilio:AE-trunk-credential-list', 'Twilio trunk credential list');
    onTrunk('twilio:AE-trunk-ip-access-control-list', 'Twilio trunk ip access control list');
    onNumber('twilio:AE-phone-number', 'Twilio phone number', '+33123456790');
    expect(t.entries).toHaveLength(15);
    // Narrowed to the main number: its pool, its DID and the IVR it rings, not the other number's changes.
    expect(
      buildTimeline({ ...all, filter: { number: MAIN } })
        .entries.map((e) => e.id)
        .sort(),
    ).toEqual(['genesys:DID', 'genesys:DIDPool', 'genesys:IVR']);
  });

  it('--since takes minutes to weeks, up to 30 days, and explains anything else', () => {
    expect(parseSince('90m')).toEqual({ ms: 90 * 60_000 });
    expect(parseSince('2w')).toEqual({ ms: 14 * 86_400_000 });
    expect(parseSince('31d')).toMatchObject({ error: expect.stringContaining('30 days') });
    expect(parseSince('yesterday')).toMatchObject({ error: expect.stringContaining('--since 24h') });
  });
});
