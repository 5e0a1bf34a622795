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
import { run as runCapture } from '../../src/cli/capture.js';
import { bundledScenarios, loadScenario, type Scenario } from '../../src/sandbox/scenario.js';
import { startVendorBench } from './helpers.js';

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

  it('--out is required and must be a .yml file', async () => {
    const err: string[] = [];
    const io = { out: () => {}, err: (t: string) => void err.push(t) };
    expect(await runCapture([], io, {})).toBe(2);
    expect(err.join('')).toContain('--out needs a .yml file');
  });
});
