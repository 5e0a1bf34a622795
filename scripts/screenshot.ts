/**
 * `npm run screenshot`: the picture of the sandbox chat page in docs/ (shown in the README), taken the way a person
 * would get there: the bot and the fakes as `npm start` runs them with no credentials, the page in headless
 * Chromium, `/byoc status`, then a change asked for by the operator and approved by the approver. Prints how long
 * the first card took to appear on the page after the command was sent.
 *
 *   npm run screenshot [-- --out docs/chat-page.png]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ensureRedis } from '../src/redis-bootstrap.js';
import { SANDBOX_APPROVER_ID } from '../src/sandbox/slack/sandbox-users.js';
import { launchChromium } from '../test/support/browser.js';
import { startSandboxRun } from '../test/support/sandbox-run.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/chat-page.png' } } });

const redis = await ensureRedis({ env: process.env, allowPrivate: true });
const env = { PORT: '0', LOG_LEVEL: 'silent', QUEUE_PREFIX: `byoc-screenshot-${randomUUID()}`, REDIS_URL: redis.url };
const { sandbox, stop } = await startSandboxRun(env);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 }, deviceScaleFactor: 1 });
  await page.goto(sandbox.page?.url ?? '');
  await page.waitForSelector('body[data-ready="true"]');
  const send = async (text: string) => {
    await page.fill('#composer', text);
    await page.press('#composer', 'Enter');
  };
  const sent = performance.now();
  await send('/byoc status');
  await page.locator('#messages .sk-header', { hasText: 'BYOC: Healthy' }).waitFor({ timeout: 30_000 });
  const firstCardMs = performance.now() - sent;
  await send('/byoc trunk disable Twilio --reason "maintenance window"');
  const approval = page.locator('#messages .message', { hasText: 'Approval needed' }).last();
  await approval.waitFor({ timeout: 30_000 });
  await page.selectOption('#who', SANDBOX_APPROVER_ID);
  await approval.locator('button.sk-button', { hasText: 'Approve' }).click();
  if (await page.locator('dialog#confirm[open]').isVisible()) await page.click('#confirm-yes');
  await page.locator('#messages .sk-header', { hasText: 'Applied' }).waitFor({ timeout: 30_000 });
  // The watch notices the trunk out of service and posts in the alerts channel.
  await page.locator('#alerts .message').first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: values.out });
  process.stdout.write(
    `${values.out} written\nfirst card on the page: ${Math.round(firstCardMs)} ms after sending /byoc status\n`,
  );
} finally {
  await browser.close();
  await stop();
  await redis.stop();
}
