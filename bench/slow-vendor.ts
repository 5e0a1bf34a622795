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
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startBot } from '../src/bot.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { startSandbox } from '../src/sandbox/sandbox.js';
import { FakeSlack, sendToSlackApp, slashCommandBody } from '../src/sandbox/slack/fake-slack.js';
import { deleteKeys } from '../test/foundation/harness.js';

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
const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench-token';

interface Sent {
  text: string;
  sentAt: number;
  firstUpdateAt?: number;
  /** When its message first showed a card that is not a "working on it" note. */
  answeredAt?: number;
  firstUpdateText?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stats(values: number[]): string {
  if (values.length === 0) return '-';
  const sorted = [...values].sort((a, b) => a - b);
  const p50 = sorted[Math.floor((sorted.length - 1) / 2)] as number;
  return `p50 ${p50.toFixed(0)} ms, max ${(sorted.at(-1) as number).toFixed(0)} ms`;
}

async function main() {
  const sandbox = await startSandbox({ scenario: 'default' });
  const slack = await FakeSlack.start({ token: TOKEN });
  const prefix = `bench-${randomUUID()}`;
  const config = loadConfig({
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL: process.env.REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    SNAPSHOT_CACHE_SECONDS: '0',
    ...sandbox.env,
  });
  const bot = await startBot({ config, port: 0, log: createLogger({ level: 'error' }) });
  const eventsUrl = `${bot.url}/slack/events`;

  const byAsker = new Map<string, Sent>();
  const tsToAsker = new Map<string, string>();
  const stop = slack.subscribe((e) => {
    if (e.kind !== 'call') return;
    if (e.call.method === 'chat.postMessage' && e.call.result?.ts) {
      const asker = /<@(UB[0-9A-Z]+)>/.exec(String(e.call.params.text))?.[1];
      if (asker) tsToAsker.set(String(e.call.result.ts), asker);
    } else if (e.call.method === 'chat.update') {
      const sent = byAsker.get(tsToAsker.get(String(e.call.params.ts)) ?? '');
      if (!sent) return;
      const text = JSON.stringify(e.call.params);
      sent.firstUpdateAt ??= performance.now();
      sent.firstUpdateText ??= text;
      if (!text.includes('Working on')) sent.answeredAt ??= performance.now();
    }
  });

  let n = 0;
  async function send(text: string): Promise<Sent> {
    const asker = `UB${n++}`;
    const sent: Sent = { text, sentAt: performance.now() };
    byAsker.set(asker, sent);
    const body = slashCommandBody({ text, userId: asker, responseUrl: slack.responseUrl(`bench-${asker}`) });
    const res = await sendToSlackApp(eventsUrl, body, { secret: SECRET });
    if (res.status !== 200) throw new Error(`/byoc ${text}: HTTP ${res.status}`);
    return sent;
  }
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
    await until('the warm-up card', () => warm.answeredAt !== undefined);

    sandbox.genesys.setFaults({ genesysDown: true });
    const silentAt = performance.now();
    const statuses = await Promise.all(Array.from({ length: STATUSES }, () => send('status --fresh')));
    const helps: Sent[] = [];
    for (let i = 0; i < HELPS; i++) {
      helps.push(await send('help'));
      await sleep(300);
    }
    await until('every help card', () => helps.every((h) => h.firstUpdateAt !== undefined));
    const wait = Math.max(0, SILENCE_MS - (performance.now() - silentAt));
    await sleep(wait);
    sandbox.genesys.setFaults({ genesysDown: false });
    const backAt = performance.now();
    await until('every status card', () => statuses.every((s) => s.answeredAt !== undefined));

    const helpMs = helps.map((h) => after(h, h.firstUpdateAt));
    const noteMs = statuses.map((s) => after(s, s.firstUpdateAt));
    const cardAfterBack = statuses.map((s) => (s.answeredAt === undefined ? CAP_MS : s.answeredAt - backAt));
    const notes = statuses.filter((s) => s.firstUpdateText?.includes('not answering')).length;
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
    stop();
    await bot.stop(5000);
    await slack.close();
    await sandbox.close();
    await deleteKeys(config.redisUrl, prefix);
  }
}

await main();
