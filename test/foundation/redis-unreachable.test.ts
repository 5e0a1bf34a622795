/**
 * The Redis named in REDIS_URL does not answer: the bot still opens its port, /readyz says 503, and the log says what
 * is wrong in one line per retry interval (no stack traces, no password); once that Redis is there, the bot says so
 * and gets ready. The Redis here is the test's own `redis-server` on a free port, started late on purpose.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/listen.js';
import { REDIS_RETRY_MS } from '../../src/redis-trouble.js';
import { FakeSlack } from '../../src/sandbox/slack/fake-slack.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PASSWORD = 'hunter2-redis-trouble';
const children: ChildProcess[] = [];
const dirs: string[] = [];
const slacks: FakeSlack[] = [];

afterEach(async () => {
  for (const s of slacks.splice(0)) await s.close();
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      const gone = new Promise((resolve) => c.once('exit', resolve));
      c.kill('SIGKILL');
      await gone;
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function readyz(port: number): Promise<number> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) })).status;
  } catch {
    return 0;
  }
}

describe('REDIS_URL names a Redis that does not answer', () => {
  it('the port opens, /readyz says 503, one line per retry interval; when Redis comes, it is ready', async () => {
    const redisPort = await freePort();
    const httpPort = await freePort();
    const slack = await FakeSlack.start({ token: 'xoxb-redis-trouble' });
    slacks.push(slack);
    const bot = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${redisPort}`,
        SLACK_SIGNING_SECRET: 'secret-for-redis-trouble',
        SLACK_BOT_TOKEN: 'xoxb-redis-trouble',
        SLACK_API_URL: slack.apiUrl,
        TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: 'twilio-token-redis-trouble',
        PORT: String(httpPort),
        QUEUE_PREFIX: 'test-redis-trouble',
      },
    });
    children.push(bot);
    let output = '';
    const collect = (d: Buffer) => {
      output += d.toString();
    };
    bot.stdout?.on('data', collect);
    bot.stderr?.on('data', collect);

    // A busy machine may take most of a minute to load the bot before its port opens.
    await expect.poll(() => readyz(httpPort), { timeout: 60_000, interval: 200 }).toBe(503);
    const firstLineAt = Date.now();
    await expect.poll(() => output.includes('does not answer'), { timeout: 10_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 3 * REDIS_RETRY_MS));
    const elapsed = Date.now() - firstLineAt;
    const troubleLines = output.split('\n').filter((l) => l.includes('does not answer'));
    expect(troubleLines.length).toBeGreaterThanOrEqual(2);
    expect(troubleLines.length).toBeLessThanOrEqual(Math.ceil(elapsed / REDIS_RETRY_MS) + 2);
    expect(troubleLines[0]).toContain(`Redis at redis://127.0.0.1:${redisPort} does not answer (ECONNREFUSED)`);
    expect(output.split('\n').filter((l) => l.trim() !== '' && !l.includes('does not answer'))).toEqual([]);
    expect(output).not.toContain('TCPConnectWrap');
    expect(output).not.toContain(PASSWORD);
    expect(await readyz(httpPort)).toBe(503);

    const dir = mkdtempSync(join(tmpdir(), 'byoc-test-redis-'));
    dirs.push(dir);
    const redis = spawn(
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--requirepass', PASSWORD],
      { stdio: 'ignore' },
    );
    children.push(redis);
    await expect.poll(() => readyz(httpPort), { timeout: 20_000, interval: 200 }).toBe(200);
    await expect.poll(() => output.includes('byoc-bot started'), { timeout: 20_000 }).toBe(true);
    expect(output).toContain(`Redis at redis://127.0.0.1:${redisPort} answers again`);

    const exited = new Promise<number | null>((resolve) => bot.once('exit', (code) => resolve(code)));
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 150_000);
});
