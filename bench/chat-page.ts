/**
 * The sandbox chat page as a person meets it, in headless Chromium: how long the page takes to load and be ready,
 * and how long a card takes to appear after Enter (the command goes to the bot signed, as Slack sends it; the page
 * polls every 400 ms for what the bot posted and draws it).
 *
 *   npx tsx bench/chat-page.ts [--runs 5]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { deleteKeys } from '../test/foundation/harness.js';
import { launchChromium } from '../test/support/browser.js';
import { startSandboxRun } from '../test/support/sandbox-run.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const RUNS = Number(values.runs);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench-page-${randomUUID()}`;

const run = await startSandboxRun({ PORT: '0', LOG_LEVEL: 'silent', QUEUE_PREFIX: prefix, REDIS_URL });
const browser = await launchChromium();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (xs: number[]) => `median ${Math.round(median(xs))} ms, max ${Math.round(Math.max(...xs))} ms`;
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  const loads: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await page.goto(run.sandbox.page?.url ?? '');
    await page.waitForSelector('body[data-ready="true"]');
    loads.push(performance.now() - t);
  }
  const timeToCard = async (text: string, header: string) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const before = await page.locator('#messages .sk-header', { hasText: header }).count();
      const t = performance.now();
      await page.fill('#composer', text);
      await page.press('#composer', 'Enter');
      await page.locator('#messages .sk-header', { hasText: header }).nth(before).waitFor({ timeout: 30_000 });
      times.push(performance.now() - t);
    }
    return times;
  };
  const help = await timeToCard('/byoc help', 'what you can ask');
  const status = await timeToCard('/byoc status --fresh', 'BYOC:');
  console.log(
    `chat page, ${RUNS} runs each (headless Chromium; Enter to the card drawn; the page polls every 400 ms):`,
  );
  console.log(`  page load to ready          ${fmt(loads)}`);
  console.log(`  /byoc help                 ${fmt(help)}`);
  console.log(`  /byoc status --fresh       ${fmt(status)}`);
} finally {
  await browser.close();
  await run.stop();
  await deleteKeys(REDIS_URL, prefix);
}
