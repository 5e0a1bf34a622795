/**
 * The arrows between folders point one way (docs/architecture.md): adapters -> router -> queue -> jobs ->
 * presentation -> domain, vendor clients below everything but the domain's model, the sandbox only reached by the
 * sandbox-mode wiring, no import cycles, and no I/O in the domain. This reads the files on disk, so a new file is
 * checked without anyone remembering to list it; the second half feeds the same checks a graph that breaks every
 * rule, to show each one fails.
 */
import { describe, expect, it } from 'vitest';
import { importCycles, importProblems, importSpecifiers, layerOf } from './import-rules.js';
import { productionSources } from './project-files.js';

function projectGraph(): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(productionSources()).map(([file, source]) => [file, importSpecifiers(source)]),
  );
}

describe('the import rules hold for the project', () => {
  const graph = projectGraph();

  it('every file is in a layer and imports only what its layer may', () => {
    expect(Object.keys(graph).length).toBeGreaterThan(100);
    expect(importProblems(graph)).toEqual([]);
  });

  it('no import cycles, counting `import type`', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('the domain, the presentation and the jobs are where the table says', () => {
    expect(layerOf('src/byoc/topology.ts')).toBe('domain');
    expect(layerOf('src/presentation/status-card.ts')).toBe('presentation');
    expect(layerOf('jobs/status.ts')).toBe('jobs');
    expect(layerOf('src/chat/teams/teams-adapter.ts')).toBe('adapter');
  });
});

describe('the import rules fail when a rule is broken', () => {
  it('sees every way a module can be pulled in', () => {
    const source = [
      "import { App } from '@slack/bolt';",
      "import type { KnownBlock } from '@slack/types';",
      "import twilio from 'twilio';",
      "import platformClient, { ApiClient } from 'purecloud-platform-client-v2';",
      "export * from '../chat/slack/blockkit.js';",
      "export type * from './types.js';",
      "export { Queue } from 'bullmq';",
      "import 'ioredis';",
      "const http = await import('node:http');",
      "const bb = require('botbuilder');",
      "import {\n  a,\n  b,\n} from '../queue/jobs.js';",
      "// import { App } from '@slack/bolt';",
      "/* import twilio from 'twilio'; */",
    ].join('\n');
    expect(importSpecifiers(source).sort()).toEqual(
      [
        '@slack/bolt',
        '@slack/types',
        'twilio',
        'purecloud-platform-client-v2',
        '../chat/slack/blockkit.js',
        './types.js',
        'bullmq',
        'ioredis',
        '../queue/jobs.js',
        'node:http',
        'botbuilder',
      ].sort(),
    );
  });

  it('reports an arrow pointing up, a vendor client reaching up, the sandbox in production, I/O and SDKs in the domain', () => {
    const graph: Record<string, string[]> = {
      // presentation -> queue: up.
      'src/presentation/status-card.ts': ['../queue/command-queue.js'],
      // domain -> presentation, node:fs, a chat SDK, an unknown package.
      'src/byoc/status.ts': ['../presentation/status-card.js', 'node:fs', 'fs/promises', '@slack/bolt', 'left-pad'],
      // vendor client -> jobs: up.
      'src/twilio/gather.ts': ['../snapshot/shared-snapshot.js'],
      // a job -> the sandbox, and botbuilder outside src/chat/teams.
      'jobs/status.ts': ['../src/sandbox/sandbox.js', 'botbuilder'],
      // the sandbox-mode wiring may start the sandbox.
      'src/sandbox-mode.ts': ['./sandbox/sandbox.js'],
      'src/queue/command-queue.ts': [],
      'src/presentation/chat-names.ts': [],
      'src/snapshot/shared-snapshot.ts': [],
      'src/sandbox/sandbox.ts': [],
      // a file no layer holds.
      'src/stray.ts': [],
    };
    expect(importProblems(graph)).toEqual([
      'src/presentation/status-card.ts (presentation) imports ../queue/command-queue.js (queue): presentation may import domain, shared',
      'src/byoc/status.ts (domain) imports ../presentation/status-card.js (presentation): domain may import nothing else',
      'src/byoc/status.ts: the domain imports node:fs (no I/O in the domain)',
      'src/byoc/status.ts: the domain imports fs/promises (no I/O in the domain)',
      'src/byoc/status.ts: the domain imports @slack/bolt (only zod, yaml, libphonenumber-js, ipaddr.js)',
      'src/byoc/status.ts: the domain imports left-pad (only zod, yaml, libphonenumber-js, ipaddr.js)',
      'src/twilio/gather.ts (vendor) imports ../snapshot/shared-snapshot.js (jobs): vendor may import domain, shared',
      'jobs/status.ts: imports the sandbox (../src/sandbox/sandbox.js); only src/sandbox-mode.ts, src/cli/sandbox.ts, src/cli/vendor-session.ts, src/cli/capture.ts, src/cli/scenarios.ts may',
      'jobs/status.ts: imports botbuilder, allowed only in src/chat/teams/',
      'src/stray.ts: in no layer of the table',
    ]);
  });

  it('an exception nothing needs any more is reported', () => {
    expect(importProblems({ 'jobs/help.ts': [] })).toEqual([
      'exception jobs/help.ts -> src/router/command-definition.ts is no longer needed',
    ]);
  });

  it('finds a cycle made only of `import type`, and the three-file circle the queue once had', () => {
    const typeOnly = {
      'src/sandbox/genesys/audits.ts': importSpecifiers("import type { State } from './state.js';"),
      'src/sandbox/genesys/state.ts': importSpecifiers("import type { Message } from './audits.js';"),
    };
    expect(importCycles(typeOnly)).toEqual([['src/sandbox/genesys/audits.ts', 'src/sandbox/genesys/state.ts']]);
    const circle = {
      'src/queue/command-queue.ts': ['./retry-policy.js'],
      'src/queue/retry-policy.ts': ['./job-definition.js'],
      'src/queue/job-definition.ts': ['../services.js'],
      'src/services.ts': ['./queue/command-queue.js'],
      'src/log.ts': [],
    };
    expect(importCycles(circle)).toEqual([
      ['src/queue/command-queue.ts', 'src/queue/job-definition.ts', 'src/queue/retry-policy.ts', 'src/services.ts'],
    ]);
    expect(importCycles({ 'src/a.ts': ['./b.js'], 'src/b.ts': [] })).toEqual([]);
  });
});
