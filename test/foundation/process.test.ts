/**
 * `npm start` as an operator runs it: a real child process, its configuration from the environment, stopped with
 * SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack, sendToSlackApp, slashCommandBody } from '../../src/sandbox/slack/fake-slack.js';
import { REDIS_URL } from '../redis-url.js';
import { BOT_TOKEN, deleteKeys, SIGNING_SECRET } from './harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Child {
  process: ChildProcess;
  out: string[];
  err: string[];
  exited: Promise<number | null>;
}

function start(env: Record<string, string>, args: string[] = []): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', REDIS_URL, ...env },
  });
  const out: string[] = [];
  const err: string[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => err.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, out, err, exited };
}

async function waitForOutput(child: Child, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = pattern.exec(child.out.join(''));
    if (found) return found;
    if (Date.now() > deadline || child.process.exitCode !== null) {
      throw new Error(`no ${pattern} in output:\n${child.out.join('')}\n${child.err.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm start', { timeout: 120_000 }, () => {
  let slack: FakeSlack;
  const prefix = `test-${randomUUID()}`;
  beforeAll(async () => {
    slack = await FakeSlack.start({ token: BOT_TOKEN });
  });
  afterAll(async () => {
    await slack.close();
    await deleteKeys(REDIS_URL, prefix);
  });

  it('answers /byoc help, keeps its secrets out of the logs, and exits 0 on SIGTERM', async () => {
    const child = start({
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'twilio-auth-token-for-test',
      PORT: '0',
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'debug',
    });
    const port = (await waitForOutput(child, /"port":(\d+),"msg":"byoc-bot started"/))[1];
    // A signed body that is JSON null used to end the process (an unhandled rejection inside Bolt).
    const odd = await sendToSlackApp(`http://127.0.0.1:${port}/slack/events`, 'null', {
      secret: SIGNING_SECRET,
      contentType: 'application/json',
    });
    expect(odd.status).toBe(400);
    const body = slashCommandBody({ text: 'help', userId: 'UPROC', responseUrl: slack.responseUrl() });
    const res = await sendToSlackApp(`http://127.0.0.1:${port}/slack/events`, body, { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    const posted = await slack.waitFor('the working message', () =>
      slack.callsTo('chat.postMessage').find((c) => String(c.params.text).includes('<@UPROC>')),
    );
    await slack.waitForUpdate(String(posted.params.channel), String(posted.result?.ts));

    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    const output = child.out.join('') + child.err.join('');
    expect(output).toContain('byoc-bot stopped');
    for (const secret of [SIGNING_SECRET, BOT_TOKEN, 'twilio-auth-token-for-test'])
      expect(output).not.toContain(secret);

    // One key per fact: the process role once on every line, the worker's lines say so under their own key.
    const lines = child.out
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.match(/"role":/g) ?? []).toHaveLength(1);
    const workerLines = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.component === 'worker');
    expect(workerLines.length).toBeGreaterThan(0);
    for (const line of workerLines) expect(line.role).toBe('all');
  });

  it('a vendor configured by halves stops the start, naming what is missing, instead of running without it', async () => {
    const child = start({
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      GENESYS_CLIENT_ID: '7de3af06-c0b3-4f9b-af45-72f4a1403797',
      PORT: '0',
    });
    expect(await child.exited).toBe(1);
    const err = child.err.join('');
    expect(err).toContain('GENESYS_REGION: is needed with the other GENESYS_* variables you set');
    expect(err).toContain('GENESYS_CLIENT_SECRET: is needed with the other GENESYS_* variables you set');
    expect(err).not.toContain('TWILIO_');
    expect(child.out.join('')).not.toContain('SANDBOX');
  });

  it('stops at once with a message naming a bad variable and an example', async () => {
    const child = start({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'not-a-bot-token', PORT: '0' });
    expect(await child.exited).toBe(1);
    const err = child.err.join('');
    expect(err).toContain('SLACK_BOT_TOKEN');
    expect(err).toContain('Example: SLACK_BOT_TOKEN=xoxb-');
  });

  it('with no credentials runs the sandbox and prints a curl line that returns the help card', async () => {
    const child = start({ PORT: '0', QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn' });
    try {
      const curl = await waitForOutput(child, /curl -s (\S+\/__sandbox\/slash) --data-urlencode 'text=help'/, 45_000);
      const answer = await fetch(curl[1] as string, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'text=help',
      });
      expect(answer.status).toBe(200);
      expect(await answer.text()).toContain('/byoc help');
      expect(child.out.join('')).toContain('SANDBOX mode');
    } finally {
      child.process.kill('SIGTERM');
      expect(await child.exited).toBe(0);
    }
    // Sandbox mode starts every fake and loads botbuilder for the fake Teams: slow on a loaded machine.
  }, 60_000);
});
