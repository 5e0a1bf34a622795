/**
 * The fake Slack's Socket Mode side (https://api.slack.com/apis/socket-mode): `apps.connections.open` (with the app
 * token) hands out a one-use `ws://` URL on the fake's own port; a client that connects gets `hello`, pings every
 * few seconds (the client reconnects when they stop), and envelopes (`slash_commands`, `interactive`) that it must
 * ack by `envelope_id` within Slack's 3 seconds. Tests drop the socket (`drop`) or ask the client to reconnect
 * (`askToReconnect`, Slack's `disconnect` message) and watch it come back.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { CodedError, ERROR_CODES } from '../../coded-error.js';
import { pollUntil } from '../wait-for.js';

export const SOCKET_MODE_PATH = '/socket-mode/';
/** Slack's limit for an envelope's ack. */
export const ACK_TIMEOUT_MS = 3000;

export interface SocketModeAck {
  envelopeId: string;
  type: string;
  /** What the ack carried (a response payload), if anything. */
  payload?: unknown;
  at: number;
}

/** The bot did not ack an envelope within Slack's 3 s (`sandbox.socket-mode-ack-timeout`). */
function ackTimeoutError(type: string, envelopeId: string): CodedError {
  return new CodedError({
    code: ERROR_CODES.socketModeAckTimeout,
    message: `Fake Socket Mode: the ${type} envelope ${envelopeId} was not acked within ${ACK_TIMEOUT_MS} ms`,
    retryable: false,
    vendor: 'slack',
  });
}

export class FakeSocketMode {
  /** How many times a client connected (1 at first; each reconnection adds one). */
  connectionsMade = 0;
  readonly acks: SocketModeAck[] = [];
  private readonly sockets = new Set<WebSocket>();
  private readonly tickets = new Set<string>();
  private readonly waiting = new Map<string, (ack: SocketModeAck) => void>();
  private readonly wss = new WebSocketServer({ noServer: true });

  constructor(
    private readonly baseUrl: () => string,
    private readonly pingMs = 5000,
  ) {}

  /** A fresh URL for one connection: what `apps.connections.open` answers. */
  openConnection(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${this.baseUrl().replace(/^http/, 'ws')}${SOCKET_MODE_PATH}?ticket=${ticket}`;
  }

  get connected(): number {
    return this.sockets.size;
  }

  /** Takes the HTTP upgrade of a Socket Mode URL; false for anything else (the caller refuses it). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== SOCKET_MODE_PATH || !this.tickets.delete(ticket)) return false;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    return true;
  }

  private accept(ws: WebSocket): void {
    this.sockets.add(ws);
    this.connectionsMade += 1;
    const pings = setInterval(() => ws.ping(), this.pingMs);
    ws.on('close', () => {
      clearInterval(pings);
      this.sockets.delete(ws);
    });
    ws.on('message', (data) => this.onMessage(String(data)));
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: { host: 'fake-slack', approximate_connection_time: 3600 },
        connection_info: { app_id: 'A0SANDBOX' },
      }),
    );
  }

  private onMessage(text: string): void {
    let message: { envelope_id?: unknown; payload?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (typeof message.envelope_id !== 'string') return;
    const resolve = this.waiting.get(message.envelope_id);
    if (resolve) {
      const ack: SocketModeAck = {
        envelopeId: message.envelope_id,
        type: '',
        ...(typeof message.payload === 'object' && message.payload !== null && Object.keys(message.payload).length > 0
          ? { payload: message.payload }
          : {}),
        at: Date.now(),
      };
      resolve(ack);
    }
  }

  /** Resolves once a client is connected (it said nothing yet: Slack speaks first, with hello). */
  waitForConnection(timeoutMs = 15_000): Promise<void> {
    const connected = () => (this.sockets.size > 0 ? true : undefined);
    return pollUntil('Fake Slack', 'a Socket Mode connection', connected, timeoutMs).then(() => undefined);
  }

  /**
   * Sends an envelope to the connected client, as Slack does (to one connection), and resolves with its ack; an
   * ack later than 3 s is an error, as it is to Slack.
   */
  async send(
    type: 'slash_commands' | 'interactive' | string,
    payload: unknown,
    retryAttempt = 0,
  ): Promise<SocketModeAck> {
    await this.waitForConnection();
    const [ws] = this.sockets;
    const envelopeId = randomUUID();
    const acked = new Promise<SocketModeAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(envelopeId);
        reject(ackTimeoutError(type, envelopeId));
      }, ACK_TIMEOUT_MS);
      this.waiting.set(envelopeId, (ack) => {
        clearTimeout(timer);
        this.waiting.delete(envelopeId);
        const full = { ...ack, type };
        this.acks.push(full);
        resolve(full);
      });
    });
    ws?.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type === 'slash_commands',
        retry_attempt: retryAttempt,
        retry_reason: retryAttempt > 0 ? 'timeout' : '',
      }),
    );
    return acked;
  }

  /** The socket drops, from the server's side, with no goodbye (a network cut, a restarted Slack host). */
  drop(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  /** Slack's `disconnect` message: the client should open a new connection (Slack does this every few hours). */
  askToReconnect(): void {
    for (const ws of this.sockets) {
      ws.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'fake-slack' } }));
    }
  }

  close(): void {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
  }
}
