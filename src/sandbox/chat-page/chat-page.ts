/**
 * The sandbox chat page: a local web page that looks like a chat channel, for trying the bot without a Slack
 * workspace or a Teams tenant. A person picks who they are, types `/byoc …`, and sees the bot's cards drawn the way
 * Slack draws Block Kit (assets/slack-blocks.js) or, in the Teams view, by Microsoft's own `adaptivecards`
 * renderer; buttons work (as whoever is chosen), and the sandbox's controls are beside the channel: the scenario
 * and the vendor faults, with the alerts channel where the watch posts.
 *
 * It only exists while Slack is the fake (sandbox-mode.ts starts it next to the fake Slack), and listens on
 * 127.0.0.1 unless SANDBOX_HOST says otherwise. It takes only JSON POSTs from its own origin, so another web page
 * open in the same browser cannot drive it (a cross-site form post or fetch is refused).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Role } from '../../auth/roles.js';
import { listen } from '../../listen.js';
import type { Sandbox } from '../sandbox.js';
import { bundledScenarios } from '../scenario.js';
import type { FakeSlack } from '../slack/fake-slack.js';
import { readBody, sendJson } from '../slack/http-body.js';
import type { FakeBotFramework } from '../teams/fake-bot-framework.js';
import { faultToggles, setFaultToggle } from './fault-toggles.js';
import { type SendResult, SlackConversation } from './slack-conversation.js';
import { TeamsConversation } from './teams-conversation.js';

export interface PagePerson {
  id: string;
  name: string;
  role?: Role;
}

/** The vendor fakes as they are now, and how to start them again with another scenario. */
export interface ScenarioControl {
  current(): Sandbox | undefined;
  /** The scenario's name as the picker lists it (`default`, `broken/omit-plus`). */
  name(): string;
  switchTo(name: string): Promise<void>;
}

export interface ChatPageOptions {
  port?: number;
  host?: string;
  slack: FakeSlack;
  teams?: FakeBotFramework;
  people: { slack: PagePerson[]; teams: PagePerson[] };
  scenarios?: ScenarioControl;
  /** ALERT_CHANNEL: where the watch posts, shown as its own channel. */
  alertChannel?: string;
}

const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/page.js': { file: 'page.js', type: 'text/javascript; charset=utf-8' },
  '/slack-blocks.js': { file: 'slack-blocks.js', type: 'text/javascript; charset=utf-8' },
  '/page.css': { file: 'page.css', type: 'text/css; charset=utf-8' },
};

const ASSET_DIR = new URL('./assets/', import.meta.url);

/** Microsoft's renderer as the package ships it for browsers (a UMD bundle that sets `window.AdaptiveCards`). */
function adaptiveCardsBundle(): string {
  return createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.min.js');
}

export class ChatPage {
  readonly slackChat: SlackConversation;
  readonly teamsChat?: TeamsConversation;
  port = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: ChatPageOptions,
  ) {
    this.slackChat = new SlackConversation(options.slack);
    if (options.teams) this.teamsChat = new TeamsConversation(options.teams);
  }

  static async start(options: ChatPageOptions): Promise<ChatPage> {
    let page: ChatPage | undefined;
    const server = createServer((req, res) => {
      page?.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: (err as Error).message });
      });
    });
    page = new ChatPage(server, options);
    page.port = await listen(server, options.port, options.host ?? '127.0.0.1');
    return page;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** Where the bot listens: Slack's events endpoint and Teams' messaging endpoint. */
  connect(slack: { eventsUrl: string; signingSecret: string }, teams?: { endpoint: string; appId: string }): void {
    this.slackChat.connect(slack.eventsUrl, slack.signingSecret);
    if (teams) this.teamsChat?.connect(teams.endpoint, teams.appId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://page.invalid');
    if (!this.hostAllowed(req.headers.host)) {
      sendJson(res, 403, { ok: false, error: `open the page at ${this.url}` });
      return;
    }
    if (req.method === 'GET') {
      await this.get(url, res);
      return;
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, { ok: false, error: 'GET or POST' });
      return;
    }
    const refused = this.foreign(req);
    if (refused) {
      sendJson(res, 403, { ok: false, error: refused });
      return;
    }
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(await readBody(req));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      sendJson(res, 400, {
        ok: false,
        error: 'a JSON object, e.g. {"platform":"slack","user":"U0SANDBOX","text":"status"}',
      });
      return;
    }
    const result = await this.post(url.pathname, body);
    sendJson(res, result.ok ? 200 : 400, result);
  }

  /** Why a POST is not the page's own: not JSON (a plain form needs no preflight), or from another origin. */
  /**
   * A page on another site whose name it points at 127.0.0.1 (DNS rebinding) would be "the same origin" as this one;
   * the Host header it sends still names that site. On 127.0.0.1 the page answers only to loopback names; where
   * SANDBOX_HOST opened it to other interfaces (a container), to any.
   */
  private hostAllowed(host: string | undefined): boolean {
    const listening = this.options.host ?? '127.0.0.1';
    if (!['127.0.0.1', 'localhost', '::1'].includes(listening)) return true;
    const name = host ? new URL(`http://${host}`).hostname : '';
    return ['127.0.0.1', 'localhost', '[::1]'].includes(name);
  }

  private foreign(req: IncomingMessage): string | undefined {
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return 'JSON only';
    const origin = req.headers.origin;
    if (origin && new URL(origin).host !== req.headers.host) return 'only the page itself may post here';
    return undefined;
  }

  private async get(url: URL, res: ServerResponse): Promise<void> {
    const asset = ASSETS[url.pathname];
    if (asset) {
      res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-store' });
      res.end(await readFile(new URL(asset.file, ASSET_DIR)));
      return;
    }
    if (url.pathname === '/vendor/adaptivecards.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(await readFile(adaptiveCardsBundle()));
      return;
    }
    if (url.pathname === '/api/state') {
      sendJson(res, 200, this.state());
      return;
    }
    if (url.pathname === '/api/timeline') {
      const teams = url.searchParams.get('platform') === 'teams';
      if (teams && !this.teamsChat) {
        sendJson(res, 404, { ok: false, error: 'Teams is not faked in this run' });
        return;
      }
      sendJson(res, 200, { entries: teams ? this.teamsChat?.entries() : this.slackChat.entries() });
      return;
    }
    sendJson(res, 404, { ok: false, error: 'not_found' });
  }

  private state(): Record<string, unknown> {
    const vendors = this.options.scenarios?.current();
    return {
      channel: this.slackChat.channel,
      alertChannel: this.options.alertChannel ?? null,
      teams: this.teamsChat !== undefined,
      people: this.options.people,
      scenario: vendors ? (this.options.scenarios?.name() ?? null) : null,
      scenarios: vendors ? bundledScenarios() : [],
      faults: vendors ? faultToggles(vendors) : [],
    };
  }

  private async post(
    path: string,
    body: Record<string, unknown>,
  ): Promise<SendResult | ({ ok: true } & Record<string, unknown>)> {
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const teams = body.platform === 'teams';
    if (teams && !this.teamsChat) return { ok: false, error: 'Teams is not faked in this run' };
    switch (path) {
      case '/api/send': {
        const user = this.person(teams, text('user'));
        if (!user) return { ok: false, error: `unknown user "${text('user')}"` };
        const said = text('text')
          .replace(/^\s*\/byoc\b\s*/, '')
          .trim();
        return teams ? this.teamsChat!.message(user, said) : this.slackChat.command(user, said);
      }
      case '/api/press': {
        const user = this.person(teams, text('user'));
        if (!user) return { ok: false, error: `unknown user "${text('user')}"` };
        if (teams) {
          const data =
            typeof body.data === 'object' && body.data !== null ? (body.data as Record<string, unknown>) : {};
          return this.teamsChat!.press(user, text('key'), text('verb'), data);
        }
        return this.slackChat.press(user, text('key'), text('action'), text('value'));
      }
      case '/api/scenario': {
        const control = this.options.scenarios;
        if (!control?.current()) return { ok: false, error: 'the vendors are real in this run: no scenario to pick' };
        try {
          await control.switchTo(text('name'));
        } catch (err) {
          return { ok: false, error: (err as Error).message };
        }
        return { ok: true, scenario: control.name() };
      }
      case '/api/faults': {
        const vendors = this.options.scenarios?.current();
        if (!vendors) return { ok: false, error: 'the vendors are real in this run: no faults to set' };
        try {
          return { ok: true, faults: setFaultToggle(vendors, text('id'), body.on === true) };
        } catch (err) {
          return { ok: false, error: (err as Error).message };
        }
      }
      default:
        return { ok: false, error: `no ${path} here` };
    }
  }

  /** The id of a person the page offers, or undefined. */
  private person(teams: boolean, id: string): string | undefined {
    const people = teams ? this.options.people.teams : this.options.people.slack;
    return people.some((p) => p.id === id) ? id : undefined;
  }
}
