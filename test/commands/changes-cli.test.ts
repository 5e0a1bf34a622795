/**
 * `byoc changes` as a runbook uses it: against a running org (here the sandbox's fakes, reached with credentials
 * like real vendors), after someone changed the trunk through the Genesys API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Timeline } from '../../src/byoc/timeline/index.js';
import { run as changes } from '../../src/cli/changes.js';
import { GenesysClient } from '../../src/genesys/index.js';
import { recordWriteAudit } from '../../src/sandbox/genesys/audits.js';
import { startGenesysFake } from '../../src/sandbox/genesys/index.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { capture } from './helpers.js';

const TRUNK_BASE_ID = '9d4b7c1e-3a2f-4e8d-b6c5-twilio000001';
const DAY = 86_400_000;
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
  sandbox.genesys.state.actingUser = { id: 'alice-id', name: 'Alice Martin' };
  const client = new GenesysClient({
    clientId: sandbox.env.GENESYS_CLIENT_ID!,
    clientSecret: sandbox.env.GENESYS_CLIENT_SECRET!,
    apiUrl: sandbox.genesys.url,
  });
  const tb = await client.trunkBase(TRUNK_BASE_ID);
  await client.putTrunkBase(TRUNK_BASE_ID, {
    ...tb,
    properties: { ...tb.properties, trunk_enabled: { value: { instance: false } } },
  });
});
afterAll(async () => {
  await sandbox?.close();
});

async function cli(argv: string[]) {
  const { io, cli: sink } = capture();
  const code = await changes(argv, sink, sandbox.env);
  return { code, ...io };
}

describe('byoc changes', () => {
  it('prints the timeline card with who changed what', async () => {
    const r = await cli(['--since', '1h']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('What changed in the last 1h');
    expect(r.stdout).toContain('Alice Martin');
    expect(r.stdout).toContain('trunk_enabled true -> false');
  });

  it('--json prints the timeline; --trunk narrows it by either vendor’s trunk name', async () => {
    const r = await cli(['--json', '--trunk', 'PureCloudDev']);
    const t = JSON.parse(r.stdout) as Timeline;
    expect(t.kind).toBe('changes');
    expect(t.entries).toHaveLength(1);
    expect(t.entries[0]).toMatchObject({
      vendor: 'genesys',
      who: { kind: 'person', name: 'Alice Martin' },
      where: 'console',
      object: { type: 'Genesys trunk', name: 'Twilio' },
      changes: [{ property: 'trunk_enabled', before: 'true', after: 'false' }],
    });
    expect(JSON.stringify(t)).not.toContain(sandbox.env.GENESYS_CLIENT_SECRET!);
  });

  it("past the realtime query's 14 days, the audits come from the asynchronous query", async () => {
    // Twenty days ago, someone edited the trunk's description in the admin UI.
    const tb = sandbox.genesys.state.trunkBases.find((t) => t.id === TRUNK_BASE_ID)!;
    recordWriteAudit(sandbox.genesys.state, {
      method: 'PUT',
      pathname: `/api/v2/telephony/providers/edges/trunkbasesettings/${TRUNK_BASE_ID}`,
      before: { ...tb, description: 'before' },
      after: { ...tb, description: 'after' },
      actor: { clientId: 'browser', user: { id: 'bob-id', name: 'Bob Durand' } },
      now: Date.now() - 20 * DAY,
    });
    const auditPaths = () =>
      sandbox.genesys.requests.filter((r) => r.path.startsWith('/api/v2/audits/')).map((r) => `${r.method} ${r.path}`);

    sandbox.genesys.resetRequests();
    const week = JSON.parse((await cli(['--json', '--since', '7d'])).stdout) as Timeline;
    expect(week.entries.map((e) => e.who.name)).not.toContain('Bob Durand');
    expect(auditPaths().every((p) => p === 'POST /api/v2/audits/query/realtime')).toBe(true);

    sandbox.genesys.resetRequests();
    const r = await cli(['--json', '--since', '21d']);
    expect(r.code, r.stdout).toBe(0);
    const month = JSON.parse(r.stdout) as Timeline;
    expect(month.unavailable).toEqual([]);
    expect(month.entries.find((e) => e.who.name === 'Bob Durand')).toMatchObject({
      changes: [{ property: 'description', before: 'before', after: 'after' }],
    });
    expect(auditPaths()).not.toContain('POST /api/v2/audits/query/realtime');
    expect(auditPaths().filter((p) => p === 'POST /api/v2/audits/query')).toHaveLength(3);
  });

  it("--since 14d (2w), the realtime query's own limit, is answered (by the asynchronous query)", async () => {
    for (const since of ['14d', '2w']) {
      const r = await cli(['--json', '--since', since]);
      expect(r.code, r.stdout).toBe(0);
      expect((JSON.parse(r.stdout) as Timeline).unavailable).toEqual([]);
    }
  });

  it('an incomplete timeline says which vendor could not be read, and exits 3', async () => {
    // Genesys answers the org but refuses the audit query: here the fake's clock runs 15 days ahead, so the last
    // 24 hours are outside its realtime query's 14 days.
    const genesys = await startGenesysFake(sandbox.scenario, { now: () => Date.now() + 15 * DAY });
    try {
      const { io, cli: sink } = capture();
      const code = await changes(['--json'], sink, { ...sandbox.env, GENESYS_API_URL: genesys.url });
      expect(code, io.stdout).toBe(3);
      expect((JSON.parse(io.stdout) as Timeline).unavailable).toEqual([
        { source: 'genesys', reason: expect.stringContaining('14 days') },
      ]);
    } finally {
      await genesys.close();
    }
  });

  it('a bad --since is a usage error (exit 2) that shows a right one', async () => {
    const r = await cli(['--since', 'last week']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('--since 24h');
  });
});
