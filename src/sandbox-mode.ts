/**
 * Sandbox mode: `npm start` with no credentials runs the whole bot against the built-in fakes, so a newcomer sees
 * it work before they have a Genesys org, a Twilio account or a Slack app.
 *
 * - No Genesys and no Twilio credential: the fake Genesys Cloud and Twilio (`startSandbox`, scenario from
 *   SANDBOX_SCENARIO, default `default`) and the GENESYS_* / TWILIO_* variables pointing at them.
 * - No Slack or Teams credential: the fake Slack (on PORT+1, or SANDBOX_SLACK_PORT), a fixed signing secret and token, and
 *   `curl` lines that send a signed `/byoc …` to the bot (or press a button on its card) and print the card that
 *   comes back; and the fake Bot Framework (on PORT+2, or SANDBOX_TEAMS_PORT) whose key signs Teams messages to the
 *   bot, with a sandbox app id and secret, and `curl` lines that do the same through Teams. With fake vendors too,
 *   and unless BYOC_ACCESS_FILE is set, the bundled `sandbox/access.yml` gives the fakes' people roles (Sam asks for
 *   changes, Lea approves them, in Slack and in Teams), so a change can be tried end to end.
 *
 * With fake vendors the Redis keys start with `byoc-sandbox` (unless QUEUE_PREFIX is set), apart from a real org's.
 *
 * SANDBOX_HOST=0.0.0.0 makes the fakes reachable from outside a container (docker-compose sets it).
 *
 * Either half runs alone: real Slack with fake vendors, or real vendors with the fake Slack.
 */

import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wantsChatSandbox, wantsVendorSandbox } from './config.js';
import { ChatPage } from './sandbox/chat-page/chat-page.js';
import { pagePeople } from './sandbox/chat-page/people.js';
import { type Sandbox, startSandbox, switchScenario } from './sandbox/sandbox.js';
import { FakeSlack } from './sandbox/slack/fake-slack.js';
import { SANDBOX_APPROVER_ID, SANDBOX_OPERATOR_ID, SANDBOX_USERS } from './sandbox/slack/sandbox-users.js';
import { mountTryIt, type TryIt } from './sandbox/slack/try-it.js';
import { SANDBOX_TEAMS_APPROVER, SANDBOX_TEAMS_OPERATOR } from './sandbox/teams/activities.js';
import { FakeBotFramework } from './sandbox/teams/fake-bot-framework.js';

/** Not secret: only the fake Slack knows it, and it only listens on 127.0.0.1. */
export const SANDBOX_SIGNING_SECRET = 'byoc-sandbox-signing-secret';
export const SANDBOX_BOT_TOKEN = 'xoxb-byoc-sandbox-token';
/** QUEUE_PREFIX of a run against the fake vendors, unless QUEUE_PREFIX says otherwise. */
export const SANDBOX_QUEUE_PREFIX = 'byoc-sandbox';
/** The sandbox's Teams app: only the fake Bot Framework knows the secret, and it only listens on 127.0.0.1. */
export const SANDBOX_TEAMS_APP_ID = '0b0c0d0e-5a4d-4b0c-9a00-00000000b0c0';
export const SANDBOX_TEAMS_APP_PASSWORD = 'byoc-sandbox-teams-secret';
/** ALERT_CHANNEL of a run where Slack and the vendors are all fake, unless set: the chat page shows it. */
export const SANDBOX_ALERT_CHANNEL = 'C0ALERTS';
/** Roles for the fake Slack's people, used when BYOC_ACCESS_FILE is not set. */
export const SANDBOX_ACCESS_FILE = fileURLToPath(new URL('./sandbox/access.yml', import.meta.url));

type Env = Record<string, string | undefined>;

export interface SandboxMode {
  /** Variables to lay over the process environment before `loadConfig`. */
  env: Record<string, string>;
  vendors?: Sandbox;
  slack?: FakeSlack;
  teams?: FakeBotFramework;
  /** The chat page (sandbox/chat-page/), while Slack is the fake. */
  page?: ChatPage;
  /** Tells the fake Slack and the fake Bot Framework where the bot listens, so "try it" requests reach it. */
  connect(botUrl: string): void;
  /** What to print once the bot listens. */
  instructions(botUrl: string): string[];
  close(): Promise<void>;
}

export async function prepareSandboxMode(env: Env, options: { port: number }): Promise<SandboxMode> {
  const overlay: Record<string, string> = {};
  let vendors: Sandbox | undefined;
  let slack: FakeSlack | undefined;
  let tryIt: TryIt | undefined;
  let teams: FakeBotFramework | undefined;
  let page: ChatPage | undefined;
  let scenarioName = env.SANDBOX_SCENARIO || 'default';
  if (wantsVendorSandbox(env)) {
    vendors = await startSandbox({ scenario: scenarioName, host: env.SANDBOX_HOST || undefined });
    Object.assign(overlay, vendors.env);
    // Its own keys: fake approvals and audit entries never mix with a real org's in a Redis both use.
    if (!env.QUEUE_PREFIX?.trim()) overlay.QUEUE_PREFIX = SANDBOX_QUEUE_PREFIX;
  }
  if (wantsChatSandbox(env)) {
    const slackPort = env.SANDBOX_SLACK_PORT
      ? Number(env.SANDBOX_SLACK_PORT)
      : options.port === 0
        ? 0
        : options.port + 1;
    try {
      slack = await FakeSlack.start({
        port: slackPort,
        host: env.SANDBOX_HOST || undefined,
        token: SANDBOX_BOT_TOKEN,
        users: SANDBOX_USERS,
      });
      tryIt = mountTryIt(slack);
      teams = await FakeBotFramework.start({
        port: env.SANDBOX_TEAMS_PORT ? Number(env.SANDBOX_TEAMS_PORT) : options.port === 0 ? 0 : options.port + 2,
        host: env.SANDBOX_HOST || undefined,
        apps: { [SANDBOX_TEAMS_APP_ID]: SANDBOX_TEAMS_APP_PASSWORD },
      });
    } catch (err) {
      await Promise.all([vendors?.close(), slack?.close()]);
      throw err;
    }
    // The watch's alerts go to a channel of the fake Slack, which the chat page shows.
    if (vendors && !env.ALERT_CHANNEL?.trim()) overlay.ALERT_CHANNEL = SANDBOX_ALERT_CHANNEL;
    Object.assign(overlay, {
      SLACK_SIGNING_SECRET: SANDBOX_SIGNING_SECRET,
      SLACK_BOT_TOKEN: SANDBOX_BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      TEAMS_APP_ID: SANDBOX_TEAMS_APP_ID,
      TEAMS_APP_PASSWORD: SANDBOX_TEAMS_APP_PASSWORD,
      TEAMS_OPENID_METADATA_URL: teams.openIdMetadataUrl,
      TEAMS_LOGIN_URL: teams.loginUrl(),
      TEAMS_SERVICE_URL: teams.serviceUrl,
    });
    // Only when everything is fake: its people are the ones the bundled file names, and with real vendors anyone who
    // reaches the fake Slack's port could approve real changes.
    if (vendors && !env.BYOC_ACCESS_FILE?.trim()) overlay.BYOC_ACCESS_FILE = SANDBOX_ACCESS_FILE;
    try {
      page = await ChatPage.start({
        port: env.SANDBOX_PAGE_PORT ? Number(env.SANDBOX_PAGE_PORT) : options.port === 0 ? 0 : options.port + 3,
        host: env.SANDBOX_HOST || undefined,
        slack,
        teams,
        people: await pagePeople(overlay.BYOC_ACCESS_FILE ?? env.BYOC_ACCESS_FILE?.trim()),
        alertChannel: overlay.ALERT_CHANNEL ?? env.ALERT_CHANNEL?.trim(),
        scenarios: {
          current: () => vendors,
          name: () => scenarioName,
          async switchTo(name) {
            if (!vendors) throw new Error('the vendors are real in this run');
            vendors = await switchScenario(vendors, name, env.SANDBOX_HOST || undefined);
            scenarioName = name;
          },
        },
      });
    } catch (err) {
      await Promise.all([vendors?.close(), slack.close(), teams.close()]);
      throw err;
    }
  }
  return {
    env: overlay,
    get vendors() {
      return vendors;
    },
    slack,
    teams,
    page,
    connect(botUrl) {
      tryIt?.connect(`${botUrl}/slack/events`, SANDBOX_SIGNING_SECRET);
      teams?.connectBot(`${botUrl}/api/messages`, SANDBOX_TEAMS_APP_ID);
      page?.connect(
        { eventsUrl: `${botUrl}/slack/events`, signingSecret: SANDBOX_SIGNING_SECRET },
        { endpoint: `${botUrl}/api/messages`, appId: SANDBOX_TEAMS_APP_ID },
      );
    },
    instructions(botUrl) {
      if (!vendors && !slack && !teams) return [];
      const lines = ['', 'byoc-bot is running in SANDBOX mode (no credentials were set):'];
      if (page) lines.push('', `  Chat page      ${page.url}  (open it in a browser: type /byoc status)`, '');
      if (vendors) {
        lines.push(`  Genesys Cloud  fake at ${vendors.genesys.url} (scenario: ${env.SANDBOX_SCENARIO || 'default'})`);
        lines.push(`  Twilio         fake at ${vendors.twilio.url}`);
      }
      if (slack) {
        lines.push(`  Slack          fake at ${slack.url}`);
        if (overlay.BYOC_ACCESS_FILE) {
          lines.push(
            `  Access         ${shown(overlay.BYOC_ACCESS_FILE)}: ${SANDBOX_OPERATOR_ID} (you) asks for changes, ${SANDBOX_APPROVER_ID} approves them`,
          );
        }
        lines.push('', 'Try it (each line sends a signed /byoc command and prints the card it gets back):');
        for (const text of ['help', 'status', 'simulate +33123456789']) {
          lines.push(`  curl -s ${slack.url}/__sandbox/slash --data-urlencode 'text=${text}'`);
        }
        if (overlay.BYOC_ACCESS_FILE) {
          lines.push(
            '',
            'Try a change (ask as the operator, then press Approve as the approver):',
            `  curl -s ${slack.url}/__sandbox/slash --data-urlencode 'text=trunk disable Twilio --reason "try it"'`,
            `  curl -s ${slack.url}/__sandbox/click -d action=approval.approve -d user=${SANDBOX_APPROVER_ID}`,
          );
        }
      } else {
        lines.push(`  Slack          real; requests go to ${botUrl}/slack/events`);
      }
      if (teams) {
        lines.push(
          '',
          `  Teams          fake Bot Framework at ${teams.url} (signs the messages it sends to ${botUrl}/api/messages)`,
          '',
          'Try it in Teams (a signed message to the bot; prints the card it gets back):',
        );
        for (const text of ['help', 'status']) {
          lines.push(`  curl -s ${teams.url}/__sandbox/message --data-urlencode 'text=${text}'`);
        }
        if (overlay.BYOC_ACCESS_FILE) {
          lines.push(
            `  curl -s ${teams.url}/__sandbox/message --data-urlencode 'text=trunk disable Twilio --reason "try it"'`,
            `  curl -s ${teams.url}/__sandbox/press -d action=approval.approve -d user=${SANDBOX_TEAMS_APPROVER}`,
            `  (${SANDBOX_TEAMS_OPERATOR} asks, ${SANDBOX_TEAMS_APPROVER} approves)`,
          );
        }
      }
      lines.push(
        '',
        'Set the SLACK_* or TEAMS_*, GENESYS_* and TWILIO_* variables (see .env.example) to use the real services.',
        '',
      );
      return lines;
    },
    async close() {
      await page?.close();
      await Promise.all([vendors?.close(), slack?.close(), teams?.close()]);
    },
  };
}

/** A path as short as a person would type it: relative to the working directory when it lies inside it. */
function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}
