/**
 * `/byoc calls` and `/byoc explain` as an on-call engineer uses them: in Slack (signed slash commands, real Redis,
 * the sandbox vendors) and from the CLI. On an org whose Twilio ACL lacks the region, the calls card names the
 * cause, says the doctor finds TW-ACL failing now, and its fix button starts the same approval flow as the
 * doctor's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as callsCli } from '../../src/cli/calls.js';
import { run as explainCli } from '../../src/cli/explain.js';
import { APPROVE_ACTION_ID, REMEDIATE_ACTION_ID } from '../../src/presentation/chat-names.js';
import {
  APPROVER,
  approvalIdOn,
  ask,
  type Bench,
  messageAt,
  OPERATOR,
  press,
  startBench,
  VIEWER,
  waitForCard,
} from '../changes/helpers.js';
import { buttonValue, capture } from '../commands/helpers.js';

let bench: Bench;

beforeAll(async () => {
  bench = await startBench({ scenario: 'broken/twilio-acl-missing-region' });
}, 30_000);

afterAll(async () => {
  await bench?.close();
});

describe('/byoc calls in Slack', () => {
  it('names the cause first, with the doctor’s finding, and its fix button leads to an applied change', async () => {
    const { h, sandbox } = bench;
    const card = await ask(h, 'calls --failed', VIEWER);
    // The two refused outbound calls, and the default org's inbound call that Twilio could not deliver.
    expect(card.text).toContain('Calls: 3 of 4 failed in the last 60 minutes');
    expect(card.text).toContain('Most failures: Twilio refused the source IP');
    expect(card.text).toContain('The doctor finds TW-ACL failing now');
    const value = buttonValue(card.message.blocks ?? [], 'Fix TW-ACL');
    expect(value).toMatch(/^TW-ACL\|0$/);

    // The same flow as the doctor's button: an operator asks, an approver approves, the ACL gets the addresses.
    const aclBefore = sandbox.scenario.twilio.ipAccessControlLists[0]!.ipAddresses.length;
    const asked = await ask(h, 'approvals', OPERATOR);
    await press(h, REMEDIATE_ACTION_ID, value!, asked.ts, OPERATOR);
    await waitForCard(h, asked.ts, 'Approval needed');
    await press(h, APPROVE_ACTION_ID, approvalIdOn(messageAt(h, asked.ts)), asked.ts, APPROVER);
    await waitForCard(h, asked.ts, 'Applied and verified');
    const after = await ask(h, 'doctor --fresh', VIEWER);
    expect(after.text).not.toContain('TW-ACL ·');
    expect(aclBefore).toBeGreaterThan(0);
  });

  it('bad arguments get a specific error with an example, and no vendor is read', async () => {
    const { h, sandbox } = bench;
    sandbox.genesys.resetRequests();
    sandbox.twilio.resetRequests();
    const since = await h.slash('calls --since 2x', { userId: VIEWER });
    expect(since.status).toBe(200);
    const number = await h.slash('calls --number 0123', { userId: VIEWER });
    const direction = await h.slash('calls --direction sideways', { userId: VIEWER });
    const said = [since, number, direction].map((r) => (JSON.parse(r.body) as { text: string }).text).join('\n');
    expect(said).toContain('"2x" is not a duration');
    expect(said).toContain('e.g. 30m, 4h or 2d');
    expect(said).toContain('e.g. +33123456789');
    expect(said).toContain('inbound (from the PSTN to Genesys) or outbound');
    expect(sandbox.genesys.requests.length + sandbox.twilio.requests.length).toBe(0);
  });

  it('/byoc explain 32201 answers without reading a vendor', async () => {
    const { h, sandbox } = bench;
    sandbox.twilio.resetRequests();
    const card = await ask(h, 'explain 32201', VIEWER);
    expect(card.text).toContain('Twilio 32201: SIP: Source IP address not in ACL');
    expect(card.text).toContain('TW-ACL');
    expect(sandbox.twilio.requests.length).toBe(0);
    const wrong = await h.slash('explain banana', { userId: VIEWER });
    expect((JSON.parse(wrong.body) as { text: string }).text).toContain('"banana" is not a SIP response');
  });
});

describe('byoc calls and byoc explain from the CLI', () => {
  it('--json prints the report; exit 1 when a call failed', async () => {
    const { io, cli } = capture();
    const code = await callsCli(['--json', '--scenario', 'calls/every-failure'], cli, {});
    expect(code).toBe(1);
    const report = JSON.parse(io.stdout) as { counts: { failed: number }; groups: { cause?: { key: string } }[] };
    expect(report.counts.failed).toBe(15);
    expect(report.groups[0]?.cause?.key).toBe('twilio-acl');
  });

  it('checks the arguments before opening any vendor session (exit 2)', async () => {
    const { io, cli } = capture();
    const code = await callsCli(['--since', '2x', '--number', 'abc'], cli, {});
    expect(code).toBe(2);
    expect(io.stderr).toContain('--since: "2x" is not a duration');
    expect(io.stderr).toContain('--number: "abc" is not in E.164');
    expect(io.stderr).not.toContain('answering from the built-in sandbox');
  });

  it('explain: the text for a terminal, JSON on request, exit 2 for what is not a code', async () => {
    const text = capture();
    expect(await explainCli(['488'], text.cli)).toBe(0);
    expect(text.io.stdout).toContain('SIP 488 Not Acceptable Here');
    expect(text.io.stdout).toContain('GC-TRUNK-CODEC');
    const json = capture();
    expect(await explainCli(['32011', '--json'], json.cli)).toBe(0);
    expect(JSON.parse(json.io.stdout)).toMatchObject({ kind: 'twilio', code: '32011', cause: { key: 'origination' } });
    const bad = capture();
    expect(await explainCli(['nope'], bad.cli)).toBe(2);
    expect(bad.io.stderr).toContain('byoc explain 32201');
  });
});
