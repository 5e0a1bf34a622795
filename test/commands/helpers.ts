/** What the command tests share: a sandbox with the bot on it, one card per asker, button values, request counts. */
import { randomUUID } from 'node:crypto';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox.js';
import { TEST_CHANNEL_ID } from '../../src/sandbox/slack/fake-slack.js';
import { type Harness, readable, startHarness } from '../foundation/harness.js';

export interface Rig {
  sandbox: Sandbox;
  h: Harness;
  /** Sends `/byoc <text>` as a user of its own and returns that user's answer card, as readable text and blocks. */
  ask(text: string): Promise<Answer>;
  /** Vendor requests the fakes received since the last `resetRequests()`. */
  requests(): { genesys: number; twilio: number };
  resetRequests(): void;
  close(): Promise<void>;
}

export interface Answer {
  text: string;
  blocks: unknown[];
  ts: string;
}

/** `botEnv` chooses the bot's environment from the sandbox's (default: all of it). */
export async function startRig(
  scenario = 'default',
  botEnv: (sandboxEnv: Record<string, string>) => Record<string, string> = (env) => env,
): Promise<Rig> {
  const sandbox = await startSandbox({ scenario });
  const h = await startHarness({ env: botEnv(sandbox.env) });
  const rig: Rig = {
    sandbox,
    h,
    async ask(text) {
      const userId = `U${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
      const res = await h.slash(text, { userId });
      if (res.status !== 200) throw new Error(`/byoc ${text}: HTTP ${res.status} ${res.body}`);
      // The working message names its asker, which ties it to this request even when others run at the same time.
      const posted = await h.slack.waitFor(`the working message of /byoc ${text}`, () =>
        h.slack.callsTo('chat.postMessage').find((c) => String(c.params.text).includes(`<@${userId}>`) && c.result?.ts),
      );
      const ts = String(posted.result?.ts);
      const message = await h.slack.waitForUpdate(TEST_CHANNEL_ID, ts, 1);
      return { text: readable(message), blocks: message.blocks ?? [], ts };
    },
    requests: () => ({ genesys: sandbox.genesys.requests.length, twilio: sandbox.twilio.requests.length }),
    resetRequests() {
      sandbox.genesys.resetRequests();
      sandbox.twilio.resetRequests();
    },
    async close() {
      await h.close();
      await sandbox.close();
    },
  };
  return rig;
}

interface ButtonElement {
  type: string;
  text?: { text?: string };
  value?: string;
  action_id?: string;
}

/** The value of the button labelled `label` in a Block Kit message. */
export function buttonValue(blocks: unknown[], label: string): string | undefined {
  for (const block of blocks as { type: string; elements?: ButtonElement[] }[]) {
    if (block.type !== 'actions') continue;
    const button = block.elements?.find((e) => e.type === 'button' && e.text?.text === label);
    if (button) return button.value;
  }
  return undefined;
}

/** Captures what a CLI `run` writes. */
export function capture() {
  const io = { stdout: '', stderr: '' };
  return {
    io,
    cli: {
      out: (t: string) => {
        io.stdout += t;
      },
      err: (t: string) => {
        io.stderr += t;
      },
      color: false,
    },
  };
}
