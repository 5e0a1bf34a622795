/**
 * A newcomer tries the bot through Teams in sandbox mode (no credentials, the same functions main.ts calls): the
 * printed Teams curl lines send a signed Teams message to the bot through the fake Bot Framework and print the card,
 * and a change asked in Teams is approved in Teams.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../../src/bot.js';
import { loadConfig, secretValues } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { SANDBOX_TEAMS_APPROVER } from '../../src/sandbox/teams/activities.js';
import { prepareSandboxMode, SANDBOX_TEAMS_APP_PASSWORD, type SandboxMode } from '../../src/sandbox-mode.js';
import { deleteKeys } from '../foundation/harness.js';
import { curl } from '../support/sandbox-run.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `test-teams-try-${randomUUID()}`;
let sandbox: SandboxMode;
let bot: RunningBot;
let printed: string[];

beforeAll(async () => {
  const env = { PORT: '0', QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent' };
  sandbox = await prepareSandboxMode(env, { port: 0 });
  try {
    const config = loadConfig({ ...env, ...sandbox.env });
    const log = createLogger({ level: config.logLevel, secrets: secretValues(config), base: { role: 'all' } });
    bot = await startBot({ config, role: 'all', log, port: 0 });
  } catch (err) {
    await sandbox.close();
    throw err;
  }
  sandbox.connect(bot.url);
  printed = sandbox.instructions(bot.url);
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  await sandbox?.close();
  await deleteKeys(REDIS_URL, prefix);
});

describe('Teams in sandbox mode', () => {
  it('serves both platforms, with the fake Bot Framework among the start-up hints', () => {
    expect(bot.platforms).toEqual({ slack: true, teams: true });
    const text = printed.join('\n');
    expect(text).toContain('fake Bot Framework');
    expect(text).toContain('/__sandbox/message');
    expect(text).not.toContain(SANDBOX_TEAMS_APP_PASSWORD);
  });

  it('the printed Teams line sends a signed message and prints the card that comes back', async () => {
    const line = printed.find((l) => l.includes('/__sandbox/message') && l.includes("'text=help'"));
    const res = await curl(line!);
    expect(res.status).toBe(200);
    expect(res.body).toContain('what you can ask');
    expect(sandbox.teams!.refused).toEqual([]);
  });

  it('a change asked in Teams is approved in Teams and applied', async () => {
    const ask = printed.find((l) => l.includes('/__sandbox/message') && l.includes('trunk disable'));
    const approve = printed.find((l) => l.includes('/__sandbox/press'));
    expect(approve).toContain(`user=${SANDBOX_TEAMS_APPROVER}`);
    const card = await curl(ask!);
    expect(card.body).toContain('Approval needed');
    const own = await curl(`curl -s ${sandbox.teams!.url}/__sandbox/press -d action=approval.approve`);
    expect(own.body).toContain('(only you see this)');
    const applied = await curl(approve!);
    expect(applied.status).toBe(200);
    expect(applied.body).toContain('Applied and verified');
  }, 60_000);
});
