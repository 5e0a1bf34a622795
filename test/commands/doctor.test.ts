/**
 * `/byoc doctor` tried as a new user would: in Slack (signed slash commands to the real bot, real Redis) and with
 * `byoc doctor --json` (the CLI's `run`, in process), both against the same sandbox vendors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport, RuleStatus } from '../../src/byoc/doctor/index.js';
import { run as doctorCli } from '../../src/cli/doctor.js';
import { gatherSnapshot } from '../../src/snapshot/gather-snapshot.js';
import { capture, type Rig, startRig } from './helpers.js';

const EMOJI_STATUS: Record<string, RuleStatus> = { ':x:': 'fail', ':warning:': 'warn', ':heavy_minus_sign:': 'skip' };

/** Rule -> statuses, read back from the Slack message the way a person reads the card. */
function ruleStatusesInSlack(blocks: unknown[]): Map<string, Set<RuleStatus>> {
  const out = new Map<string, Set<RuleStatus>>();
  const add = (rule: string, status: RuleStatus) => out.set(rule, (out.get(rule) ?? new Set()).add(status));
  for (const block of blocks as { type: string; text?: { text?: string } }[]) {
    if (block.type !== 'section' || !block.text?.text) continue;
    for (const line of block.text.text.split('\n')) {
      // A failure or warning: what is the case in bold, then the rule; a skip names its rule first.
      const row =
        /^(:x:|:warning:) \*.+\* — ([A-Z0-9-]+)(?: \(|$)/.exec(line) ??
        /^(:heavy_minus_sign:) \*([A-Z0-9-]+)[ :]/.exec(line);
      if (row) add(row[2]!, EMOJI_STATUS[row[1]!]!);
      const passed = /checks? passed\*: (.+)$/.exec(line);
      if (passed) for (const rule of passed[1]!.split(', ')) add(rule.trim(), 'pass');
    }
  }
  return out;
}

function ruleStatusesInReport(report: DoctorReport): Map<string, Set<RuleStatus>> {
  const out = new Map<string, Set<RuleStatus>>();
  for (const f of report.findings) out.set(f.rule, (out.get(f.rule) ?? new Set()).add(f.status));
  return out;
}

async function cliReport(env: Record<string, string>): Promise<{ code: number; report: DoctorReport }> {
  const { io, cli } = capture();
  const code = await doctorCli(['--json'], cli, env);
  return { code, report: JSON.parse(io.stdout) as DoctorReport };
}

describe('/byoc doctor on the guide’s example org', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig('default');
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('is all green: every check passed, nothing failed, warned or was skipped', async () => {
    const card = await rig.ask('doctor');
    expect(card.text).toContain('BYOC doctor: every check passed');
    expect(card.text).not.toContain(':x:');
    expect(card.text).not.toContain('Not checked');
  });

  it('Slack and `byoc doctor --json` agree on every rule’s status', async () => {
    const card = await rig.ask('doctor');
    const { code, report } = await cliReport(rig.sandbox.env);
    expect(code).toBe(0);
    expect(report.counts.fail).toBe(0);
    expect(ruleStatusesInSlack(card.blocks)).toEqual(ruleStatusesInReport(report));
  });

  it('costs the vendors exactly one snapshot', async () => {
    await rig.ask('doctor'); // the OAuth token is in hand, as it is in a running bot
    await rig.h.bot.services.snapshots.invalidate();
    rig.resetRequests();
    await rig.ask('doctor');
    const doctor = rig.requests();

    rig.resetRequests();
    const snapshot = await gatherSnapshot(rig.h.bot.services.vendors, 'count');
    const oneSnapshot = rig.requests();
    expect(snapshot.genesys.available && snapshot.twilio.available).toBe(true);
    expect(doctor).toEqual(oneSnapshot);
    expect(doctor.genesys).toBeGreaterThan(0);
    expect(doctor.twilio).toBeGreaterThan(0);
  });

  it('the Run again button asks for a fresh snapshot', async () => {
    const card = await rig.ask('doctor');
    expect(card.text).toContain('"value":"doctor --fresh"');
  });
});

describe('/byoc doctor on an org whose Twilio ACL misses the region’s BYOC addresses', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig('broken/twilio-acl-missing-region');
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('names the problem and the fix, and the others still pass', async () => {
    const card = await rig.ask('doctor');
    expect(card.text).toContain('BYOC doctor: 1 problem to fix');
    expect(card.text).toMatch(/:x: \*The IP ACLs of .+ miss .+\* — TW-ACL /);
    expect(card.text).toContain('PureCloudDevACL');
    expect(card.text).toContain('↳');
    const statuses = ruleStatusesInSlack(card.blocks);
    expect(statuses.get('TW-ACL')).toEqual(new Set(['fail']));
    expect(statuses.get('GC-TRUNK-ACL')).toEqual(new Set(['pass']));
  });

  it('Slack and `byoc doctor --json` agree on every rule’s status, and the CLI exits 1', async () => {
    const card = await rig.ask('doctor');
    const { code, report } = await cliReport(rig.sandbox.env);
    expect(code).toBe(1);
    const cli = ruleStatusesInReport(report);
    expect(cli.get('TW-ACL')).toEqual(new Set(['fail']));
    expect(ruleStatusesInSlack(card.blocks)).toEqual(cli);
  });
});
