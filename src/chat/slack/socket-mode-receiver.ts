/**
 * Socket Mode for Bolt, with the request guard in front: `SLACK_APP_TOKEN` makes the bot open a WebSocket to Slack
 * (`apps.connections.open` through SLACK_API_URL like every other Web API call, then the URL it returns) instead of
 * listening for Slack's HTTP requests, so it runs where Slack cannot reach it (a laptop, a private network).
 * https://api.slack.com/apis/socket-mode
 *
 * @slack/socket-mode's client does the protocol: the hello, the pings, acks by envelope id, and reconnecting when
 * Slack asks (a `disconnect` envelope) or the socket drops. This receiver hands each envelope to Bolt like Bolt's own
 * SocketModeReceiver does, after the same shape checks the HTTP guard makes (request-guard.ts): a malformed one is
 * acked (Slack would send it again otherwise) and logged, and nothing runs for it.
 */
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import type { Logger } from '../../log.js';
import { boltLogger } from './bolt-logger.js';
import { socketModeProblem } from './request-guard.js';

export interface GuardedSocketModeOptions {
  appToken: string;
  /** SLACK_API_URL: where `apps.connections.open` goes. */
  apiUrl?: string;
  log: Logger;
}

interface SlackEventArgs {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  envelope_id: string;
  type: string;
  body: unknown;
  retry_num?: number;
  retry_reason?: string;
}

export class GuardedSocketModeReceiver implements Receiver {
  readonly client: SocketModeClient;
  private app?: App;

  constructor(private readonly options: GuardedSocketModeOptions) {
    this.client = new SocketModeClient({
      appToken: options.appToken,
      logger: boltLogger(options.log),
      clientOptions: options.apiUrl ? { slackApiUrl: options.apiUrl } : {},
    });
    this.client.on('slack_event', (args: SlackEventArgs) => {
      this.onEnvelope(args).catch((err: unknown) =>
        options.log.error({ err, type: args.type }, 'Socket Mode envelope failed'),
      );
    });
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<unknown> {
    return this.client.start();
  }

  async stop(): Promise<unknown> {
    return this.client.disconnect();
  }

  private async onEnvelope(args: SlackEventArgs): Promise<void> {
    const receivedAt = performance.now();
    const problem = socketModeProblem(args.type, args.body);
    if (problem) {
      this.options.log.warn({ reason: problem, type: args.type }, 'Slack envelope refused');
      await args.ack();
      return;
    }
    let acked = false;
    const event: ReceiverEvent = {
      body: args.body as Record<string, unknown>,
      ack: async (response?: unknown) => {
        if (acked) return;
        acked = true;
        await args.ack(response as Record<string, unknown> | undefined);
      },
      ...(args.retry_num !== undefined ? { retryNum: args.retry_num } : {}),
      ...(args.retry_reason !== undefined ? { retryReason: args.retry_reason } : {}),
      customProperties: { receivedAt },
    };
    try {
      await this.app?.processEvent(event);
    } catch (err) {
      this.options.log.error({ err, type: args.type }, 'Slack envelope could not be handled');
      await event.ack();
    }
  }
}
