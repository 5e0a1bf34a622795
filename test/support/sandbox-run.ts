/**
 * `npm start` with no credentials, in process: the fakes (sandbox-mode.ts), the bot on a free port, and the fakes
 * told where it listens, as main.ts does it. For the tests and scripts that try the sandbox the way a newcomer does.
 */
import { type RunningBot, startBot } from '../../src/bot.js';
import { loadConfig, secretValues } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { prepareSandboxMode, type SandboxMode } from '../../src/sandbox-mode.js';

export interface SandboxRun {
  sandbox: SandboxMode;
  bot: RunningBot;
  stop(): Promise<void>;
}

/** `env` is the newcomer's shell: no credentials; PORT 0 for free ports. */
export async function startSandboxRun(env: Record<string, string>): Promise<SandboxRun> {
  const sandbox = await prepareSandboxMode(env, { port: 0 });
  let bot: RunningBot;
  try {
    const config = loadConfig({ ...env, ...sandbox.env });
    const log = createLogger({ level: config.logLevel, secrets: secretValues(config) });
    bot = await startBot({ config, role: 'all', log, port: 0, sandboxVendors: sandbox.vendors !== undefined });
  } catch (err) {
    await sandbox.close();
    throw err;
  }
  sandbox.connect(bot.url);
  return {
    sandbox,
    bot,
    async stop() {
      await bot.stop();
      await sandbox.close();
    },
  };
}

/** Runs a printed `curl -s URL --data-urlencode 'k=v' | -d k=v …` line the way curl would (form POST). */
export async function curl(line: string): Promise<{ status: number; body: string }> {
  const url = /curl -s (\S+)/.exec(line)?.[1];
  if (!url) throw new Error(`not a curl line: ${line}`);
  const form = new URLSearchParams();
  for (const m of line.matchAll(/--data-urlencode '([^=]+)=([^']*)'|-d (\w+)=(\S+)/g)) {
    if (m[1] !== undefined) form.append(m[1], m[2] ?? '');
    else form.append(m[3]!, decodeURIComponent(m[4]!));
  }
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return { status: res.status, body: await res.text() };
}
