/**
 * The Teams app manifest for byoc-bot (https://learn.microsoft.com/en-us/microsoftteams/platform/resources/schema/manifest-schema,
 * schema v1.22): the bot with the app's id, in personal chats, team channels and group chats, and its command menu
 * (at most one list per scope and 10 commands a list, so `help` comes first and the menu holds the first ten).
 */
import type { Command } from '../router/command-definition.js';
import { ACCENT_COLOR } from './icons.js';

export const MANIFEST_VERSION = '1.22';
export const MANIFEST_SCHEMA = `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
export const COLOR_ICON = 'color.png';
export const OUTLINE_ICON = 'outline.png';
/** Commands a list may hold, and the lengths Teams allows a command's title and description. */
export const MAX_COMMANDS = 10;
const MAX_TITLE = 32;
const MAX_DESCRIPTION = 128;

export interface ManifestOptions {
  appId: string;
  /** The bot's public HTTPS base URL; its host is the app's valid domain. */
  endpoint: URL;
  /** Shown in Teams; default "byoc". */
  name?: string;
  version?: string;
  commands: readonly Pick<Command, 'name' | 'summary'>[];
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function menuCommands(commands: ManifestOptions['commands']): { title: string; description: string }[] {
  const ordered = [...commands].sort((a, b) => (a.name === 'help' ? -1 : b.name === 'help' ? 1 : 0));
  return ordered.slice(0, MAX_COMMANDS).map((c) => ({
    title: cut(c.name, MAX_TITLE),
    description: cut(c.summary, MAX_DESCRIPTION),
  }));
}

export function teamsManifest(options: ManifestOptions): Record<string, unknown> {
  const name = options.name ?? 'byoc';
  const site = options.endpoint.origin;
  return {
    $schema: MANIFEST_SCHEMA,
    manifestVersion: MANIFEST_VERSION,
    version: options.version ?? '1.0.0',
    id: options.appId,
    developer: {
      name: 'byoc-bot',
      websiteUrl: site,
      privacyUrl: `${site}/`,
      termsOfUseUrl: `${site}/`,
    },
    name: { short: cut(name, 30), full: 'byoc-bot: Genesys Cloud BYOC trunk with Twilio' },
    description: {
      short: 'Check, simulate and change a Genesys Cloud BYOC trunk to Twilio',
      full:
        'byoc-bot answers the questions an on-call engineer asks about a Genesys Cloud BYOC Cloud trunk connected ' +
        'to a Twilio Elastic SIP Trunk: status, call routing simulation, the setup checklist, and changes that need ' +
        'an approver (trunk in or out of service, DID assignment).',
    },
    icons: { color: COLOR_ICON, outline: OUTLINE_ICON },
    accentColor: ACCENT_COLOR,
    bots: [
      {
        botId: options.appId,
        scopes: ['personal', 'team', 'groupChat'],
        isNotificationOnly: false,
        supportsFiles: false,
        commandLists: [{ scopes: ['personal', 'team', 'groupChat'], commands: menuCommands(options.commands) }],
      },
    ],
    validDomains: [options.endpoint.host],
  };
}
