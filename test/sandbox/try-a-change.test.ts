/**
 * A newcomer tries a change in sandbox mode, as `npm start` with no credentials runs it (the same functions
 * main.ts calls, in process): they copy the two "Try a change" curl lines it prints, the operator's
 * `trunk disable Twilio` gets an approval card, and the approver's press through `/__sandbox/click` takes the fake
 * Genesys trunk out of service and prints the applied, verified card.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot.js';
import { trunkInstances } from '../../src/sandbox/genesys/derived.js';
import { SANDBOX_APPROVER_ID } from '../../src/sandbox/slack/sandbox-users.js';
import { SANDBOX_ACCESS_FILE, type SandboxMode } from '../../src/sandbox-mode.js';
import { deleteKeys } from '../foundation/harness.js';
import { REDIS_URL } from '../redis-url.js';
import { curl, type SandboxRun, startSandboxRun } from '../support/sandbox-run.js';

const TRUNK_BASE_ID = '9d4b7c1e-3a2f-4e8d-b6c5-twilio000001';

let run: SandboxRun;
let sandbox: SandboxMode;
let bot: RunningBot;
let printed: string[];
const prefix = `test-try-${randomUUID()}`;

beforeAll(async () => {
  // What a newcomer's shell has: no credentials, no access file.
  run = await startSandboxRun({ PORT: '0', QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent', REDIS_URL });
  ({ sandbox, bot } = run);
  printed = sandbox.instructions(bot.url);
}, 30_000);

afterAll(async () => {
  await run?.stop();
  await deleteKeys(REDIS_URL, prefix);
});

function trunkEnabled(): boolean {
  const tb = sandbox.vendors!.genesys.state.trunkBases.find((t) => t.id === TRUNK_BASE_ID)!;
  const prop = (tb.properties as Record<string, { value?: { instance?: unknown } }>).trunk_enabled;
  return prop?.value?.instance === true;
}

describe('trying a change in sandbox mode', () => {
  it('uses the bundled access file and says so', () => {
    expect(sandbox.env.BYOC_ACCESS_FILE).toBe(SANDBOX_ACCESS_FILE);
    expect(printed.join('\n')).toContain('src/sandbox/access.yml');
  });

  it('the printed "Try a change" lines ask as the operator and apply it as the approver', async () => {
    const ask = printed.find((l) => l.includes('/__sandbox/slash') && l.includes('trunk disable Twilio'));
    const approve = printed.find((l) => l.includes('/__sandbox/click'));
    expect(ask).toContain(`--data-urlencode 'text=trunk disable Twilio --reason "try it"'`);
    expect(approve).toContain(`-d action=approval.approve -d user=${SANDBOX_APPROVER_ID}`);
    expect(trunkEnabled()).toBe(true);

    const card = await curl(ask!);
    expect(card.status).toBe(200);
    expect(card.body).toContain('Approval needed');
    expect(card.body).toContain('try it');
    expect(card.body).toContain('sam.sandbox');
    // Answers from the fake vendors say so, so nobody takes them for their org.
    expect(card.body).toContain('sandbox: fake Genesys Cloud and Twilio, not your org');
    // The approval id is readable on the Approve button, so a person can press that one.
    const id = /\[Approve \((ap-[A-Za-z0-9_-]+)\)\]/.exec(card.body)?.[1];
    expect(id, card.body).toBeDefined();
    expect(card.body).toContain(`[Reject (${id})]`);

    // A button that is not there: 404, naming the buttons that are.
    const missing = await curl(
      `curl -s ${sandbox.slack!.url}/__sandbox/click -d action=approval.approve -d value=ap-nope`,
    );
    expect(missing.status).toBe(404);
    const listed = JSON.parse(missing.body) as { error: string; buttons: { action: string; value?: string }[] };
    expect(listed.error).toContain('"ap-nope"');
    expect(listed.buttons).toContainEqual(expect.objectContaining({ action: 'approval.approve', value: id }));

    // The operator cannot approve their own request: a private answer, nothing changes.
    const own = await curl(`curl -s ${sandbox.slack!.url}/__sandbox/click -d action=approval.approve -d value=${id}`);
    expect(own.status).toBe(200);
    expect(own.body).toContain('(only you see this)');
    expect(own.body).toContain('*approver* role');
    expect(trunkEnabled()).toBe(true);

    const applied = await curl(approve!);
    expect(applied.status).toBe(200);
    expect(applied.body).toContain('Applied: ');
    expect(applied.body).toContain('Applied and verified');
    expect(applied.body).toContain('lea.lead');
    expect(applied.body).not.toContain('[Approve');

    // The fake Genesys trunk is out of service, on both edges.
    expect(trunkEnabled()).toBe(false);
    const instances = trunkInstances(sandbox.vendors!.genesys.state).filter((t) => t.trunkBase?.id === TRUNK_BASE_ID);
    expect(instances.map((t) => t.inService)).toEqual([false, false]);
    expect((await bot.services.approvals.get(id!))?.state).toBe('applied');
  }, 60_000);

  it('with nothing to press, says so', async () => {
    const slackUrl = sandbox.slack!.url;
    const res = await curl(`curl -s ${slackUrl}/__sandbox/click -d action=no.such.button`);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body).error).toContain('no button with action "no.such.button"');
  });
});
