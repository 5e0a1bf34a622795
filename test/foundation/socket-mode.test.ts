/**
 * Socket Mode: with SLACK_APP_TOKEN the bot opens a WebSocket to (the fake) Slack through `apps.connections.open`
 * at SLACK_API_URL, and takes the same commands and button presses over it as over HTTP, each envelope acked; the
 * request guard still refuses what is not a command or a click; and a dropped socket comes back by itself.
 * The real @slack/socket-mode client and Bolt against the fake Slack's Socket Mode server, the fake vendors, and
 * the real Redis.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../../src/bot.js';
import { loadConfig, secretValues } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import {
  blockActionsPayload,
  blocksToText,
  FakeSlack,
  slashCommandPayload,
  TEST_CHANNEL_ID,
} from '../../src/sandbox/slack/fake-slack.js';
import { SANDBOX_APPROVER_ID, SANDBOX_OPERATOR_ID, SANDBOX_USERS } from '../../src/sandbox/slack/sandbox-users.js';
import { SANDBOX_ACCESS_FILE } from '../../src/sandbox-mode.js';
import { REDIS_URL } from '../redis-url.js';
import { deleteKeys } from './harness.js';

const APP_TOKEN = 'xapp-1-A0SANDBOX-1-socket-mode-test-token';
const BOT_TOKEN = 'xoxb-socket-mode-test-token';
const prefix = `test-socket-${randomUUID()}`;

let slack: FakeSlack;
let vendors: Sandbox;
let bot: RunningBot;
const logLines: string[] = [];

beforeAll(async () => {
  slack = await FakeSlack.start({ token: BOT_TOKEN, appToken: APP_TOKEN, users: SANDBOX_USERS, socketPingMs: 1000 });
  vendors = await startSandbox();
  const config = loadConfig({
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    ...vendors.env,
    BYOC_ACCESS_FILE: SANDBOX_ACCESS_FILE,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'info',
  });
  const log = createLogger({
    level: 'info',
    secrets: secretValues(config),
    destination: { write: (line: string) => logLines.push(line) },
  });
  bot = await startBot({ config, log, port: 0, approvalSweepMs: 0, sandboxVendors: true });
}, 30_000);

afterAll(async () => {
  await bot?.stop(2000);
  await slack?.close();
  await vendors?.close();
  await deleteKeys(REDIS_URL, prefix);
});

/** `/byoc <text>` over the socket as `user`: the ack, and the message the bot's answer ends up in. */
async function command(text: string, user = SANDBOX_OPERATOR_ID, words?: string) {
  const since = Date.now();
  const ack = await slack.socketMode!.send(
    'slash_commands',
    slashCommandPayload({ text, userId: user, userName: SANDBOX_USERS[user]?.name, responseUrl: slack.responseUrl() }),
  );
  const message = await slack.waitFor(
    `the answer to "${text}"`,
    () => {
      const posted = slack
        .callsTo('chat.postMessage')
        .find((c) => c.at >= since && c.params.channel === TEST_CHANNEL_ID && c.result?.ts);
      const m = posted && slack.message(TEST_CHANNEL_ID, String(posted.result?.ts));
      return m && m.updates > 0 && (!words || blocksToText(m).includes(words)) ? m : undefined;
    },
    20_000,
  );
  return { ack, message };
}

describe('Socket Mode', () => {
  it('opens the socket with the app token through SLACK_API_URL, and serves no Slack HTTP endpoint', async () => {
    const open = slack.callsTo('apps.connections.open');
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open[0]?.token).toBe(APP_TOKEN);
    expect(slack.socketMode?.connected).toBe(1);
    expect((await fetch(`${bot.url}/slack/events`, { method: 'POST', body: 'x' })).status).toBe(404);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    // The app token is a secret: never in a log line.
    expect(logLines.join('\n')).not.toContain(APP_TOKEN);
  });

  it('answers /byoc status: the envelope is acked and the working message becomes the card', async () => {
    const { ack, message } = await command('status', SANDBOX_OPERATOR_ID, 'BYOC: Healthy');
    expect(ack.type).toBe('slash_commands');
    expect(blocksToText(message)).toContain('BYOC: Healthy');
  });

  it('takes button presses: the operator asks, the approver approves, and the change is applied', async () => {
    const { message } = await command('trunk disable Twilio --reason "socket mode"', SANDBOX_OPERATOR_ID, 'Approve');
    const approve = (message.blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id?.startsWith('approval.approve'));
    expect(approve?.value).toBeTruthy();
    const updates = message.updates;
    const ack = await slack.socketMode!.send(
      'interactive',
      blockActionsPayload({
        actionId: approve!.action_id!,
        value: approve!.value!,
        userId: SANDBOX_APPROVER_ID,
        userName: 'lea.lead',
        messageTs: message.ts,
        responseUrl: slack.responseUrl(),
      }),
    );
    expect(ack.type).toBe('interactive');
    const applied = await slack.waitFor(
      'the applied card',
      () => (message.updates > updates && blocksToText(message).includes('Applied and verified') ? message : undefined),
      20_000,
    );
    expect(blocksToText(applied)).toContain('lea.lead');
  });

  it('acks and refuses what is not a command or a click, and runs nothing for it', async () => {
    const before = slack.callsTo('chat.postMessage').length;
    const { user_id: _dropped, ...withoutUser } = slashCommandPayload({ text: 'status' });
    await slack.socketMode!.send('slash_commands', withoutUser);
    await slack.socketMode!.send('events_api', { event: { type: 'app_mention', text: 'hi' } });
    await slack.socketMode!.send('interactive', { type: 'block_actions', user: { id: 'U0X' }, actions: [] });
    await slack.socketMode!.send('slash_commands', null);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(slack.callsTo('chat.postMessage').length).toBe(before);
    const refused = logLines.filter((l) => l.includes('Slack envelope refused'));
    expect(refused.join('\n')).toContain('slash command without user_id');
    expect(refused.join('\n')).toContain('not an envelope this bot handles');
    expect(refused.join('\n')).toContain('button click without an action');
    expect(refused.join('\n')).toContain('without a payload object');
  });

  it('reconnects when the socket drops, and keeps answering', async () => {
    const made = slack.socketMode!.connectionsMade;
    slack.socketMode!.drop();
    await slack.waitFor(
      'a new connection',
      () => (slack.socketMode!.connectionsMade > made ? true : undefined),
      20_000,
    );
    await slack.socketMode!.waitForConnection();
    const { message } = await command('status', SANDBOX_OPERATOR_ID, 'BYOC:');
    expect(blocksToText(message)).toContain('BYOC:');
  }, 40_000);

  it('opens a new connection when Slack asks it to (a disconnect message), and keeps answering', async () => {
    const made = slack.socketMode!.connectionsMade;
    slack.socketMode!.askToReconnect();
    await slack.waitFor(
      'a new connection',
      () => (slack.socketMode!.connectionsMade > made ? true : undefined),
      20_000,
    );
    const { message } = await command('help');
    expect(blocksToText(message).length).toBeGreaterThan(0);
  }, 40_000);
});
