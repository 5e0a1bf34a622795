import { describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/byoc/doctor/index.js';
import type { SimulationResult } from '../../src/byoc/simulate.js';
import type { StatusResult } from '../../src/byoc/status.js';
import { run as doctor } from '../../src/cli/doctor.js';
import { main } from '../../src/cli/main.js';
import { terminalCommand } from '../../src/cli/read-command.js';
import { run as scenarios } from '../../src/cli/scenarios.js';
import { run as simulate } from '../../src/cli/simulate.js';
import { run as status } from '../../src/cli/status.js';
import { freePort } from '../../src/listen.js';
import { capture } from './helpers.js';

type Run = typeof status;

/** No credential at all: the sandbox answers. */
const NO_CREDENTIALS: Record<string, string> = {};

async function cli(run: Run, argv: string[], env: Record<string, string> = NO_CREDENTIALS) {
  const { io, cli: sink } = capture();
  const code = await run(argv, sink, env);
  return { code, ...io };
}

/** A port nothing listens on: a vendor that cannot be reached. */
function closedPort(): Promise<number> {
  return freePort();
}

describe('byoc status', () => {
  it('prints the card, says on stderr that the sandbox answered, and exits 0 when healthy', async () => {
    const r = await cli(status, []);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('BYOC: Healthy');
    expect(r.stdout).toContain('Trunk "Twilio": in service');
    expect(r.stderr).toContain('built-in sandbox (scenario "default")');
    expect(r.stdout).not.toContain('sandbox');
  });

  it('--json prints the status result', async () => {
    const r = await cli(status, ['--json']);
    const result = JSON.parse(r.stdout) as StatusResult;
    expect(result.kind).toBe('status');
    if (result.kind !== 'status') return;
    expect(result.verdict).toBe('healthy');
    expect(result.trunks.map((t) => t.name)).toEqual(['Twilio']);
    expect(result.trunks[0]!.edges.map((e) => e.connected)).toEqual([true, true]);
    expect(result.trunks[0]!.twilioTrunk?.terminationUri).toBe('purecloudABC.pstn.twilio.com');
  });

  it('exits 1 when the trunk is down (out of service)', async () => {
    const r = await cli(status, ['--json', '--scenario', 'broken/trunk-out-of-service']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as StatusResult & { verdict: string }).verdict).toBe('down');
  });

  it('a trunk that does not exist lists the trunks and exits 2', async () => {
    const r = await cli(status, ['No', 'such', 'trunk']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('No BYOC trunk named "No such trunk"');
    expect(r.stdout).toContain('Twilio');
  });
});

describe('byoc simulate', () => {
  it('a number written with spaces is routable, exit 0, with the JSON contract', async () => {
    const r = await cli(simulate, ['01', '23', '45', '67', '89', '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as SimulationResult;
    expect(result).toMatchObject({
      input: { number: '01 23 45 67 89' },
      normalizedNumber: '+33123456789',
      numberPlan: { name: 'National', matchType: 'intraCountryCode' },
      classification: 'National',
      outboundRoute: { name: 'Twilio Route' },
      routable: true,
      reasons: [],
    });
    expect(result.trunks).toHaveLength(1);
    expect(result.trunks[0]).toMatchObject({ name: 'Twilio', inService: true });
    expect(result.trunks[0]!.edges.map((e) => ({ name: e.name, connected: e.connected }))).toEqual([
      { name: 'virtual-edge-i-0a1b2c3d4e5f60001', connected: true },
      { name: 'virtual-edge-i-0a1b2c3d4e5f60002', connected: true },
    ]);
    expect(result.twilio.map((c) => [c.id, c.ok])).toEqual([
      ['called-number-e164', true],
      ['caller-id', true],
      ['proxy-is-termination-uri', true],
    ]);
  });

  it('prints the card as text', async () => {
    const r = await cli(simulate, ['+447700900000', '--site', 'Paris Office']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Simulate +447700900000: routable');
    expect(r.stdout).toContain('International');
  });

  it('not routable (the route is disabled): exit 1 with the reason and its fix', async () => {
    const r = await cli(simulate, ['0123456789', '--json', '--scenario', 'broken/route-disabled']);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as SimulationResult;
    expect(result.routable).toBe(false);
    expect(result.reasons.map((x) => x.code)).toContain('NO_ROUTE');
    expect(result.reasons.every((x) => x.fix.length > 0)).toBe(true);
  });

  it('letters, and an unknown option, are usage errors: exit 2', async () => {
    const letters = await cli(simulate, ['call-me']);
    expect(letters.code).toBe(2);
    expect(letters.stderr).toContain('"call-me" contains letters');
    expect(letters.stderr).toContain('For example: npx byoc simulate 01 23 45 67 89');
    const option = await cli(simulate, ['0123456789', '--sight', 'Paris']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('usage: byoc simulate');
    expect(option.stdout).toBe('');
  });
});

describe('byoc doctor', () => {
  it('--json: findings with rule, status, title, evidence and fix, and counts; exit 0 when all pass', async () => {
    const r = await cli(doctor, ['--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as DoctorReport;
    expect(report.findings.length).toBeGreaterThan(20);
    for (const f of report.findings) {
      expect(f).toEqual(
        expect.objectContaining({
          rule: expect.any(String),
          status: 'pass',
          title: expect.any(String),
          evidence: expect.any(Object),
          fix: expect.any(String),
        }),
      );
    }
    expect(report.counts).toMatchObject({ fail: 0, warn: 0, skip: 0 });
    expect(report.counts.pass).toBe(report.findings.length);
  });

  it('a failing rule: exit 1, the rule and its fix in the text', async () => {
    const r = await cli(doctor, ['--scenario', 'broken/omit-plus']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('GC-TRUNK-OMIT-PLUS');
    expect(r.stdout).toContain('Address Omit + Prefix');
  });

  it('usage and configuration errors exit 2: a bad flag, a scenario or org config that does not exist', async () => {
    const flag = await cli(doctor, ['--jsn']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('usage: byoc doctor');

    const scenario = await cli(doctor, ['--scenario', 'broken/no-such-scenario']);
    expect(scenario.code).toBe(2);
    expect(scenario.stderr).toContain('no-such-scenario');

    const orgConfig = await cli(doctor, [], { BYOC_ORG_CONFIG: '/nonexistent/byoc-org.yml' });
    expect(orgConfig.code).toBe(2);
    expect(orgConfig.stderr).toContain('BYOC_ORG_CONFIG');

    const config = await cli(doctor, [], { SNAPSHOT_CACHE_SECONDS: 'soon' });
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('SNAPSHOT_CACHE_SECONDS');
  });

  it('vendors configured but not answering: exit 3, each rule that needed them skipped with the reason', async () => {
    const env = {
      GENESYS_REGION: 'eu_west_1',
      GENESYS_CLIENT_ID: 'unreachable-client',
      GENESYS_CLIENT_SECRET: 'unreachable-secret',
      GENESYS_API_URL: `http://127.0.0.1:${await closedPort()}`,
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'unreachable-token',
      TWILIO_API_URL: `http://127.0.0.1:${await closedPort()}`,
    };
    const r = await cli(doctor, ['--json'], env);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as DoctorReport;
    expect(report.unavailable.genesys).toContain('Genesys Cloud could not be read');
    expect(report.unavailable.twilio).toContain('Twilio could not be read');
    expect(report.counts.fail).toBe(0);
    expect(report.counts.skip).toBeGreaterThan(0);
    expect(r.stderr).not.toContain('sandbox');
    expect(r.stdout + r.stderr).not.toContain('unreachable-secret');
    expect(r.stdout + r.stderr).not.toContain('unreachable-token');

    const s = await cli(status, [], env);
    expect(s.code).toBe(3);
    expect(s.stdout).toContain('BYOC: Down');
  });
});

describe('the CLI is a terminal program', () => {
  it('checks its arguments before it reads any vendor: no number answers at once, with an example', async () => {
    const r = await cli(simulate, []);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No number was given. For example: npx byoc simulate 01 23 45 67 89');
    // Not a word about the sandbox: nothing was started, no vendor was read.
    expect(r.stderr).not.toContain('built-in sandbox');
    expect(r.stdout).toBe('');
    const from = await cli(simulate, ['0612345678', '--from', 'alice']);
    expect(from.code).toBe(2);
    expect(from.stderr).toContain('--from: "alice" contains letters');
    expect(from.stderr).not.toContain('built-in sandbox');
  });

  it('prints no chat markup: no *bold* stars, no backticks, chat commands as terminal commands', async () => {
    const r = await cli(doctor, ['--scenario', 'broken/omit-plus']);
    expect(r.stdout).toMatch(/\n {2}29 checks passed: GC-PRODUCT-BYOC/);
    expect(r.stdout).not.toMatch(/[*`]/);
    const simulated = await cli(simulate, ['0612345678', '--scenario', 'broken/route-disabled']);
    expect(simulated.stdout).not.toMatch(/[*`]/);
    expect(terminalCommand('/byoc simulate 06 12 34 56 78')).toBe('npx byoc simulate 06 12 34 56 78');
    expect(terminalCommand('/byoc doctor --fresh')).toBe('npx byoc doctor');
    expect(terminalCommand('/byoc trunk enable Twilio')).toBe('/byoc trunk enable Twilio (in chat)');
  });

  it('writes the snapshot time as local time with its zone, not as an ISO string', async () => {
    const r = await cli(status, []);
    expect(r.stdout).toMatch(/Snapshot taken \d{4}-\d\d-\d\d \d\d:\d\d \S+/);
    expect(r.stdout).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
  });

  it('a mistyped subcommand gets a "did you mean"', async () => {
    let out = '';
    let err = '';
    const code = await main(
      ['stauts'],
      { write: (t: string) => (out += t) } as never,
      {
        write: (t: string) => (err += t),
      } as never,
    );
    expect(code).toBe(2);
    expect(err).toContain('there is no command "stauts". Did you mean "byoc status"?');
    expect(out).toBe('');
  });

  it('byoc scenarios lists the sandbox scenarios with what each shows; an unknown --scenario lists them too', async () => {
    const { io, cli: sink } = capture();
    expect(await scenarios([], sink)).toBe(0);
    expect(io.stdout).toMatch(/^default +Paris Office/m);
    expect(io.stdout).toMatch(/^broken\/omit-plus +Omit \+ prefix enabled/m);

    const r = await cli(doctor, ['--scenario', 'brokn/omit-plus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('There is no sandbox scenario "brokn/omit-plus". Did you mean "broken/omit-plus"?');
    expect(r.stderr).toMatch(/^ {2}broken\/trunk-out-of-service +The Genesys BYOC trunk is out of service/m);
  });
});
