/**
 * A vendor that stops answering, as people see it: signed Slack slash commands to the bot (web + workers, real
 * Redis) on the sandbox's fake Genesys Cloud and Twilio, with the fake Genesys accepting connections and never
 * answering (`genesysDown`).
 *
 *   npx tsx bench/slow-vendor.ts [--statuses 20] [--helps 10] [--silence 40]
 *
 * 1. `--statuses` `/byoc status --fresh` are sent at once (twice WORKER_CONCURRENCY by default: every vendor slot is
 *    taken and more wait), then `--helps` `/byoc help`, one every 300 ms. For each: the time from sending the command
 *    to the first change of its working message (help: its card; status: the "not answering, retrying" note).
 *    Goal: help within 2 s (it needs no vendor).
 * 2. After `--silence` seconds Genesys answers again: the time until every status card is in place.
 * Waits are capped at 120 s ("> 120000" in the table).
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { startSandbox } from '../src/sandbox/sandbox.js';
import { type Sent, startSlackBench } from './slack-bench.js';

const { values } = parseArgs({
  options: {
    statuses: { type: 'string', default: '20' },
    helps: { type: 'string', default: '10' },
    silence: { type: 'string', default: '40' },
  },
});
const STATUSES = Number(values.statuses);
const HELPS = Number(values.helps);
const SILENCE_MS = Number(values.silence) * 1000;
const CAP_MS = 120_000;
const firstUpdateAt = (s: Sent) => s.updates[0]?.at;
const firstUpdateText = (s: Sent) => s.updates[0]?.params;
/** When its message first showed a card that is not a "working on it" note. */
const answeredAt = (s: Sent) => s.updates.find((u) => !u.params.includes('Working on'))?.at;

function stats(values: number[]): string {
  if (values.length === 0) return '-';
  const sorted = [...values].sort((a, b) => a - b);
  const p50 = sorted[Math.floor((sorted.length - 1) / 2)] as number;
  return `p50 ${p50.toFixed(0)} ms, max ${(sorted.at(-1) as number).toFixed(0)} ms`;
}

async function main() {
  const sandbox = await startSandbox({ scenario: 'default' });
  const { bot, send, close } = await startSlackBench(sandbox, {
    env: { SNAPSHOT_CACHE_SECONDS: '0' },
    logLevel: 'error',
  });
  const config = bot.services.config;
  async function until(what: string, done: () => boolean, capMs = CAP_MS): Promise<boolean> {
    const deadline = performance.now() + capMs;
    while (!done()) {
      if (performance.now() > deadline) {
        console.log(`  (gave up waiting for ${what} after ${capMs} ms)`);
        return false;
      }
      await sleep(50);
    }
    return true;
  }
  const after = (s: Sent, at: number | undefined) => (at === undefined ? CAP_MS : at - s.sentAt);

  try {
    // Logged in and warm while Genesys answers.
    const warm = await send('status --fresh');
    await until('the warm-up card', () => answeredAt(warm) !== undefined);

    sandbox.genesys.setFaults({ genesysDown: true });
    const silentAt = performance.now();
    const statuses = await Promise.all(Array.from({ length: STATUSES }, () => send('status --fresh')));
    const helps: Sent[] = [];
    for (let i = 0; i < HELPS; i++) {
      helps.push(await send('help'));
      await sleep(300);
    }
    await until('every help card', () => helps.every((h) => firstUpdateAt(h) !== undefined));
    const wait = Math.max(0, SILENCE_MS - (performance.now() - silentAt));
    await sleep(wait);
    sandbox.genesys.setFaults({ genesysDown: false });
    const backAt = performance.now();
    await until('every status card', () => statuses.every((s) => answeredAt(s) !== undefined));

    const helpMs = helps.map((h) => after(h, firstUpdateAt(h)));
    const noteMs = statuses.map((s) => after(s, firstUpdateAt(s)));
    const cardAfterBack = statuses.map((s) => {
      const at = answeredAt(s);
      return at === undefined ? CAP_MS : at - backAt;
    });
    const notes = statuses.filter((s) => firstUpdateText(s)?.includes('not answering')).length;
    console.log(
      `\nGenesys silent for ${(SILENCE_MS / 1000).toFixed(0)} s; WORKER_CONCURRENCY ${config.workerConcurrency}, ${STATUSES} status + ${HELPS} help`,
    );
    console.log('| what | figure |');
    console.log('| --- | --- |');
    console.log(`| help: sent -> card (no vendor needed) | ${stats(helpMs)} (goal < 2000 ms) |`);
    console.log(`| status: sent -> first word to the person | ${stats(noteMs)} |`);
    console.log(`| status: first word was "not answering; retrying" | ${notes} of ${STATUSES} |`);
    console.log(`| status: Genesys back -> card in place | ${stats(cardAfterBack)} |`);
  } finally {
    await close();
    await sandbox.close();
  }
}

await main();
