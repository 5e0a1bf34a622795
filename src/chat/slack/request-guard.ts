/**
 * What stands in front of Bolt's HTTP receiver on `POST /slack/events`: a request reaches Bolt only when it is
 * signed by Slack, dated within five minutes of now in either direction, and shaped like something this bot
 * handles (a slash command, or a button click naming its user and action). Anything else is answered here, with
 * 401 (not Slack's, or not now) or 400 (signed but not a shape we take), logged, and never enqueued.
 *
 * Why not leave it to Bolt: Bolt's verifier only refuses timestamps older than five minutes, while Slack's rule
 * is a difference of at most five minutes either way ("If the difference ... is more than five minutes, the
 * request could be a replay attack", https://api.slack.com/authentication/verifying-requests-from-slack); and a
 * signed body that parses to `null` (JSON `null`, or `payload=null`) makes Bolt read a property of null outside
 * any try/catch, an unhandled rejection. The body read here is handed on to Bolt already buffered (Bolt reuses
 * `rawBody` when it is present), so it is read once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Logger } from '../../log.js';

/** Slack's replay window, both ways. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
/** Bolt's own default body limit (4 MB); a larger body gets 413. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export type Verdict =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; status: 400 | 401 | 413; reason: string };

export interface GuardOptions {
  signingSecret: string;
  /** The endpoint(s) Bolt answers on; other paths go straight to Bolt. */
  paths: readonly string[];
  log: Logger;
  nowMs?: () => number;
}

/** Wraps Bolt's request listener. */
export function guardSlackRequests(inner: RequestListener, options: GuardOptions): RequestListener {
  const now = options.nowMs ?? Date.now;
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method?.toUpperCase() !== 'POST' || !options.paths.includes(path)) {
      inner(req, res);
      return;
    }
    readBody(req, MAX_BODY_BYTES)
      .then((raw) => {
        if (raw === undefined) return refuse(res, options.log, 413, 'body larger than the limit');
        const verdict = checkSlackRequest(req.headers, raw, options.signingSecret, now());
        if (!verdict.ok) return refuse(res, options.log, verdict.status, verdict.reason);
        (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
        inner(req, res);
      })
      .catch((err: unknown) => {
        options.log.warn({ err }, 'Slack request could not be read');
        if (!res.headersSent) refuse(res, options.log, 400, 'unreadable body');
      });
  };
}

function refuse(res: ServerResponse, log: Logger, status: number, reason: string): void {
  log.warn({ status, reason }, 'Slack request refused');
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function header(headers: IncomingMessage['headers'], name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The whole decision, pure: signature, timestamp both ways, then the body's shape. */
export function checkSlackRequest(
  headers: IncomingMessage['headers'],
  raw: Buffer,
  signingSecret: string,
  nowMs: number,
): Verdict {
  const text = raw.toString('utf8');
  const contentType = (header(headers, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  // Slack's SSL check is unsigned by design; Bolt answers it and strips anything else from the body.
  if (contentType === 'application/x-www-form-urlencoded' && parseQuery(text).ssl_check === '1') {
    return { ok: true, body: { ssl_check: '1' } };
  }
  const timestamp = header(headers, 'x-slack-request-timestamp');
  const signature = header(headers, 'x-slack-signature');
  if (!timestamp || !signature) return { ok: false, status: 401, reason: 'signature headers missing' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, status: 401, reason: 'timestamp is not a number' };
  const skew = Math.abs(Math.floor(nowMs / 1000) - Number(timestamp));
  if (skew > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, status: 401, reason: `timestamp ${skew} s away from now (at most 300 s either way)` };
  }
  const expected = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${text}`).digest('hex')}`;
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) {
    return { ok: false, status: 401, reason: 'signature mismatch' };
  }
  const body = parseBody(text, contentType);
  if (!body) return { ok: false, status: 400, reason: 'body is not a JSON object or a form' };
  const shape = shapeProblem(body);
  if (shape) return { ok: false, status: 400, reason: shape };
  return { ok: true, body };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** As Bolt parses it: a form (its `payload` field as JSON when there is one), else JSON. */
function parseBody(text: string, contentType: string | undefined): Record<string, unknown> | undefined {
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = parseQuery(text);
      if (form.payload !== undefined) {
        if (typeof form.payload !== 'string') return undefined;
        const payload: unknown = JSON.parse(form.payload);
        return isObject(payload) ? payload : undefined;
      }
      return { ...form };
    }
    const json: unknown = JSON.parse(text);
    return isObject(json) ? json : undefined;
  } catch {
    return undefined;
  }
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** The Socket Mode envelope types this bot handles, and the payload each must carry. */
const SOCKET_MODE_TYPES: Record<string, (body: Record<string, unknown>) => boolean> = {
  slash_commands: (body) => typeof body.command === 'string',
  interactive: (body) => body.type === 'block_actions',
};

/**
 * The same decision for a Socket Mode envelope (https://api.slack.com/apis/socket-mode): undefined when its payload
 * is a slash command or a button click this bot handles, else why not. There is no signature or timestamp to check:
 * the envelope came over the WebSocket that the bot opened with its app token, to the URL Slack gave it; what is
 * left is the shape, checked as strictly as over HTTP so a malformed payload never reaches Bolt or the queue.
 */
export function socketModeProblem(type: string, payload: unknown): string | undefined {
  const expects = SOCKET_MODE_TYPES[type];
  if (!expects) return `not an envelope this bot handles (type ${JSON.stringify(type).slice(0, 40)})`;
  if (!isObject(payload)) return `${type} envelope without a payload object`;
  if (!expects(payload))
    return `${type} envelope whose payload is not a ${type === 'interactive' ? 'button click' : 'slash command'}`;
  return shapeProblem(payload);
}

/** Undefined when the body is a slash command or a button click with what this bot reads from it. */
function shapeProblem(body: Record<string, unknown>): string | undefined {
  if (typeof body.command === 'string') {
    for (const field of ['command', 'user_id', 'channel_id'] as const) {
      if (!isText(body[field])) return `slash command without ${field}`;
    }
    for (const field of ['text', 'response_url', 'trigger_id', 'user_name', 'team_id'] as const) {
      if (body[field] !== undefined && typeof body[field] !== 'string') return `slash command with a bad ${field}`;
    }
    return undefined;
  }
  if (body.type === 'block_actions') {
    if (!isObject(body.user) || !isText(body.user.id)) return 'button click without a user';
    if (!Array.isArray(body.actions) || body.actions.length === 0) return 'button click without an action';
    const first: unknown = body.actions[0];
    if (!isObject(first) || !isText(first.action_id)) return 'button click without an action id';
    if (first.value !== undefined && typeof first.value !== 'string') return 'button value is not text';
    for (const field of ['channel', 'container', 'team'] as const) {
      if (body[field] !== undefined && body[field] !== null && !isObject(body[field])) {
        return `button click with a bad ${field}`;
      }
    }
    if (body.response_url !== undefined && typeof body.response_url !== 'string') return 'bad response_url';
    return undefined;
  }
  return `not a request this bot handles (type ${JSON.stringify(String(body.type ?? 'none')).slice(0, 40)})`;
}
