/**
 * The sandbox chat page end to end, in headless Chromium: the bot and the fakes as `npm start` with no credentials
 * runs them (the same functions main.ts calls, in process), and a person on the page. They run `/byoc status` and
 * see the Healthy card drawn from Block Kit; ask to take the trunk out of service as the operator, become the
 * approver, press Approve and see "Applied and verified"; see the same bot in Teams, drawn by the `adaptivecards`
 * renderer; take an edge offline and see the watch's alert in the alerts channel; and pick another scenario.
 *
 * No Chromium is a failure that says how to get one (test/support/browser.ts), never a skip.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/bot.js';
import { SANDBOX_APPROVER_ID } from '../../src/sandbox/slack/sandbox-users.js';
import { SANDBOX_ALERT_CHANNEL, type SandboxMode } from '../../src/sandbox-mode.js';
import { deleteKeys } from '../foundation/harness.js';
import { REDIS_URL } from '../redis-url.js';
import { launchChromium } from '../support/browser.js';
import { type SandboxRun, startSandboxRun } from '../support/sandbox-run.js';

let run: SandboxRun;
let sandbox: SandboxMode;
let bot: RunningBot;
let browser: Browser;
let page: Page;
let pageUrl: string;
const prefix = `test-page-${randomUUID()}`;
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  run = await startSandboxRun({ PORT: '0', QUEUE_PREFIX: prefix, LOG_LEVEL: 'silent', REDIS_URL });
  ({ sandbox, bot } = run);
  // The address a person copies from the start-up banner.
  const banner = sandbox.instructions(bot.url).find((l) => l.includes('Chat page'));
  pageUrl = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(banner ?? '')?.[1] ?? '';
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('dialog', (dialog) => void dialog.dismiss());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await run?.stop();
  await deleteKeys(REDIS_URL, prefix);
});

async function type(text: string): Promise<void> {
  await page.fill('#composer', text);
  await page.press('#composer', 'Enter');
}

/** The newest message in the channel whose text contains `words`. */
function lastMessage(words: string) {
  return page.locator('#messages .message', { hasText: words }).last();
}

describe('the sandbox chat page', () => {
  it('is printed in the banner, on 127.0.0.1', () => {
    expect(pageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('runs /byoc status and draws the Healthy card from Block Kit', async () => {
    await page.goto(pageUrl);
    await page.waitForSelector('body[data-ready="true"]');
    await expect(page.locator('#who').inputValue()).resolves.toBe('U0SANDBOX');
    await type('/byoc status');
    // Slack-like echo of the command, then the bot's message turns from "working on it" into the card.
    await lastMessage('/byoc status').waitFor();
    const card = lastMessage('BYOC: Healthy');
    await card.waitFor({ timeout: 20_000 });
    await expect(card.locator('.sk-header').textContent()).resolves.toContain('BYOC: Healthy');
    // Fields side by side, the context line with the sandbox mark, and working buttons.
    expect(await card.locator('.sk-fields .sk-field').count()).toBeGreaterThan(1);
    await expect(card.locator('.sk-context').last().textContent()).resolves.toContain('sandbox: fake Genesys Cloud');
    expect(await card.locator('.sk-context').last().textContent()).not.toContain('[object Object]');
    await expect(card.locator('button.sk-button', { hasText: 'Refresh' }).count()).resolves.toBe(1);
    // The mrkdwn's emoji are drawn as emoji, not as :names:.
    expect(await card.textContent()).not.toMatch(/:white_check_mark:|:large_green_circle:/);
  });

  it('takes an edge offline from the faults and shows the watch’s alert in the alerts channel', async () => {
    await expect(page.locator('#alerts-name').textContent()).resolves.toContain(SANDBOX_ALERT_CHANNEL);
    // A click, as a person does (the switches are drawn again from the fakes' state after each change).
    await page.click('input[data-fault="edge-offline"]');
    // One of the trunk's two edges is gone: the watch calls the trunk degraded, in the alerts channel.
    await page.locator('#alerts .message', { hasText: 'DEGRADED' }).first().waitFor({ timeout: 45_000 });
    expect(sandbox.vendors?.genesys.state.faults.edgesOffline.length).toBe(1);
    await page.click('input[data-fault="edge-offline"]');
    await expect.poll(() => page.isChecked('input[data-fault="edge-offline"]')).toBe(false);
    expect(sandbox.vendors?.genesys.state.faults.edgesOffline).toEqual([]);
  }, 60_000);

  it('asks for a change as the operator, approves it as the approver, and shows "Applied and verified"', async () => {
    await type('/byoc trunk disable Twilio --reason "tried on the page"');
    const approval = lastMessage('Approval needed');
    await approval.waitFor({ timeout: 20_000 });
    // The operator may not approve their own change: the card still offers the button to everyone.
    await page.selectOption('#who', SANDBOX_APPROVER_ID);
    await approval.locator('button.sk-button', { hasText: 'Approve' }).click();
    // Slack's confirmation dialog, when the button asks first.
    if (await page.locator('dialog#confirm[open]').isVisible()) await page.click('#confirm-yes');
    const applied = lastMessage('Applied');
    await applied.waitFor({ timeout: 30_000 });
    await expect(applied.textContent()).resolves.toContain('Applied and verified');
    await expect(applied.textContent()).resolves.toContain('lea.lead');
    const trunk = sandbox.vendors?.genesys.state.trunkBases.find((t) => t.name === 'Twilio');
    const enabled = ((trunk?.properties ?? {}) as Record<string, { value?: { instance?: unknown } }>).trunk_enabled;
    expect(enabled?.value?.instance).toBe(false);
  });

  it('shows the bot in Teams, with the card drawn by the adaptivecards renderer, and its buttons work', async () => {
    await page.click('#tab-teams');
    await expect(page.locator('#who').inputValue()).resolves.toBe('00000000-0000-4000-8000-00000000a001');
    await type('status');
    const card = page.locator('#messages .message .ac-adaptiveCard', { hasText: 'BYOC:' }).last();
    await card.waitFor({ timeout: 20_000 });
    // The trunk is out of service since the change above.
    await expect(card.textContent()).resolves.toContain('Down');
    // The press reaches the bot as Teams' adaptiveCard/action invoke, and the bot answers on the connector.
    const callsBefore = sandbox.teams?.calls.length ?? 0;
    await card.locator('button', { hasText: 'Refresh' }).click();
    await expect.poll(() => sandbox.teams?.calls.length ?? 0, { timeout: 20_000 }).toBeGreaterThan(callsBefore);
    await page.click('#tab-slack');
  });

  it('picks another scenario: the fakes start again with it and the bot answers from it', async () => {
    const before = sandbox.vendors;
    await page.selectOption('#scenario', 'broken/byoc-product-missing');
    await page.locator('#scenario-note', { hasText: 'is running' }).waitFor({ timeout: 20_000 });
    expect(sandbox.vendors).not.toBe(before);
    expect(sandbox.vendors?.genesys.port).toBe(before?.genesys.port);
    // --fresh: the status card of a moment ago may still be cached, from the scenario before.
    await type('/byoc status --fresh');
    await expect
      .poll(() => page.locator('#messages .message').last().textContent(), { timeout: 30_000 })
      .toContain('not enabled');
  }, 60_000);

  it('takes no command from another web page, nor a plain form post', async () => {
    const asForm = await fetch(`${pageUrl}api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'platform=slack&user=U0SANDBOX&text=status',
    });
    expect(asForm.status).toBe(403);
    const crossSite = await fetch(`${pageUrl}api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ platform: 'slack', user: 'U0SANDBOX', text: 'status' }),
    });
    expect(crossSite.status).toBe(403);
    const stranger = await fetch(`${pageUrl}api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'slack', user: 'U0NOBODY', text: 'status' }),
    });
    expect(stranger.status).toBe(400);
    // Another site's name pointed at 127.0.0.1 (DNS rebinding): the Host header gives it away.
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${pageUrl}api/state`,
        { headers: { host: `evil.example:${new URL(pageUrl).port}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(rebound).toBe(403);
    await expect(stranger.json()).resolves.toMatchObject({ error: 'unknown user "U0NOBODY"' });
  });

  it('raised no script error in the page, and shows none', async () => {
    expect(pageErrors).toEqual([]);
    await expect(page.locator('#error').isHidden()).resolves.toBe(true);
  });
});
