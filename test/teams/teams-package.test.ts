/**
 * `npx byoc teams-package` writes the zip a Teams admin uploads: the manifest (the bot, its command menu, the valid
 * domain) and the two icons at the archive root, with the sizes Teams requires.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { usage } from '../../src/cli/main.js';
import { run } from '../../src/cli/teams-package.js';
import { loadCommands } from '../../src/router/load.js';

const APP_ID = '5f2a6c1e-8b7d-4c3a-9e1f-0a2b3c4d5e6f';
const dir = mkdtempSync(join(tmpdir(), 'byoc-teams-package-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function byoc(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const [name, ...rest] = args;
  expect(name).toBe('teams-package');
  expect(usage()).toContain('teams-package');
  const code = await run(rest, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

describe('byoc teams-package', () => {
  it('writes a zip with the manifest and a 192x192 colour and a 32x32 transparent outline icon', async () => {
    const out = join(dir, 'app.zip');
    const r = await byoc(['teams-package', '--app-id', APP_ID, '--endpoint', 'https://byoc.example.com', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('https://byoc.example.com/api/messages');
    const zip = await JSZip.loadAsync(readFileSync(out));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.$schema).toMatch(/teams\/v1\.\d+\/MicrosoftTeams\.schema\.json$/);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.validDomains).toEqual(['byoc.example.com']);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    const bot = manifest.bots[0];
    expect(bot.botId).toBe(APP_ID);
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    // The command menu: the bot's own commands with their summaries, help first, at most ten.
    const { commands } = await loadCommands();
    const menu = bot.commandLists[0].commands as { title: string; description: string }[];
    expect(menu[0]!.title).toBe('help');
    expect(menu.length).toBe(Math.min(10, commands.list().length));
    for (const item of menu) {
      const command = commands.get(item.title);
      expect(command, item.title).toBeDefined();
      expect(command!.summary.startsWith(item.description.replace(/…$/, ''))).toBe(true);
      expect(item.description.length).toBeLessThanOrEqual(128);
    }

    const color = PNG.sync.read(await zip.file('color.png')!.async('nodebuffer'));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = PNG.sync.read(await zip.file('outline.png')!.async('nodebuffer'));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    // The outline is white on transparent: every pixel is either fully transparent or white.
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = outline.data.subarray(i, i + 4);
      expect(a === 0 || (r === 255 && g === 255 && b === 255)).toBe(true);
    }
    expect(outline.data.some((v, i) => i % 4 === 3 && v === 0)).toBe(true);
  });

  it('says what is wrong, with an example, for a bad app id or endpoint (exit 2)', async () => {
    const noId = await byoc(['teams-package', '--endpoint', 'https://byoc.example.com']);
    expect(noId.code).toBe(2);
    expect(noId.err).toContain('--app-id is required');
    const badId = await byoc(['teams-package', '--app-id', 'abc', '--endpoint', 'https://byoc.example.com']);
    expect(badId.err).toContain('--app-id must be a GUID such as');
    const http = await byoc(['teams-package', '--app-id', APP_ID, '--endpoint', 'http://byoc.example.com']);
    expect(http.code).toBe(2);
    expect(http.err).toContain('must use https');
    expect(http.err).toContain('example: byoc teams-package');
  });
});
