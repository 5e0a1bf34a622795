import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import platformClient from 'purecloud-platform-client-v2';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/sandbox.js';
import { openVendorSession } from '../../src/cli/vendor-session.js';
import { startSandbox } from '../../src/sandbox/sandbox.js';

const dir = mkdtempSync(join(tmpdir(), 'byoc-sandbox-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a new user would write with the env lines and nothing but the official SDK. */
async function readTrunkTwilio(env: Record<string, string>): Promise<platformClient.Models.TrunkBase | undefined> {
  const client = new platformClient.ApiClientClass();
  client.config.setConfigPath('');
  const api = new URL(env['GENESYS_API_URL']!);
  client.setGateway({ host: api.hostname, protocol: api.protocol.replace(':', ''), port: Number(api.port) });
  await client.loginClientCredentialsGrant(env['GENESYS_CLIENT_ID']!, env['GENESYS_CLIENT_SECRET']!);
  const edges = new platformClient.TelephonyProvidersEdgeApi(client);
  const listing = await edges.getTelephonyProvidersEdgesTrunkbasesettings({ name: 'Twilio' });
  return listing.entities?.[0];
}

describe('byoc sandbox', () => {
  it('startSandbox gives env lines with which the plain SDK reads the trunk "Twilio"', async () => {
    const sandbox = await startSandbox();
    try {
      expect(Object.keys(sandbox.env)).toEqual([
        'GENESYS_REGION',
        'GENESYS_CLIENT_ID',
        'GENESYS_CLIENT_SECRET',
        'GENESYS_API_URL',
        'TWILIO_ACCOUNT_SID',
        'TWILIO_AUTH_TOKEN',
        'TWILIO_API_URL',
      ]);
      expect(sandbox.env['GENESYS_REGION']).toBe('eu_west_1');
      expect(sandbox.env['GENESYS_API_URL']).toBe(sandbox.genesys.url);
      expect(sandbox.env['TWILIO_API_URL']).toBe(sandbox.twilio.url);
      const trunk = await readTrunkTwilio(sandbox.env);
      expect(trunk).toMatchObject({ name: 'Twilio', trunkMetabase: { id: 'external_sip_pcv_byoc_carrier.json' } });
    } finally {
      await sandbox.close();
    }
  });

  it('the CLI picks the sandbox scenario from SANDBOX_SCENARIO, as `npm start` does', async () => {
    const session = await openVendorSession({ SANDBOX_SCENARIO: 'broken/omit-plus' });
    try {
      expect(session.note).toContain('(scenario "broken/omit-plus")');
    } finally {
      await session.close();
    }
  });

  it('a scenario with a mistake is refused naming the file, the path in it and what was expected (exit 2)', async () => {
    const file = join(dir, 'typo.yml');
    writeFileSync(file, 'extends: default\nset:\n  genesys.rateLimitPerMinute: lots\n');
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(['--scenario', file], { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toContain(file);
    expect(err.join('\n')).toContain('genesys.rateLimitPerMinute');
    expect(err.join('\n')).toMatch(/number/i);
  });

  it('a bad --port is refused with the usage line (exit 2)', async () => {
    const err: string[] = [];
    const code = await run(['--port', 'eighty'], { out: () => {}, err: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('usage: byoc sandbox');
  });

  it('run prints the env lines once ready and stops cleanly when told to', async () => {
    const out: string[] = [];
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const running = run([], { out: (l) => out.push(l), err: () => {}, stopped });
    await expect.poll(() => out.some((l) => l.startsWith('TWILIO_API_URL='))).toBe(true);
    const env = Object.fromEntries(
      out.filter((l) => !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect((await readTrunkTwilio(env))?.name).toBe('Twilio');
    stop();
    expect(await running).toBe(0);
  });

  it('as a process: prints the lines, and SIGINT stops it with exit 0', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '-e', "import('./src/cli/sandbox.ts').then(async (m) => process.exit(await m.run([])))"],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await expect.poll(() => stdout.includes('TWILIO_API_URL='), { timeout: 20_000 }).toBe(true);
    expect(stdout).toMatch(/^GENESYS_API_URL=http:\/\/127\.0\.0\.1:\d+$/m);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
