/**
 * "What changed?": a script disables the trunk through the Genesys API with its own OAuth client (and sets a
 * digest password), someone removes an ACL address through the Twilio API, and an operator has the trunk put back
 * in service through the bot. `/byoc changes` lists all three once each, newest first, each with who made it and
 * before -> after, the bot's change tied to its approval, and no secret anywhere.
 */
import { describe, expect, it } from 'vitest';
import { GenesysClient } from '../../src/genesys/index.js';
import { APPROVE_ACTION_ID } from '../../src/presentation/chat-names.js';
import { readable } from '../foundation/harness.js';
import {
  APPROVER,
  approvalIdOn,
  ask,
  OPERATOR,
  press,
  TRUNK_BASE_ID,
  useBench,
  VIEWER,
  waitForCard,
} from './helpers.js';

const ACL_SID = 'AL0123456789abcdef0123456789abc001';
const SCRIPT_CLIENT = 'terraform-ci';
const SCRIPT_SECRET = 'tf-client-secret-0001';
const DIGEST_PASSWORD = 'Digest-Pa55word-2026';

const bench = useBench();

async function scriptDisablesTrunk(): Promise<void> {
  const { sandbox } = bench;
  sandbox.genesys.addOAuthClient(SCRIPT_CLIENT, SCRIPT_SECRET);
  const script = new GenesysClient({
    clientId: SCRIPT_CLIENT,
    clientSecret: SCRIPT_SECRET,
    apiUrl: sandbox.genesys.url,
  });
  const tb = await script.trunkBase(TRUNK_BASE_ID);
  await script.putTrunkBase(TRUNK_BASE_ID, {
    ...tb,
    properties: {
      ...tb.properties,
      trunk_enabled: { value: { instance: false } },
      trunk_sip_authentication_credentials_password: { value: { instance: DIGEST_PASSWORD } },
    },
  });
}

async function aclAddressRemovedThroughTwilio(): Promise<string> {
  const { sandbox } = bench;
  const acl = sandbox.twilio.state.ipAccessControlLists.find((a) => a.sid === ACL_SID)!;
  const ip = acl.ipAddresses.find((a) => a.ipAddress === '52.212.66.56')!;
  const auth = Buffer.from(`${sandbox.scenario.twilio.accountSid}:${sandbox.scenario.twilio.authToken}`).toString(
    'base64',
  );
  const res = await fetch(
    `${sandbox.twilio.url}/2010-04-01/Accounts/${sandbox.scenario.twilio.accountSid}/SIP/IpAccessControlLists/${ACL_SID}/IpAddresses/${ip.sid}.json`,
    { method: 'DELETE', headers: { authorization: `Basic ${auth}` } },
  );
  expect(res.status).toBe(204);
  return ip.sid;
}

describe('/byoc changes', () => {
  it('lists a Genesys API change, a Twilio API change and an approved change once each, newest first', async () => {
    const { h, sandbox } = bench;
    await scriptDisablesTrunk();
    // Twilio dates its events to the second: a second apart, the order of the two is the order they happened in.
    await new Promise((r) => setTimeout(r, 1100));
    await aclAddressRemovedThroughTwilio();
    await new Promise((r) => setTimeout(r, 1100));

    const request = await ask(h, 'trunk enable Twilio --reason "back after the script"', OPERATOR);
    const id = approvalIdOn(request.message);
    await press(h, APPROVE_ACTION_ID, id, request.ts, APPROVER);
    await waitForCard(h, request.ts, 'Applied', 60_000);

    const card = await ask(h, 'changes --since 1h', VIEWER);
    // Each row starts with its moment as Slack's date token (each reader's own zone, a UTC fallback).
    const rows = card.text.split('•').filter((l) => /^ <!date\^\d+\^[^|]*\|\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC>/.test(l));
    expect(rows, card.text).toHaveLength(3);
    // Newest first: the bot's change, the Twilio address, the script.
    expect(rows[0]).toContain('byoc-bot');
    expect(rows[0]).toContain(`asked by ${OPERATOR}`);
    expect(rows[0]).toContain(`approved by ${APPROVER}`);
    expect(rows[0]).toContain('trunk_enabled false -&gt; true');
    expect(rows[0]).toContain(id);
    expect(rows[1]).toContain(`Twilio account ${sandbox.scenario.twilio.accountSid}* (API`);
    expect(rows[1]).toContain('ip_address 52.212.66.56 -&gt; (none)');
    expect(rows[2]).toContain(`OAuth client ${SCRIPT_CLIENT}`);
    expect(rows[2]).toContain('trunk_enabled true -&gt; false');
    expect(rows[2]).toContain('trunk_sip_authentication_credentials_password changed');
    // The bot's own PUT is not listed a second time as an anonymous OAuth client change.
    expect(card.text.match(/trunk_enabled/g)).toHaveLength(2);
    for (const secret of [
      DIGEST_PASSWORD,
      SCRIPT_SECRET,
      sandbox.scenario.genesys.credentials.clientSecret,
      sandbox.scenario.twilio.authToken,
    ]) {
      expect(card.text).not.toContain(secret);
    }

    // Narrowed to a number nothing touched: nothing; to the trunk: still all three (the ACL is on its Twilio trunk).
    expect((await ask(h, 'changes --since 1h --number +33123456799', VIEWER)).text).toContain('No change');
    const byTrunk = await ask(h, 'changes --since 1h --trunk Twilio', VIEWER);
    expect(byTrunk.text).toContain('3 changes');

    // Next to the incident: the status card names the last change to the trunk and links to its timeline.
    const status = await ask(h, 'status', VIEWER);
    expect(status.text).toMatch(
      new RegExp(
        `Last change to this trunk: (just now|\\d+ minutes? ago) by byoc-bot \\(approved by ${APPROVER}\\) \\(trunk_enabled false -&gt; true\\)`,
      ),
    );
    expect(status.text).toContain('"value":"changes --since 24h --trunk \\"Twilio\\""');
  });

  it('says what is wrong with a bad --since, with an example, privately', async () => {
    const res = await bench.h.slash('changes --since yesterday', { userId: VIEWER });
    expect(res.status).toBe(200);
    const reply = JSON.parse(res.body) as { response_type: string; text: string; blocks: unknown[] };
    expect(reply.response_type).toBe('ephemeral');
    expect(readable(reply)).toContain('"yesterday" is not a duration');
    expect(readable(reply)).toContain('--since 24h');
  });
});
