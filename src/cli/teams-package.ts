/**
 * `byoc teams-package --app-id ID --endpoint https://host [--out FILE] [--name NAME]`: writes the Teams app package
 * (manifest.json, color.png, outline.png at the root of a zip) to upload in Teams (README, "Creating the Teams app").
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import JSZip from 'jszip';
import { loadCommands } from '../router/load.js';
import { colorIcon, outlineIcon } from '../teams-app/icons.js';
import { COLOR_ICON, OUTLINE_ICON, teamsManifest } from '../teams-app/manifest.js';
import { type CliIo, processIo } from './read-command.js';

const USAGE = `usage: byoc teams-package --app-id ID --endpoint https://host [--out FILE] [--name NAME]
  --app-id ID       the Azure Bot's Microsoft App ID (TEAMS_APP_ID), a GUID
  --endpoint URL    the bot's public HTTPS address (Teams posts to URL/api/messages)
  --out FILE        where to write the zip (default byoc-teams-app.zip)
  --name NAME       the app's name in Teams (default byoc)
example: byoc teams-package --app-id 5f2a6c1e-8b7d-4c3a-9e1f-0a2b3c4d5e6f --endpoint https://byoc-bot.example.com`;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function buildTeamsPackage(options: { appId: string; endpoint: URL; name?: string }): Promise<Buffer> {
  const { commands } = await loadCommands();
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(teamsManifest({ ...options, commands: commands.list() }), null, 2)}\n`);
  zip.file(COLOR_ICON, colorIcon());
  zip.file(OUTLINE_ICON, outlineIcon());
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  const usage = (problem: string) => {
    io.err(`byoc teams-package: ${problem}\n${USAGE}\n`);
    return 2;
  };
  let values: { 'app-id'?: string; endpoint?: string; out?: string; name?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'app-id': { type: 'string' },
        endpoint: { type: 'string' },
        out: { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return usage((err as Error).message);
  }
  if (values.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const appId = values['app-id']?.trim();
  if (!appId) return usage('--app-id is required');
  if (!GUID.test(appId))
    return usage(`--app-id must be a GUID such as 5f2a6c1e-8b7d-4c3a-9e1f-0a2b3c4d5e6f (got "${appId}")`);
  if (!values.endpoint) return usage('--endpoint is required');
  let endpoint: URL;
  try {
    endpoint = new URL(values.endpoint);
  } catch {
    return usage(`--endpoint must be a URL such as https://byoc-bot.example.com (got "${values.endpoint}")`);
  }
  if (endpoint.protocol !== 'https:')
    return usage(`--endpoint must use https: Teams only calls bots over HTTPS (got "${values.endpoint}")`);
  const out = resolve(values.out ?? 'byoc-teams-app.zip');
  await writeFile(out, await buildTeamsPackage({ appId, endpoint, name: values.name }));
  io.out(
    `Wrote ${out}\n` +
      `Set the Azure Bot's messaging endpoint to ${endpoint.origin}/api/messages, then upload the zip in Teams ` +
      '(Apps > Manage your apps > Upload an app).\n',
  );
  return 0;
}
