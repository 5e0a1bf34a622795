/**
 * Where the sandbox's try-it endpoints and chat page exist: only while Slack itself is the fake (they act as anyone
 * in the sandbox's access file), and only on 127.0.0.1 unless SANDBOX_HOST says otherwise. "Not reachable from
 * elsewhere" is checked on another loopback address, 127.0.0.2: a server bound to every interface answers there, one
 * bound to 127.0.0.1 does not.
 */
import { describe, expect, it } from 'vitest';
import { prepareSandboxMode, type SandboxMode } from '../../src/sandbox-mode.js';
import { closedAfterEach } from '../support/use-started.js';

const closing = closedAfterEach((started: SandboxMode) => started.close());

/** The HTTP status a POST to `path` gets on `host`, or "refused" when nothing listens there. */
async function post(host: string, port: number, path: string): Promise<number | 'refused'> {
  try {
    const res = await fetch(`http://${host}:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(5000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    if (code === 'ECONNREFUSED') return 'refused';
    throw err;
  }
}

function endpoints(mode: SandboxMode): [number, string][] {
  return [
    [mode.slack!.port, '/__sandbox/slash'],
    [mode.slack!.port, '/__sandbox/click'],
    [mode.teams!.port, '/__sandbox/message'],
    [mode.page!.port, '/api/send'],
  ];
}

describe('the try-it endpoints and the chat page', () => {
  it('exist with the fake Slack, answer on 127.0.0.1 and not on another address', async () => {
    const sandbox = closing(await prepareSandboxMode({ PORT: '0' }, { port: 0 }));
    for (const [port, path] of endpoints(sandbox)) {
      // Not 404: the route is there (409/503/400 until a bot is connected or for an empty body).
      expect([path, await post('127.0.0.1', port, path)]).not.toEqual([path, 404]);
      expect([path, await post('127.0.0.1', port, path)]).not.toEqual([path, 'refused']);
      expect([path, await post('127.0.0.2', port, path)]).toEqual([path, 'refused']);
    }
    const printed = sandbox.instructions('http://127.0.0.1:3000').join('\n');
    expect(printed).toContain('/__sandbox/slash');
    expect(printed).toMatch(/Chat page {6}http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('listen where SANDBOX_HOST says', async () => {
    const sandbox = closing(await prepareSandboxMode({ PORT: '0', SANDBOX_HOST: '0.0.0.0' }, { port: 0 }));
    for (const [port, path] of endpoints(sandbox)) {
      expect([path, await post('127.0.0.2', port, path)]).not.toEqual([path, 'refused']);
    }
  });

  it.each([
    ['a real Slack', { SLACK_SIGNING_SECRET: 'a-real-signing-secret', SLACK_BOT_TOKEN: 'xoxb-real' }],
    ['a real Teams', { TEAMS_APP_ID: '11111111-2222-4333-8444-555555555555', TEAMS_APP_PASSWORD: 'real' }],
  ])('do not exist with %s, even with fake vendors', async (_what, chat) => {
    const sandbox = closing(await prepareSandboxMode({ PORT: '0', ...chat }, { port: 0 }));
    expect(sandbox.vendors).toBeDefined();
    expect(sandbox.slack).toBeUndefined();
    expect(sandbox.teams).toBeUndefined();
    expect(sandbox.page).toBeUndefined();
    const printed = sandbox.instructions('http://127.0.0.1:3000').join('\n');
    expect(printed).not.toContain('__sandbox');
    expect(printed).not.toContain('Chat page');
  });
});
