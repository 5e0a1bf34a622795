/**
 * The Slack adapter: Bolt on its HTTP receiver at `POST /slack/events`, for the slash command and for button
 * clicks. A guard in front of Bolt lets through only signed requests dated within 5 minutes either way (401
 * otherwise) whose body is a slash command or a button click (400 otherwise); nothing runs for the rest. With
 * SLACK_APP_TOKEN it takes the same requests over Socket Mode instead (socket-mode-receiver.ts, the same shape
 * checks), and the ops routes get a server of their own. The adapter
 * then drops redeliveries, turns the request into an `Invocation` and hands it to the dispatcher with a responder
 * that knows Slack: `ack()` right after routing, a "working on it" message whose ts the job will update.
 */

import { App, HTTPReceiver, type SlashCommand, type webApi } from '@slack/bolt';
import type { Redis } from 'ioredis';
import type { Card } from '../../cards/card.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { ackLatency, commandsReceived, vendorCalls } from '../../metrics.js';
import { type OpsRoute, startOpsServer } from '../../ops-routes.js';
import { type ActionResponder, CANNOT_TAKE_COMMANDS, type CommandResponder, type Dispatcher } from '../dispatcher.js';
import { claimFirstDelivery } from '../first-delivery.js';
import { type Invocation, newRequestId, type ReplyTarget } from '../invocation.js';
import { baseActionId, renderBlockKit } from './blockkit.js';
import { boltLogger } from './bolt-logger.js';
import { SlackCardDelivery } from './card-delivery.js';
import { commandTextFromSlack } from './command-text.js';
import { dedupKey, deliveryId } from './dedup.js';
import { slackTarget } from './reply-target.js';
import { guardSlackRequests } from './request-guard.js';
import { GuardedSocketModeReceiver } from './socket-mode-receiver.js';
import { slackClientOptions } from './web-client.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAdapterOptions {
  config: Config;
  log: Logger;
  redis: Redis;
  dispatcher: Dispatcher;
  /** Extra HTTP routes on the same server (/healthz, /readyz, /metrics). */
  customRoutes?: OpsRoute[];
}

/** A private reply, as Slack wants it in an ack or on a response_url. */
function ephemeral(reply: Card | string): Record<string, unknown> {
  const message = typeof reply === 'string' ? { text: reply } : renderBlockKit(reply);
  return { response_type: 'ephemeral', replace_original: false, ...message };
}

interface BlockActionBody {
  type: 'block_actions';
  trigger_id?: string;
  user: { id: string; username?: string; name?: string; team_id?: string };
  team?: { id: string } | null;
  channel?: { id: string };
  container?: { channel_id?: string; message_ts?: string; is_ephemeral?: boolean };
  response_url?: string;
  actions: { action_id: string; value?: string; action_ts?: string }[];
}

export class SlackAdapter {
  readonly app: App;
  readonly receiver: HTTPReceiver | GuardedSocketModeReceiver;

  constructor(private readonly options: SlackAdapterOptions) {
    const { config, log } = options;
    this.receiver = config.slack.appToken
      ? new GuardedSocketModeReceiver({ appToken: config.slack.appToken, apiUrl: config.slack.apiUrl, log })
      : this.httpReceiver();
    this.app = new App({
      receiver: this.receiver,
      token: config.slack.botToken,
      logger: boltLogger(log),
      clientOptions: slackClientOptions(config),
      deferInitialization: true,
    });
    this.app.command(/.*/, async ({ command, ack, respond, client, context }) => {
      await this.onCommand(command, {
        ack,
        respond,
        client,
        receivedAt: context.receivedAt as number | undefined,
        retryNum: context.retryNum,
      });
    });
    this.app.action(/.*/, async ({ body, ack, respond, client, context }) => {
      if (body.type !== 'block_actions') {
        await ack();
        return;
      }
      await this.onAction(body as unknown as BlockActionBody, {
        ack: () => ack(),
        respond: (message) => respond(message as never),
        client,
        receivedAt: context.receivedAt as number | undefined,
        retryNum: context.retryNum,
      });
    });
  }

  /** Slack's HTTP requests at POST /slack/events, through the guard, on the same server as the ops routes. */
  private httpReceiver(): HTTPReceiver {
    const { config, log } = this.options;
    const receiver = new HTTPReceiver({
      signingSecret: config.slack.signingSecret,
      endpoints: [SLACK_EVENTS_PATH],
      signatureVerification: true,
      // The HTTP 200 goes out as soon as ack() runs; the rest of the handler finishes afterwards.
      processBeforeResponse: false,
      customRoutes: this.options.customRoutes ?? [],
      logger: boltLogger(log),
      customPropertiesExtractor: () => ({ receivedAt: performance.now() }),
    });
    // Only signed, in-date requests of a shape we handle reach Bolt (see request-guard.ts).
    receiver.requestListener = guardSlackRequests(receiver.requestListener, {
      signingSecret: config.slack.signingSecret,
      paths: [SLACK_EVENTS_PATH],
      log,
    });
    return receiver;
  }

  /**
   * Checks the bot token (`auth.test`) and starts listening; port 0 picks a free one. In Socket Mode the ops routes
   * get their own server on `port`, and start resolves once Slack said hello on the socket.
   */
  async start(port: number): Promise<{ port: number; close(): Promise<void> }> {
    await this.app.init();
    if (this.receiver instanceof GuardedSocketModeReceiver) {
      const http = await startOpsServer(this.options.customRoutes ?? [], port);
      try {
        await this.app.start();
      } catch (err) {
        await http.close();
        throw err;
      }
      return {
        port: http.port,
        close: async () => {
          await (this.app.stop() as Promise<unknown>);
          await http.close();
        },
      };
    }
    const server = (await this.app.start(port)) as import('node:http').Server;
    const address = server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    return { port: bound, close: () => this.app.stop() as Promise<void> };
  }

  /**
   * 'first', 'duplicate', or 'unavailable' when Redis did not answer in time: the ack must reach Slack within its
   * 3 seconds whatever Redis does (../first-delivery.ts).
   */
  private async firstDelivery(
    kind: 'command' | 'action',
    body: Record<string, unknown>,
    retryNum?: number,
  ): Promise<'first' | 'duplicate' | 'unavailable'> {
    const claim = await claimFirstDelivery(
      this.options.redis,
      dedupKey(this.options.config.queuePrefix, kind, deliveryId(body)),
    );
    if (claim === 'unavailable') {
      commandsReceived.inc({ platform: 'slack', command: kind, outcome: 'unavailable' });
      this.options.log.error({ kind }, 'Redis did not answer: the request was refused, nothing was started');
    } else if (claim === 'duplicate') {
      commandsReceived.inc({ platform: 'slack', command: kind, outcome: 'duplicate' });
      this.options.log.info(
        { kind, retryNum },
        'Slack redelivered a request that was already accepted; not running it again',
      );
    }
    return claim;
  }

  private observeAck(kind: string, receivedAt: number | undefined) {
    if (receivedAt !== undefined)
      ackLatency.observe({ platform: 'slack', kind }, (performance.now() - receivedAt) / 1000);
  }

  private async onCommand(
    command: SlashCommand,
    io: {
      ack: (response?: Record<string, unknown>) => Promise<void>;
      respond: (message: Record<string, unknown>) => Promise<unknown>;
      client: webApi.WebClient;
      receivedAt?: number;
      retryNum?: number;
    },
  ): Promise<void> {
    const delivery = await this.firstDelivery('command', command as unknown as Record<string, unknown>, io.retryNum);
    if (delivery !== 'first') {
      await io.ack(delivery === 'unavailable' ? (ephemeral(CANNOT_TAKE_COMMANDS) as never) : undefined);
      return;
    }
    const invocation: Invocation = {
      platform: 'slack',
      userId: command.user_id,
      userName: command.user_name,
      channelId: command.channel_id,
      teamId: command.team_id,
      text: commandTextFromSlack(command.text ?? ''),
      requestId: newRequestId(),
      reply: slackTarget({ channel: command.channel_id, userId: command.user_id, responseUrl: command.response_url }),
    };
    const log = this.options.log.child({ requestId: invocation.requestId, userId: invocation.userId });
    const responder: CommandResponder = {
      ack: async (reply) => {
        await io.ack(reply === undefined ? undefined : (ephemeral(reply) as never));
        this.observeAck('command', io.receivedAt);
      },
      startWorking: async (text) => {
        try {
          vendorCalls.inc({ vendor: 'slack' });
          const posted = await io.client.chat.postMessage({
            channel: command.channel_id,
            text: `${text} (<@${command.user_id}>)`,
          });
          if (posted.ts) {
            return slackTarget({
              channel: command.channel_id,
              userId: command.user_id,
              ts: posted.ts,
              responseUrl: command.response_url,
            });
          }
        } catch (err) {
          // Typically not_in_channel / channel_not_found (a DM, a private channel): fall back to the response_url.
          log.warn({ err }, 'could not post the working message; answering through response_url');
        }
        await io.respond({ response_type: 'ephemeral', text });
        return slackTarget({
          channel: command.channel_id,
          userId: command.user_id,
          responseUrl: command.response_url,
          ephemeral: true,
        });
      },
      whisper: async (reply) => {
        await io.respond(ephemeral(reply));
      },
      replaceWorking: (target, text) =>
        new SlackCardDelivery(io.client).deliverMessage(target, {
          text,
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
        }),
    };
    await this.options.dispatcher.handleCommand(invocation, responder);
  }

  private async onAction(
    body: BlockActionBody,
    io: {
      ack: () => Promise<void>;
      respond: (message: Record<string, unknown>) => Promise<unknown>;
      client: webApi.WebClient;
      receivedAt?: number;
      retryNum?: number;
    },
  ): Promise<void> {
    const first = await this.firstDelivery('action', body as unknown as Record<string, unknown>, io.retryNum);
    if (first !== 'first') {
      await io.ack();
      if (first === 'unavailable') await io.respond(ephemeral(CANNOT_TAKE_COMMANDS)).catch(() => undefined);
      return;
    }
    const action = body.actions[0];
    const channel = body.channel?.id ?? body.container?.channel_id ?? '';
    const clicked: ReplyTarget = slackTarget({
      channel,
      userId: body.user.id,
      ts: body.container?.message_ts,
      responseUrl: body.response_url,
      ephemeral: body.container?.is_ephemeral === true ? true : undefined,
    });
    const invocation: Invocation = {
      platform: 'slack',
      userId: body.user.id,
      userName: body.user.username ?? body.user.name,
      channelId: channel,
      teamId: body.team?.id ?? body.user.team_id,
      text: '',
      requestId: newRequestId(),
      reply: clicked,
    };
    const delivery = new SlackCardDelivery(io.client);
    const responder: ActionResponder = {
      ack: async () => {
        await io.ack();
        this.observeAck('action', io.receivedAt);
      },
      update: (card) => delivery.deliver(clicked, card),
      startWorking: async (text) => {
        await delivery.deliverMessage(clicked, { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
        return clicked;
      },
      whisper: async (reply) => {
        await io.respond(ephemeral(reply));
      },
    };
    await this.options.dispatcher.handleAction(
      baseActionId(action?.action_id ?? ''),
      action?.value ?? '',
      invocation,
      responder,
    );
  }
}
