/**
 * Builds the requests Slack sends a bot, signed the way Slack signs them (HMAC-SHA256 of `v0:{timestamp}:{body}`
 * with the signing secret), so tests, the benchmark and the sandbox exercise the real verification path instead of
 * switching it off.
 */
import { createHmac, randomUUID } from 'node:crypto';

export const TEST_TEAM_ID = 'T0SANDBOX';
export const TEST_CHANNEL_ID = 'C0SANDBOX';
export const TEST_USER_ID = 'U0SANDBOX';

export function slackSignature(body: string, secret: string, timestampSeconds: number): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSeconds}:${body}`).digest('hex')}`;
}

export function signedHeaders(body: string, secret: string, timestampSeconds = Math.floor(Date.now() / 1000)) {
  return {
    'x-slack-request-timestamp': String(timestampSeconds),
    'x-slack-signature': slackSignature(body, secret, timestampSeconds),
  };
}

export interface SlashCommandInit {
  text: string;
  command?: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  teamId?: string;
  triggerId?: string;
  /** Where `respond()` posts; a fake Slack's `responseUrl()` gives one it records. */
  responseUrl?: string;
}

/** The form-encoded body of a slash command, as Slack posts it. */
export function slashCommandBody(init: SlashCommandInit): string {
  return new URLSearchParams(slashCommandPayload(init)).toString();
}

/** A slash command's fields: the HTTP form's, and the payload of a Socket Mode `slash_commands` envelope. */
export function slashCommandPayload(init: SlashCommandInit): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: init.teamId ?? TEST_TEAM_ID,
    team_domain: 'sandbox',
    channel_id: init.channelId ?? TEST_CHANNEL_ID,
    channel_name: 'byoc-sandbox',
    user_id: init.userId ?? TEST_USER_ID,
    user_name: init.userName ?? 'sandbox.user',
    command: init.command ?? '/byoc',
    text: init.text,
    api_app_id: 'A0SANDBOX',
    is_enterprise_install: 'false',
    response_url: init.responseUrl ?? 'http://127.0.0.1:9/response-url-not-set',
    trigger_id: init.triggerId ?? `${Date.now()}.${randomUUID()}`,
  };
}

export interface BlockActionInit {
  actionId: string;
  value: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  teamId?: string;
  /** The message holding the button. */
  messageTs: string;
  isEphemeral?: boolean;
  responseUrl?: string;
  triggerId?: string;
}

/** The form-encoded body of a button click (`payload=` holding the block_actions JSON). */
export function blockActionsBody(init: BlockActionInit): string {
  return new URLSearchParams({ payload: JSON.stringify(blockActionsPayload(init)) }).toString();
}

/** A button click's block_actions payload: the HTTP form's `payload`, and a Socket Mode `interactive` envelope's. */
export function blockActionsPayload(init: BlockActionInit): Record<string, unknown> {
  const channelId = init.channelId ?? TEST_CHANNEL_ID;
  const teamId = init.teamId ?? TEST_TEAM_ID;
  const payload = {
    type: 'block_actions',
    user: { id: init.userId ?? TEST_USER_ID, username: init.userName ?? 'sandbox.user', team_id: teamId },
    api_app_id: 'A0SANDBOX',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: init.messageTs,
      channel_id: channelId,
      is_ephemeral: init.isEphemeral ?? false,
    },
    trigger_id: init.triggerId ?? `${Date.now()}.${randomUUID()}`,
    team: { id: teamId, domain: 'sandbox' },
    channel: { id: channelId, name: 'byoc-sandbox' },
    message: { type: 'message', ts: init.messageTs, text: '' },
    response_url: init.responseUrl ?? 'http://127.0.0.1:9/response-url-not-set',
    actions: [
      {
        type: 'button',
        action_id: init.actionId,
        block_id: 'actions',
        value: init.value,
        action_ts: `${(Date.now() / 1000).toFixed(6)}`,
      },
    ],
  };
  return payload;
}

export interface SendOptions {
  secret: string;
  /** Seconds since the epoch; an old one makes a stale request. */
  timestampSeconds?: number;
  /** Replaces the computed signature (a wrong one), or `null` for none at all. */
  signature?: string | null;
  /** Marks a redelivery, as Slack does. */
  retryNum?: number;
  /** Slack sends forms; JSON bodies (`application/json`) are what malformed-request tests also try. */
  contentType?: string;
}

export interface SlackAppResponse {
  status: number;
  body: string;
  /** Milliseconds from sending to the response (the ack), measured by the sender. */
  ms: number;
}

/** POSTs a signed body to the bot's Slack endpoint (e.g. `http://127.0.0.1:3000/slack/events`). */
export async function sendToSlackApp(url: string, body: string, options: SendOptions): Promise<SlackAppResponse> {
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    ...signedHeaders(body, options.secret, options.timestampSeconds),
  };
  if (options.signature === null) delete headers['x-slack-signature'];
  else if (options.signature !== undefined) headers['x-slack-signature'] = options.signature;
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, body: text, ms: performance.now() - started };
}
