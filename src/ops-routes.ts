/**
 * The routes an operator's tooling calls: `GET /healthz` (the process is alive), `GET /readyz` (Redis answers and,
 * in worker roles, the workers run) and `GET /metrics` (Prometheus). The web role serves them next to Slack's
 * endpoint; a worker-only process serves them alone, so every role can be probed the same way.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listen } from './listen.js';
import { registry } from './metrics.js';

export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean>;
}

export interface OpsRoute {
  path: string;
  method: 'GET' | 'POST';
  handler(req: IncomingMessage, res: ServerResponse): void;
}

function send(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** A check that has not answered by then counts as failed: a frozen Redis must not freeze the probe. */
export const READINESS_CHECK_TIMEOUT_MS = 800;

function withinTimeout(check: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([check.catch(() => false), late]).finally(() => clearTimeout(timer));
}

async function runChecks(checks: readonly ReadinessCheck[]): Promise<Record<string, boolean>> {
  const results = await Promise.all(
    checks.map(async (c) => {
      const ok = await withinTimeout(
        Promise.resolve().then(() => c.check()),
        READINESS_CHECK_TIMEOUT_MS,
      );
      return [c.name, ok] as const;
    }),
  );
  return Object.fromEntries(results);
}

export function opsRoutes(checks: readonly ReadinessCheck[]): OpsRoute[] {
  return [
    { path: '/healthz', method: 'GET', handler: (_req, res) => send(res, 200, { ok: true }) },
    {
      path: '/readyz',
      method: 'GET',
      handler: (_req, res) => {
        void runChecks(checks).then((results) => {
          const ok = Object.values(results).every(Boolean);
          send(res, ok ? 200 : 503, { ok, checks: results });
        });
      },
    },
    {
      path: '/metrics',
      method: 'GET',
      handler: (_req, res) => {
        registry
          .metrics()
          .then((text) => send(res, 200, text, registry.contentType))
          .catch(() => send(res, 500, 'metrics unavailable', 'text/plain'));
      },
    },
  ];
}

/** A bare HTTP server with only the ops routes, for the worker role. */
export async function startOpsServer(
  routes: readonly OpsRoute[],
  port: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => r.path === path && r.method === req.method);
    if (route) route.handler(req, res);
    else send(res, 404, { ok: false, error: 'not found' });
  });
  const bound = await listen(server, port);
  return {
    port: bound,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
