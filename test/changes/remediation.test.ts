/**
 * The doctor's "fix it" buttons go through the same flow: on an org whose trunk is out of service, pressing the
 * remediation (value `<rule>|<index>`) re-runs the doctor on a fresh snapshot, plans "put the trunk in service",
 * and posts an approval card; an approver applies it.
 */
import { describe, expect, it } from 'vitest';
import { doctorContext, remediationValue, runDoctor } from '../../src/byoc/doctor/index.js';
import { APPROVE_ACTION_ID } from '../../src/presentation/chat-names.js';
import {
  APPROVER,
  approvalIdOn,
  ask,
  OPERATOR,
  press,
  trunkEnabled,
  useBench,
  VIEWER,
  waitForCard,
  whisperTo,
} from './helpers.js';

const bench = useBench({ scenario: 'broken/trunk-out-of-service' });

describe('a doctor remediation button', () => {
  it('becomes an approval card; once approved the trunk is back in service', async () => {
    const { h, sandbox } = bench;
    expect(trunkEnabled(sandbox)).toBe(false);
    const report = runDoctor(await h.bot.services.snapshots.get({ fresh: true }), doctorContext());
    const finding = report.findings.find((f) => f.remediation?.kind === 'genesys.trunk.enable');
    expect(finding).toBeDefined();
    const value = remediationValue(report, finding!);

    // Any message of the bot's stands in for the doctor card the button sits on.
    const card = await ask(h, 'approvals', OPERATOR);
    await press(h, 'doctor.remediate', value, card.ts, OPERATOR);
    const text = await waitForCard(h, card.ts, 'Approval needed');
    expect(text).toContain('Put the trunk');
    expect(text).toContain('Fix for what the doctor found: \\"Twilio\\" is out of service');

    await press(h, APPROVE_ACTION_ID, approvalIdOn(h.slack.message(card.message.channel, card.ts)!), card.ts, APPROVER);
    await waitForCard(h, card.ts, 'Applied and verified');
    expect(trunkEnabled(sandbox)).toBe(true);
  });

  it('is refused to a viewer, and a stale value says the problem is gone', async () => {
    const { h } = bench;
    const card = await ask(h, 'approvals', OPERATOR);
    const viewer = await press(h, 'doctor.remediate', 'genesys.trunk.inService|0', card.ts, VIEWER);
    expect(await whisperTo(h, viewer)).toContain('*operator* role');

    await press(h, 'doctor.remediate', 'genesys.trunk.inService|7', card.ts, OPERATOR);
    await waitForCard(h, card.ts, 'Nothing to fix any more');
  });
});
