import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { webApi } from '@slack/bolt';
import { type Logger, pino } from 'pino';

/** A pino logger whose lines the test can read. */
export function captureLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'debug' }, stream);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** A temp dir holding access files, removed by `cleanup`. */
export function accessFiles(): { write: (name: string, yaml: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'byoc-access-'));
  return {
    write: (name, yaml) => {
      const file = join(dir, name);
      writeFileSync(file, yaml);
      return file;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The one Slack Web API method access control calls, `usergroups.users.list`, served by a real HTTP server.
 * A group mapped to a string answers `{ ok: false, error }` as Slack does for an unknown or deleted group.
 */
export class FakeSlackUsergroups {
  readonly calls: string[] = [];
  private server: Server | undefined;

  constructor(public groups: Record<string, string[] | string>) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.url !== '/api/usergroups.users.list') {
          res.end(JSON.stringify({ ok: false, error: 'unknown_method' }));
          return;
        }
        const group = new URLSearchParams(body).get('usergroup') ?? '';
        this.calls.push(group);
        const members = this.groups[group] ?? 'no_such_subteam';
        res.end(
          JSON.stringify(typeof members === 'string' ? { ok: false, error: members } : { ok: true, users: members }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The real Slack WebClient, pointed at the fake, with no retries so a failure surfaces at once. */
export function slackClient(slackApiUrl: string): webApi.WebClient {
  return new webApi.WebClient('xoxb-test-token', {
    slackApiUrl,
    retryConfig: { retries: 0 },
    logLevel: webApi.LogLevel.ERROR,
  });
}
