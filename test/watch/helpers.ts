/**
 * A bot that watches the sandbox's trunks: the fake Genesys (with its notifications), the fake Twilio, the fake
 * Slack, and the bot with ALERT_CHANNEL set and short hold and poll times, so a story takes seconds.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import type { FakeSlackMessage } from '../../src/sandbox/slack/fake-slack.js';
import { type Harness, readable, startHarness } from '../foundation/harness.js';

export const ALERT_CHANNEL = 'C0ONCALL01';
export const TRUNK = 'Twilio';
export const EDGE_2 = 'virtual-edge-i-0a1b2c3d4e5f60002';
export const OPTIONS_TIMEOUT = 'SIP OPTIONS to purecloudABC.pstn.twilio.com timed out';

export interface WatchedBot {
  sandbox: Sandbox;
  h: Harness;
  /** The incident messages in the alert channel (not the thread replies). */
  alerts(): FakeSlackMessage[];
  /** The replies in an incident's thread, oldest first. */
  thread(ts: string): FakeSlackMessage[];
  /** Waits until the alert channel has `n` incident messages. */
  waitForAlerts(n: number, timeoutMs?: number): Promise<FakeSlackMessage[]>;
  disconnectEdge2(): void;
  reconnect(): void;
  /** Polls `check` until it holds. */
  until(what: string, check: () => boolean | Promise<boolean>, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** What a watched bot runs with: short hold and poll times, so a story takes seconds. */
export function watchEnv(sandbox: Sandbox, env: Record<string, string> = {}): Record<string, string> {
  return {
    ...sandbox.env,
    ALERT_CHANNEL,
    ALERT_HOLD_SECONDS: '1',
    WATCH_INTERVAL_SECONDS: '2',
    WATCH_SAFETY_POLL_MINUTES: '1',
    ALERT_REMIND_MINUTES: '60',
    ...env,
  };
}

/** Polls `check` until it holds. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  /** What to add to the timeout's message: the state that shows why it never came. */
  explain: () => Promise<string> | string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${await explain()}`.trimEnd());
    await sleep(25);
  }
}

/** The fake Genesys' second edge loses the Twilio trunk (OPTIONS time out), or gets it back. */
export function disconnectEdge2(sandbox: Sandbox): void {
  sandbox.genesys.setFaults({
    disconnected: [{ trunkBase: TRUNK, edge: EDGE_2, errorInfo: { text: OPTIONS_TIMEOUT, code: '408' } }],
  });
}

export function reconnect(sandbox: Sandbox): void {
  sandbox.genesys.setFaults({ disconnected: [] });
}

export async function startWatchedBot(env: Record<string, string> = {}): Promise<WatchedBot> {
  const sandbox = await startSandbox();
  const h = await startHarness({ env: watchEnv(sandbox, env) });
  const inChannel = () => [...h.slack.messages.values()].filter((m) => m.channel === ALERT_CHANNEL);
  const alerts = () => inChannel().filter((m) => m.threadTs === undefined);
  return {
    sandbox,
    h,
    alerts,
    thread: (ts) => inChannel().filter((m) => m.threadTs === ts),
    async waitForAlerts(n, timeoutMs = 20_000) {
      await until(`${n} alert message(s)`, () => alerts().length >= n, timeoutMs);
      return alerts();
    },
    disconnectEdge2: () => disconnectEdge2(sandbox),
    reconnect: () => reconnect(sandbox),
    until,
    async close() {
      await h.close();
      await sandbox.close();
    },
  };
}

/** Waits until the watcher has its notification socket open (push mode). */
export async function waitForPush(bot: Pick<WatchedBot, 'sandbox'> & { h: Pick<Harness, 'bot'> }): Promise<void> {
  await until('push mode', async () => {
    const status = await bot.h.bot.services.watch.store.status();
    return status?.mode === 'push' && bot.sandbox.genesys.notifications.openSockets > 0;
  });
}

export { readable };
