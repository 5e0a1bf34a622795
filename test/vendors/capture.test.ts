/**
 * `byoc capture`: an org read through the bot's own clients becomes a scenario file that loads, serves the same
 * snapshot back from the sandbox, and carries none of the source's secrets or people.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ByocSnapshot } from '../../src/byoc/snapshot.js';
import { captureOrg } from '../../src/capture/capture-org.js';
import { run as calls } from '../../src/cli/calls.js';
import { run as runCapture } from '../../src/cli/capture.js';
import { run as changes } from '../../src/cli/changes.js';
import { run as doctor } from '../../src/cli/doctor.js';
import type { CliIo } from '../../src/cli/read-command.js';
import { run as simulate } from '../../src/cli/simulate.js';
import { run as status } from '../../src/cli/status.js';
import { bundledScenarios, loadScenario, type Scenario } from '../../src/sandbox/scenario.js';
import { prepareSandboxMode } from '../../src/sandbox-mode.js';
import { startVendorBench } from './helpers.js';

type CliRun = (argv: string[], io: CliIo, env?: Record<string, string | undefined>) => Promise<number>;

const dir = mkdtempSync(join(tmpdir(), 'byoc-capture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything of the source that must not be in a capture. */
function secretsOf(s: Scenario): string[] {
  const g = s.genesys;
  return [
    g.credentials.clientSecret,
    g.credentials.clientId,
    s.twilio.authToken,
    ...s.twilio.apiKeys.map((k) => k.secret),
    ...s.twilio.credentialLists.flatMap((c) => c.credentials.map((x) => x.password)),
    ...g.trunkBases.flatMap((t) =>
      Object.entries(t.properties)
        .filter(([k, v]) => /password/i.test(k) && typeof v === 'string' && v !== '')
        .map(([, v]) => v as string),
    ),
    ...g.users.flatMap((u) => [u.name, u.email]),
  ];
}

/** The parts of a snapshot a capture keeps: not when, not the org key, and people under their placeholders. */
function comparable(s: ByocSnapshot, names: Map<string, string>) {
  if (!s.genesys.available || !s.twilio.available) throw new Error('a half is unavailable');
  const { partialErrors: _g, ...genesys } = s.genesys;
  const { partialErrors: _t, ...twilio } = s.twilio;
  const dids = genesys.dids.map((d) =>
    d.owner && d.ownerType === 'USER' ? { ...d, owner: { ...d.owner, name: names.get(d.owner.id) ?? '?' } } : d,
  );
  return JSON.parse(
    JSON.stringify({ genesys: { ...genesys, dids }, twilio }, (k, v) =>
      k === 'connectedStateTime' || k === 'optionStateTime' ? undefined : v,
    ),
  );
}

describe('capturing an org into a scenario file', () => {
  it.each(bundledScenarios().map((s) => s.name))(
    '%s: the file loads, gives the same snapshot back, and holds no secret',
    async (name) => {
      const source = await startVendorBench(name);
      let file: string;
      let before: ByocSnapshot;
      let captured: Scenario;
      try {
        const result = await captureOrg(source.vendors, { name: 'captured' });
        before = await source.gather();
        file = join(dir, `${name.replace('/', '-')}.yml`);
        writeFileSync(file, stringify(result.scenario));
        const text = readFileSync(file, 'utf8');
        for (const secret of secretsOf(source.sandbox.scenario))
          expect(text, `"${secret}" in ${name}`).not.toContain(secret);
        captured = loadScenario(file);
      } finally {
        await source.close();
      }
      const names = new Map(captured.genesys.users.map((u) => [u.id, u.name]));
      const replay = await startVendorBench(file);
      try {
        expect(comparable(await replay.gather(), names)).toEqual(comparable(before, names));
      } finally {
        await replay.close();
      }
    },
  );

  it('byoc capture --out writes the file and prints what it removed; --mask-numbers leaves no real number', async () => {
    const out: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: () => {} };
    const file = join(dir, 'masked.yml');
    const code = await runCapture(['--out', file, '--mask-numbers'], io, {});
    expect(code).toBe(0);
    const printed = out.join('');
    expect(printed).toContain(`Wrote ${file}`);
    expect(printed).toContain('trunk password(s)');
    expect(printed).toContain("people's names and emails");
    expect(printed).toMatch(/\d+ phone number\(s\)/);
    const text = readFileSync(file, 'utf8');
    for (const real of ['+33123456789', '+33123456790']) expect(text).not.toContain(real);
    const masked = loadScenario(file);
    // Same country and length, and the Twilio number is still the trunk's caller ID and in its DID pool.
    const number = masked.twilio.incomingPhoneNumbers[0]!.phoneNumber;
    expect(number).toMatch(/^\+331\d{8}$/);
    expect(masked.genesys.trunkBases[0]!.properties.trunk_outboundIdentity_callingAddress).toBe(number);
    expect(masked.genesys.didPools[0]!.startPhoneNumber).toBe(number);
  });

  it('the file is a scenario for every CLI command (--scenario FILE) and for npm start (SANDBOX_SCENARIO=FILE)', async () => {
    const file = join(dir, 'omit-plus-org.yml');
    const quiet = { out: () => {}, err: () => {} };
    expect(await runCapture(['--out', file, '--scenario', 'broken/omit-plus'], quiet, {})).toBe(0);
    const commands: [string, CliRun, string[]][] = [
      ['status', status, []],
      ['simulate', simulate, ['0123456789']],
      ['doctor', doctor, []],
      ['calls', calls, []],
      ['changes', changes, []],
    ];
    for (const [name, command, args] of commands) {
      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
      const code = await command([...args, '--json', '--scenario', file], io, {});
      expect([0, 1], `${name}: ${err.join('')}`).toContain(code);
      expect(err.join(''), name).toContain('(scenario "omit-plus-org")');
      expect(() => JSON.parse(out.join('')), name).not.toThrow();
      if (name === 'doctor') {
        const report = JSON.parse(out.join('')) as { findings: { rule: string; status: string }[] };
        // The replayed org has the problem of the org it was captured from.
        expect(report.findings.find((x) => x.rule === 'GC-TRUNK-OMIT-PLUS')?.status).toBe('fail');
      }
    }
    // A capture of the capture: the file can be replayed and captured again.
    expect(await runCapture(['--out', join(dir, 'again.yml'), '--scenario', file], quiet, {})).toBe(0);

    // npm start: the fake vendors serve the file, and the bot's status reads it.
    const mode = await prepareSandboxMode(
      { SANDBOX_SCENARIO: file, SLACK_SIGNING_SECRET: 'not-used', SLACK_BOT_TOKEN: 'xoxb-not-used' },
      { port: 0 },
    );
    try {
      expect(mode.vendors?.scenario.name).toBe('omit-plus-org');
      const out: string[] = [];
      expect(await status(['--json'], { out: (t) => void out.push(t), err: () => {} }, mode.env)).toBe(0);
      expect((JSON.parse(out.join('')) as { trunks: { name: string }[] }).trunks.map((t) => t.name)).toEqual([
        'Twilio',
      ]);
    } finally {
      await mode.close();
    }
  });

  it('--out is required and must be a .yml file', async () => {
    const err: string[] = [];
    const io = { out: () => {}, err: (t: string) => void err.push(t) };
    expect(await runCapture([], io, {})).toBe(2);
    expect(err.join('')).toContain('--out needs a .yml file');
  });
});
