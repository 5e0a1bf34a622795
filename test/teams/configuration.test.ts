/**
 * Teams is configured by TEAMS_APP_ID and its secret; one process serves Slack, Teams or both, and botbuilder is
 * only loaded when Teams is on.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startBot } from '../../src/bot.js';
import { configErrorOf, loadConfig, secretValues } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { FakeBotFramework } from '../../src/sandbox/teams/fake-bot-framework.js';
import { deleteKeys } from '../foundation/harness.js';
import { TEAMS_APP_ID, TEAMS_APP_PASSWORD } from './harness.js';

const run = promisify(execFile);

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    const invalid = configErrorOf(err);
    if (invalid) return invalid.details.problems.map((p) => `${p.variable}: ${p.problem}`);
    throw err;
  }
  return [];
}

/** The configuration of a process with the Teams app set, and `env` besides. */
const withTeams = (env: Record<string, string> = {}) => loadConfig({ TEAMS_APP_ID, TEAMS_APP_PASSWORD, ...env });

describe('Teams configuration', () => {
  it('an app id without its secret, or a single-tenant app without a tenant, is refused with the variable named', () => {
    expect(problemsOf({ TEAMS_APP_ID })).toEqual([
      'TEAMS_APP_PASSWORD: is needed with TEAMS_APP_ID (without it nothing could be verified or sent)',
    ]);
    expect(problemsOf({ TEAMS_APP_PASSWORD })).toEqual([
      'SLACK_SIGNING_SECRET: is not set',
      'SLACK_BOT_TOKEN: is not set',
      'TEAMS_APP_ID: is needed with TEAMS_APP_PASSWORD',
    ]);
    expect(problemsOf({ TEAMS_APP_ID, TEAMS_APP_PASSWORD, TEAMS_APP_TYPE: 'SingleTenant' })).toEqual([
      'TEAMS_APP_TENANT_ID: is needed when TEAMS_APP_TYPE is SingleTenant',
    ]);
    expect(problemsOf({ TEAMS_APP_ID: 'not-a-guid', TEAMS_APP_PASSWORD })[0]).toMatch(/^TEAMS_APP_ID: must be/);
  });

  it('a channel setting may name a Teams conversation (teams:<id>) only when Teams is configured', () => {
    const slack = { SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' };
    expect(problemsOf({ ...slack, ALERT_CHANNEL: 'teams:19:a@thread.tacv2' })).toEqual([
      'ALERT_CHANNEL: names a Teams conversation, but Teams is not configured (TEAMS_APP_ID, TEAMS_APP_PASSWORD)',
    ]);
    expect(problemsOf({ TEAMS_APP_ID, TEAMS_APP_PASSWORD, AUDIT_CHANNEL: 'teams:' })).toEqual([
      'AUDIT_CHANNEL: names no Teams conversation after "teams:"',
    ]);
    expect(problemsOf({ ...slack, DOCTOR_SCHEDULE: '0 7 * * *', DOCTOR_CHANNEL: 'teams:19:x' })).toEqual([
      'DOCTOR_CHANNEL: names a Teams conversation, but Teams is not configured (TEAMS_APP_ID, TEAMS_APP_PASSWORD)',
    ]);
    const daily = withTeams({
      DOCTOR_SCHEDULE: '0 7 * * *',
      DOCTOR_CHANNEL: 'teams:19:x',
    });
    expect(daily.doctorSchedule?.channel).toBe('teams:19:x');
    const ok = withTeams({ ALERT_CHANNEL: 'teams:19:a@thread.tacv2' });
    expect(ok.watch.alertChannel).toBe('teams:19:a@thread.tacv2');
  });

  it("defaults to Bot Framework's endpoints, or the tenant's token endpoint for a single-tenant app; the secret is redacted", () => {
    const multi = withTeams();
    expect(multi.teams).toEqual({
      appId: TEAMS_APP_ID,
      appPassword: TEAMS_APP_PASSWORD,
      appType: 'MultiTenant',
      openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
      loginUrl: 'https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token',
      serviceUrl: 'https://smba.trafficmanager.net/teams/',
    });
    const single = withTeams({
      TEAMS_APP_TYPE: 'SingleTenant',
      TEAMS_APP_TENANT_ID: 'contoso.onmicrosoft.com',
    });
    expect(single.teams?.loginUrl).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token');
    expect(secretValues(multi)).toContain(TEAMS_APP_PASSWORD);
    expect(loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' }).teams).toBeUndefined();
  });

  it('with Teams set and Slack unset, one process serves Teams on /api/messages and has no Slack endpoint', async () => {
    const fake = await FakeBotFramework.start({ apps: { [TEAMS_APP_ID]: TEAMS_APP_PASSWORD } });
    const config = withTeams({
      TEAMS_OPENID_METADATA_URL: fake.openIdMetadataUrl,
      TEAMS_LOGIN_URL: fake.loginUrl(),
      QUEUE_PREFIX: `test-${Date.now()}-teams-only`,
      LOG_LEVEL: 'silent',
    });
    const bot = await startBot({ config, port: 0, log: createLogger({ level: 'silent' }) });
    try {
      expect(bot.platforms).toEqual({ slack: false, teams: true });
      const { answer } = await fake.sendMessage(`${bot.url}/api/messages`, TEAMS_APP_ID, {
        text: 'help',
        userAadId: 'aad-1',
      });
      expect(answer.status).toBe(200);
      const reply = await fake.waitFor('the working reply', () => fake.calls[0]);
      await fake.waitForAnswer(reply.id);
      expect((await fetch(`${bot.url}/slack/events`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    } finally {
      await bot.stop(2000);
      await fake.close();
      await deleteKeys(config.redisUrl, config.queuePrefix);
    }
  });

  it('botbuilder is not loaded by a process that does not serve Teams', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'byoc-lazy-'));
    const script = join(dir, 'probe.mts');
    writeFileSync(
      script,
      `
      import { createRequire } from 'node:module';
      const { loadConfig } = await import(${JSON.stringify(join(root, 'src/config.ts'))});
      const { startBot } = await import(${JSON.stringify(join(root, 'src/bot.ts'))});
      const { createLogger } = await import(${JSON.stringify(join(root, 'src/log.ts'))});
      const { FakeSlack } = await import(${JSON.stringify(join(root, 'src/sandbox/slack/fake-slack.ts'))});
      const slack = await FakeSlack.start({ token: 'xoxb-1' });
      const config = loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: slack.apiUrl,
        QUEUE_PREFIX: 'test-lazy-' + process.pid, LOG_LEVEL: 'silent' });
      const bot = await startBot({ config, port: 0, role: 'web', log: createLogger({ level: 'silent' }) });
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('/node_modules/botbuilder/')).length;
      const before = loaded();
      await bot.stop(500);
      await import(${JSON.stringify(join(root, 'node_modules/botbuilder/lib/index.js'))});
      process.stdout.write(JSON.stringify({ before, after: loaded() }));
      process.exit(0);
    `,
    );
    try {
      const { stdout } = await run('npx', ['tsx', script], { cwd: root });
      const { before, after } = JSON.parse(stdout.trim().split('\n').pop()!) as { before: number; after: number };
      expect(before).toBe(0);
      // The probe does see botbuilder once it is loaded.
      expect(after).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
