/**
 * The worker dies (SIGKILL) in the middle of a change job, right after its PUT reached Genesys: a new worker takes
 * the job over (BullMQ's stalled-job check, WORKER_STALLED_SECONDS=1), finds the trunk already as wanted, writes
 * nothing more, and the card reports the change as applied and verified. One effective PUT.
 *
 * The workers are real processes (`node --import tsx src/main.ts --role worker`), so the kill is a real one; the
 * web side runs in this process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/router/discover.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../foundation/harness.js';
import {
  approve,
  askToDisable,
  type Bench,
  expectDisabledByOneWrite,
  startBench,
  trunkBasePuts,
  trunkEnabled,
  waitForCard,
} from './helpers.js';

let bench: Bench;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  bench = await startBench({ bot: { role: 'web' } });
}, 30_000);

afterAll(async () => {
  for (const w of workers) await stop(w);
  await bench?.close();
}, 30_000);

function startWorker(output: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', 'worker'], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      ...bench.env,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: bench.h.slack.apiUrl,
      PORT: '0',
      LOG_LEVEL: 'info',
      WORKER_STALLED_SECONDS: '1',
      SHUTDOWN_GRACE_SECONDS: '2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  workers.push(child);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

describe('a worker killed in the middle of a change', () => {
  it('the change is applied once after another worker takes over, and the card shows the result', async () => {
    const { h, sandbox } = bench;
    const firstOutput: string[] = [];
    const first = startWorker(firstOutput);
    // A worker process takes a while to start on a busy machine: the request waits for it, not the test's clock.
    await h.slack.waitFor(
      'the first worker to start',
      () => (firstOutput.join('').includes('byoc-bot started') ? true : undefined),
      60_000,
    );

    const card = await askToDisable(h, 'kill -9 story');
    const id = card.id;
    sandbox.genesys.resetRequests();
    // Slow enough that the job is surely still running when its PUT has reached Genesys.
    sandbox.genesys.setFaults({ latencyMs: 800 });

    await approve(h, card);
    await h.slack.waitFor(
      'the PUT of the first worker',
      () => (trunkBasePuts(sandbox) === 1 ? true : undefined),
      30_000,
    );
    const killed = new Promise((resolve) => first.once('exit', (_code, signal) => resolve(signal)));
    first.kill('SIGKILL');
    expect(await killed).toBe('SIGKILL');

    // Genesys still carries out the write it received; the job never learnt the answer.
    await h.slack.waitFor('the write to land', () => (trunkEnabled(sandbox) ? undefined : true));
    expect((await h.bot.services.approvals.get(id))?.state).toBe('approved');
    sandbox.genesys.setFaults({ latencyMs: 0 });

    const secondOutput: string[] = [];
    startWorker(secondOutput);
    const text = await waitForCard(h, card.ts, 'Applied and verified', 60_000).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\nsecond worker said:\n${secondOutput.join('').slice(-3000)}`);
    });
    expect(text).toContain('report out of service');
    expect(text).not.toContain('Already in place');

    expectDisabledByOneWrite(sandbox);
    const approval = await h.bot.services.approvals.get(id);
    expect(approval?.state).toBe('applied');
    expect(approval?.history.map((t) => t.to)).toEqual(['pending', 'approved', 'applied']);
    const applies = (await h.bot.services.audit.query({ last: 20 })).filter(
      (e) => e.approvalId === id && e.action === 'apply',
    );
    expect(applies.map((e) => e.outcome)).toEqual(['applied']);
  }, 90_000);
});
