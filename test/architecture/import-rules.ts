/**
 * Which folder may import which, as a table (the picture is in docs/architecture.md), and the checks that read an
 * import graph against it. Pure: a graph in (file -> the module specifiers it names), problems out, so the test can
 * feed it the real tree and a fixture that breaks every rule.
 */
import { posix } from 'node:path';

export type Layer =
  | 'adapter'
  | 'router'
  | 'queue'
  | 'jobs'
  | 'presentation'
  | 'domain'
  | 'vendor'
  | 'shared'
  | 'sandbox';

/**
 * Where each file belongs, most specific first (the first prefix that matches wins). A few files sit in a folder of
 * one layer but are the vocabulary every layer shares (`shared`): the card model, who asked (`Invocation`), roles,
 * the vendor error, configuration, logging and metrics.
 */
export const LAYER_OF: readonly (readonly [prefix: string, layer: Layer])[] = [
  ['src/cards/', 'shared'],
  ['src/chat/invocation.ts', 'shared'],
  ['src/chat/people.ts', 'shared'],
  // What a chat adapter offers for posting without a request (the watch's alerts): an interface, like people.ts.
  ['src/chat/channel-poster.ts', 'shared'],
  // How ALERT_CHANNEL and AUDIT_CHANNEL name a Slack channel or a Teams conversation: configuration checks it.
  ['src/chat/channel-address.ts', 'shared'],
  ['src/auth/roles.ts', 'shared'],
  ['src/vendors/vendor-error.ts', 'shared'],
  // The one error type (a code, a message for people, retryable, vendor and status) with every layer's codes; the
  // type itself is defined in the domain (src/byoc/coded-error.ts), which throws it too and imports nothing.
  ['src/coded-error.ts', 'shared'],
  // A job's time budget, read by the vendor clients far below the job that set it.
  ['src/vendors/call-budget.ts', 'shared'],
  ['src/approvals/approval.ts', 'shared'],
  ['src/audit/audit-entry.ts', 'shared'],
  ['src/router/discover.ts', 'shared'],
  ['src/queue/job-request.ts', 'shared'],
  ['src/config.ts', 'shared'],
  ['src/log.ts', 'shared'],
  // Binding a local server and finding a free port: the ops routes, the Redis bootstrap and the fakes share it.
  ['src/listen.ts', 'shared'],
  ['src/metrics.ts', 'shared'],
  ['src/reference.ts', 'shared'],
  ['src/redis-trouble.ts', 'shared'],
  ['src/redis-connection.ts', 'shared'],
  // Owner-only, renewed Redis locks: the snapshot's gathering lock and the watch's lease.
  ['src/redis-lock.ts', 'shared'],
  ['src/auth/slack-groups.ts', 'adapter'],
  ['src/chat/', 'adapter'],
  ['src/cli/', 'adapter'],
  // The Teams app package (manifest and icons) that `byoc teams-package` writes.
  ['src/teams-app/', 'adapter'],
  ['src/main.ts', 'adapter'],
  ['src/bot.ts', 'adapter'],
  ['src/ops-routes.ts', 'adapter'],
  ['src/process-guards.ts', 'adapter'],
  ['src/process-role.ts', 'adapter'],
  ['src/redis-bootstrap.ts', 'adapter'],
  ['src/sandbox-mode.ts', 'adapter'],
  ['commands/', 'router'],
  ['src/router/', 'router'],
  // A command factory and the approve/reject button handlers: they are what the router calls.
  ['src/changes/trunk-command.ts', 'router'],
  ['src/changes/decide.ts', 'router'],
  // The job contract and what a job may throw belong to the jobs; the queue runs them.
  ['src/queue/job-definition.ts', 'jobs'],
  ['src/queue/invalid-payload.ts', 'jobs'],
  ['src/queue/job-scheduler.ts', 'jobs'],
  // Whether an error is worth another attempt: the change job asks it too.
  ['src/queue/retry-policy.ts', 'jobs'],
  ['src/queue/', 'queue'],
  ['src/schedule/', 'queue'],
  ['jobs/', 'jobs'],
  ['src/changes/', 'jobs'],
  ['src/snapshot/', 'jobs'],
  ['src/calls/', 'jobs'],
  ['src/timeline/', 'jobs'],
  ['src/watch/', 'jobs'],
  ['src/capture/', 'jobs'],
  ['src/approvals/', 'jobs'],
  ['src/audit/', 'jobs'],
  ['src/auth/', 'jobs'],
  ['src/services.ts', 'jobs'],
  ['src/vendors/vendor-clients.ts', 'jobs'],
  ['src/presentation/', 'presentation'],
  ['src/byoc/', 'domain'],
  ['src/genesys/', 'vendor'],
  ['src/twilio/', 'vendor'],
  // The sandbox chat page: a local web page over the fake Slack and Bot Framework; its assets/ run in the browser.
  ['src/sandbox/chat-page/', 'sandbox'],
  ['src/sandbox/', 'sandbox'],
];

/**
 * What each layer may import besides itself: adapters -> router -> queue -> jobs -> presentation -> domain, vendor
 * clients only the domain's snapshot model, and everyone but the domain the shared vocabulary.
 */
export const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  adapter: ['router', 'queue', 'jobs', 'presentation', 'domain', 'vendor', 'shared'],
  router: ['queue', 'jobs', 'presentation', 'domain', 'shared'],
  queue: ['jobs', 'presentation', 'domain', 'shared'],
  jobs: ['presentation', 'domain', 'vendor', 'shared'],
  presentation: ['domain', 'shared'],
  domain: [],
  vendor: ['domain', 'shared'],
  shared: ['domain'],
  // The fakes reuse the real mapping code to build snapshots from a scenario; they sit beside production, not in it.
  sandbox: ['router', 'jobs', 'presentation', 'domain', 'vendor', 'shared'],
};

/**
 * The only production files that may reach the sandbox: sandbox-mode wiring, the CLI's offline answers, and the
 * CLI's capture, which writes a scenario.
 */
export const SANDBOX_WIRING = [
  'src/sandbox-mode.ts',
  'src/cli/sandbox.ts',
  'src/cli/vendor-session.ts',
  'src/cli/capture.ts',
  'src/cli/scenarios.ts',
];

/**
 * Imports that cross the table on purpose, each with why. The check fails on an exception nothing uses any more,
 * so the list cannot rot.
 */
export const EXCEPTIONS: readonly { from: string; to: string; why: string }[] = [
  { from: 'jobs/help.ts', to: 'src/router/command-definition.ts', why: 'help lists the commands a person may run' },
  { from: 'src/services.ts', to: 'src/router/command-registry.ts', why: 'the help job gets the registry as a service' },
];

/** Packages only some files may import (prefix match on the path). */
export const PACKAGE_HOMES: readonly { pkg: string; only: readonly string[] }[] = [
  { pkg: 'botbuilder', only: ['src/chat/teams/'] },
  { pkg: '@slack/', only: ['src/chat/slack/', 'src/auth/slack-groups.ts', 'src/bot.ts'] },
  { pkg: 'bullmq', only: ['src/queue/'] },
  { pkg: 'purecloud-platform-client-v2', only: ['src/genesys/', 'src/sandbox/'] },
  { pkg: 'twilio', only: ['src/twilio/', 'src/sandbox/'] },
];

/** The packages the domain may use: pure computation only. */
export const DOMAIN_PACKAGES = ['zod', 'yaml', 'libphonenumber-js', 'ipaddr.js'];

/** Node modules that do I/O (or reach the process): never in the domain, with or without `node:`. */
export const NODE_IO = [
  'fs',
  'fs/promises',
  'http',
  'https',
  'http2',
  'net',
  'tls',
  'dgram',
  'dns',
  'child_process',
  'cluster',
  'worker_threads',
  'readline',
  'process',
  'os',
];

export function layerOf(file: string): Layer | undefined {
  return LAYER_OF.find(([prefix]) => file === prefix || file.startsWith(prefix))?.[1];
}

/** Every module specifier a file names: static imports and re-exports, `import type`, dynamic import, require. */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((p) => [...code.matchAll(p)].map((m) => m[1]!));
}

/** A relative specifier as a project path (`../byoc/x.js` from `src/cli/a.ts` -> `src/byoc/x.ts`). */
export function resolveSpecifier(from: string, specifier: string): string {
  return posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.js$/, '.ts');
}

const isPackage = (spec: string, pkg: string) =>
  pkg.endsWith('/') ? spec.startsWith(pkg) : spec === pkg || spec.startsWith(`${pkg}/`);

/** Everything in `graph` (file -> specifiers) that breaks a rule, one line each. */
export function importProblems(graph: Record<string, string[]>): string[] {
  const problems: string[] = [];
  const used = new Set<(typeof EXCEPTIONS)[number]>();
  for (const [file, specifiers] of Object.entries(graph)) {
    const from = layerOf(file);
    if (!from) {
      problems.push(`${file}: in no layer of the table`);
      continue;
    }
    for (const spec of specifiers) {
      if (!spec.startsWith('.')) {
        const bare = spec.replace(/^node:/, '');
        if (from === 'domain' && (spec.startsWith('node:') || NODE_IO.includes(bare))) {
          problems.push(`${file}: the domain imports ${spec} (no I/O in the domain)`);
          continue;
        }
        if (from === 'domain' && !DOMAIN_PACKAGES.some((p) => isPackage(spec, p))) {
          problems.push(`${file}: the domain imports ${spec} (only ${DOMAIN_PACKAGES.join(', ')})`);
          continue;
        }
        const home = PACKAGE_HOMES.find((h) => isPackage(spec, h.pkg));
        if (home && !home.only.some((p) => file.startsWith(p))) {
          problems.push(`${file}: imports ${spec}, allowed only in ${home.only.join(', ')}`);
        }
        continue;
      }
      const target = resolveSpecifier(file, spec);
      const to = layerOf(target);
      if (!to) {
        problems.push(`${file}: imports ${spec}, in no layer of the table`);
        continue;
      }
      if (to === 'sandbox' && from !== 'sandbox') {
        if (!SANDBOX_WIRING.includes(file)) {
          problems.push(`${file}: imports the sandbox (${spec}); only ${SANDBOX_WIRING.join(', ')} may`);
        }
        continue;
      }
      if (from === to || MAY_IMPORT[from].includes(to)) continue;
      const exception = EXCEPTIONS.find((e) => e.from === file && e.to === target);
      if (exception) {
        used.add(exception);
        continue;
      }
      problems.push(
        `${file} (${from}) imports ${spec} (${to}): ${from} may import ${MAY_IMPORT[from].join(', ') || 'nothing else'}`,
      );
    }
  }
  for (const e of EXCEPTIONS) {
    if (graph[e.from] && !used.has(e)) problems.push(`exception ${e.from} -> ${e.to} is no longer needed`);
  }
  return problems;
}

/** Import cycles among the project's files (every kind of import counts, `import type` too), each as a path. */
export function importCycles(graph: Record<string, string[]>): string[][] {
  const edges = new Map<string, string[]>();
  for (const [file, specifiers] of Object.entries(graph)) {
    edges.set(
      file,
      specifiers
        .filter((s) => s.startsWith('.'))
        .map((s) => resolveSpecifier(file, s))
        .filter((t) => t in graph),
    );
  }
  // Tarjan's strongly connected components; a component of two or more files (or a file importing itself) is a cycle.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return cycles;
}
