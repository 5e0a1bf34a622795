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
          {
            sid: 'AE1',
            eventType: 'sip-credential.updated',
            resourceType: 'sip-credential',
            resourceSid: 'CR0123456789abcdef0123456789abc001',
            resourceUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/SIP/CredentialLists/CL0123456789abcdef0123456789abc001/Credentials/CR0123456789abcdef0123456789abc001.json`,
            actorSid: 'US0123456789abcdef0123456789abc001',
            actorType: 'user',
            source: 'web',
            sourceIpAddress: '198.51.100.7',
            eventDate: new Date(at(-2)),
            changes: { password: { previous: 'p1', updated: 'p2' } },
          },
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

  it('--since takes minutes to weeks, up to 30 days, and explains anything else', () => {
    expect(parseSince('90m')).toEqual({ ms: 90 * 60_000 });
    expect(parseSince('2w')).toEqual({ ms: 14 * 86_400_000 });
    expect(parseSince('31d')).toMatchObject({ error: expect.stringContaining('30 days') });
    expect(parseSince('yesterday')).toMatchObject({ error: expect.stringContaining('--since 24h') });
  });
});
