/**
 * The arrows between folders point one way (design.md, "Layout"): the domain (`src/byoc`) and the card model
 * (`src/cards`) are pure, so they may not import a chat platform, the queue, Redis, a vendor SDK or a server.
 * This reads the files on disk, so a new file is checked without anyone remembering to list it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PURE_FOLDERS = ['src/byoc', 'src/cards'];

/** Package names, matched as the whole name or a prefix followed by `/`. */
const FORBIDDEN_PACKAGES = [
  '@slack/*',
  'botbuilder',
  'bullmq',
  'ioredis',
  'purecloud-platform-client-v2',
  'twilio',
  'node:http',
  'node:https',
  'http',
  'https',
];
/** Project folders, matched on the resolved path of a relative import. */
const FORBIDDEN_FOLDERS = ['src/chat', 'src/queue'];

/** Every module specifier a file names: static imports and re-exports, `import type`, dynamic import, require. */
function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((p) => [...code.matchAll(p)].map((m) => m[1]!));
}

/** Why `specifier`, imported from `file`, breaks the boundary; undefined when it does not. */
function violation(file: string, specifier: string): string | undefined {
  for (const pkg of FORBIDDEN_PACKAGES) {
    const hit = pkg.endsWith('/*')
      ? specifier.startsWith(pkg.slice(0, -1))
      : specifier === pkg || specifier.startsWith(`${pkg}/`);
    if (hit) return `imports ${specifier}`;
  }
  if (specifier.startsWith('.')) {
    const target = relative(ROOT, resolve(dirname(file), specifier))
      .split(sep)
      .join('/');
    const folder = FORBIDDEN_FOLDERS.find((f) => target === f || target.startsWith(`${f}/`));
    if (folder) return `imports ${specifier} (${folder})`;
  }
  return undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

describe('pure folders import no platform, queue or server', () => {
  for (const folder of PURE_FOLDERS) {
    it(`nothing under ${folder} imports a chat SDK, the queue, Redis, a vendor SDK or node:http`, () => {
      const files = sourceFiles(join(ROOT, folder));
      expect(files.length).toBeGreaterThan(0);
      const problems = files.flatMap((file) =>
        importSpecifiers(readFileSync(file, 'utf8'))
          .map((spec) => violation(file, spec))
          .filter((v): v is string => v !== undefined)
          .map((v) => `${relative(ROOT, file)} ${v}`),
      );
      expect(problems).toEqual([]);
    });
  }
});

describe('botbuilder stays inside src/chat/teams and is only loaded on demand', () => {
  const TEAMS = 'src/chat/teams';
  const BOT_FRAMEWORK = /^(botbuilder|botframework-)/;
  const everyFile = ['src', 'jobs', 'commands', 'bench', 'bin'].flatMap((d) => sourceFiles(join(ROOT, d)));
  const inside = (file: string) => relative(ROOT, file).split(sep).join('/').startsWith(`${TEAMS}/`);

  it('no file outside src/chat/teams imports botbuilder or a Bot Framework package', () => {
    const problems = everyFile
      .filter((file) => !inside(file))
      .flatMap((file) =>
        importSpecifiers(readFileSync(file, 'utf8'))
          .filter((spec) => BOT_FRAMEWORK.test(spec))
          .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
      );
    expect(problems).toEqual([]);
  });

  it('outside the folder only its index is imported, and the index loads the rest by dynamic import', () => {
    const problems = everyFile
      .filter((file) => !inside(file))
      .flatMap((file) =>
        importSpecifiers(readFileSync(file, 'utf8'))
          .filter((spec) => spec.startsWith('.'))
          .map((spec) =>
            relative(ROOT, resolve(dirname(file), spec))
              .split(sep)
              .join('/'),
          )
          .filter((target) => target.startsWith(`${TEAMS}/`) && target !== `${TEAMS}/index.js`)
          .map((target) => `${relative(ROOT, file)} imports ${target}`),
      );
    // The renderer and the limits are pure (no botbuilder); the Teams benchmark builds its bare comparison bot on the
    // same CloudAdapter set-up as the bot.
    const allowed = (p: string) =>
      p.endsWith(`${TEAMS}/adaptive-card.js`) ||
      p.endsWith(`${TEAMS}/limits.js`) ||
      (p.startsWith('bench/') && p.endsWith(`${TEAMS}/cloud-adapter.js`));
    expect(problems.filter((p) => !allowed(p))).toEqual([]);
    const index = readFileSync(join(ROOT, TEAMS, 'index.ts'), 'utf8');
    const staticImports = [...index.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    expect(staticImports.filter((s) => s?.startsWith('./'))).toEqual([]);
    expect(index).toMatch(/await import\('\.\/teams-runtime\.js'\)/);
  });
});

describe('the boundary check itself', () => {
  const file = join(ROOT, 'src/byoc/example.ts');

  it('sees every way a module can be pulled in', () => {
    const source = [
      "import { App } from '@slack/bolt';",
      "import type { KnownBlock } from '@slack/types';",
      "import twilio from 'twilio';",
      "import platformClient, { ApiClient } from 'purecloud-platform-client-v2';",
      "export * from '../chat/slack/blockkit.js';",
      "export { Queue } from 'bullmq';",
      "import 'ioredis';",
      "const http = await import('node:http');",
      "const bb = require('botbuilder');",
      "import {\n  a,\n  b,\n} from '../queue/jobs.js';",
    ].join('\n');
    const found = importSpecifiers(source).map((s) => violation(file, s));
    expect(found).toEqual([
      'imports @slack/bolt',
      'imports @slack/types',
      'imports twilio',
      'imports purecloud-platform-client-v2',
      'imports ../chat/slack/blockkit.js (src/chat)',
      'imports bullmq',
      'imports ioredis',
      'imports ../queue/jobs.js (src/queue)',
      'imports node:http',
      'imports botbuilder',
    ]);
  });

  it('lets the pure imports through, and ignores commented-out ones', () => {
    const source = [
      "import { z } from 'zod';",
      "import type { Card } from '../cards/card.js';",
      "import { parsePhoneNumber } from 'libphonenumber-js';",
      "import { x } from './chatty.js';",
      "import { y } from 'twilio-like-name';",
      "// import { App } from '@slack/bolt';",
      "/* import twilio from 'twilio'; */",
    ].join('\n');
    expect(
      importSpecifiers(source)
        .map((s) => violation(file, s))
        .filter(Boolean),
    ).toEqual([]);
  });
});
