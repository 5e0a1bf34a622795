/**
 * What every chaos case runs against: a private Redis (append-only, fsync on every write, as a queue's Redis should
 * be, so a killed Redis keeps what it acknowledged), the sandbox's fake Genesys and Twilio, a fake Slack, and the bot
 * with a key prefix of the case's own, in this process or as worker processes the case may kill.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningBot, startBot } from '../src/bot.js';
import { loadConfig, secretValues } from '../src/config.js';
import { createLogger } from '../src/log.js';
import type { ProcessRole } from '../src/process-role.js';
import { PROJECT_ROOT } from '../src/router/discover.js';
import { type Sandbox, startSandbox } from '../src/sandbox/sandbox.js';
import { FakeSlack } from '../src/sandbox/slack/fake-slack.js';
import { PrivateRedis } from '../test/support/private-redis.js';

export const SIGNING_SECRET = 'chaos-signing-secret-5d1e0b';
export const BOT_TOKEN = 'xoxb-chaos-token-93af27';

export interface Rig {
  redis: PrivateRedis;
  sandbox: Sandbox;
  slack: FakeSlack;
  /** Every log line of every bot of the run, and every worker process's output. */
  logs: string[];
  /** Everything the fake Slack received (calls and response_url posts), as JSON. */
  slackBodies: string[];
  /** Every secret value of the run: none may appear in `logs` or `slackBodies`. */
  secrets: string[];
  env(prefix: string, extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

export async function startRig(): Promise<Rig> {
  const redis = await PrivateRedis.start(['--appendonly', 'yes', '--appendfsync', 'always']);
  const sandbox = await startSandbox({ scenario: 'default' });
  const slack = await FakeSlack.start({ token: BOT_TOKEN });
  const dir = mkdtempSync(join(tmpdir(), 'byoc-chaos-'));
  const accessFile = join(dir, 'access.yml');
  // Everyone may ask for a change: each command of a case comes from a person of its own.
  writeFileSync(accessFile, 'roles:\n  approver: [U0LEAD1]\n  operator: ["*"]\n');
  const slackBodies: string[] = [];
  const stopListening = slack.subscribe((event) => {
    slackBodies.push(
      event.kind === 'call'
        ? // The token a Web API call authenticates with is the bot's own business with Slack, not a leak.
          JSON.stringify({
            method: event.call.method,
            params: { ...event.call.params, token: undefined },
            result: event.call.result,
          })
        : JSON.stringify(event.response.body),
    );
  });
  const secrets = [SIGNING_SECRET, BOT_TOKEN, sandbox.env.GENESYS_CLIENT_SECRET, sandbox.env.TWILIO_AUTH_TOKEN].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
  return {
    redis,
    sandbox,
    slack,
    logs: [],
    slackBodies,
    secrets,
    env: (prefix, extra = {}) => ({
      ...sandbox.env,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      BYOC_ACCESS_FILE: accessFile,
      LOG_LEVEL: 'info',
      WORKER_STALLED_SECONDS: '5',
      SHUTDOWN_GRACE_SECONDS: '5',
      ...extra,
    }),
    async close() {
      stopListening();
      await slack.close();
      await sandbox.close();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function newPrefix(name: string): string {
  return `chaos-${name}-${randomUUID().slice(0, 8)}`;
}

/** The bot in this process, its log lines kept in `rig.logs` (scrubbed of secrets by its own logger). */
export async function startInProcess(rig: Rig, env: Record<string, string>, role: ProcessRole): Promise<RunningBot> {
  const config = loadConfig(env);
  const log = createLogger({
    level: 'info',
    secrets: secretValues(config),
    destination: { write: (line: string) => rig.logs.push(line) },
  });
  return startBot({ config, role, log, port: 0 });
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the process says it started. */
  started: Promise<void>;
  exited: Promise<void>;
}

/** `npm start -- --role worker` as a process of its own, which the case may SIGKILL or SIGTERM. */
export function startWorkerProcess(rig: Rig, env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', 'worker'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const started = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      const text = d.toString();
      rig.logs.push(text);
      output += text;
      if (output.includes('byoc-bot started')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new Error(`worker exited before starting (${code ?? signal}): ${output.slice(-2000)}`)),
    );
  });
  started.catch(() => undefined);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return { child, started, exited };
}
