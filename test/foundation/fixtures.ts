/** Commands and jobs the foundation tests run, beside the real `help`. */
import { z } from 'zod';
import helpCommand from '../../commands/help.js';
import helpJob from '../../jobs/help.js';
import { defineJob } from '../../src/queue/job-definition.js';
import { JobRegistry } from '../../src/queue/job-registry.js';
import {
  type ActionDefinition,
  ActionRegistry,
  commandRunAction,
  defineAction,
} from '../../src/router/action-definition.js';
import { defineCommand } from '../../src/router/command-definition.js';
import { CommandRegistry } from '../../src/router/command-registry.js';
import type { LoadedCommands } from '../../src/router/load.js';
import { VendorError } from '../../src/vendors/vendor-error.js';

export const echoCommand = defineCommand({
  name: 'echo',
  summary: 'Says a word back',
  usage: 'echo <word> [--times <1-3>] [--loud]',
  examples: ['echo hello', 'echo "hello there" --times 2'],
  role: 'viewer',
  positionals: ['word'],
  args: z.object({
    word: z.string(),
    times: z.coerce.number().int().min(1).max(3).default(1),
    loud: z.boolean().default(false),
  }),
  job: (args) => ({ name: 'echo', payload: args }),
});

/** Fails the way the vendor is told to, to exercise the retry policy. */
export const vendorCommand = defineCommand({
  name: 'vendor call',
  summary: 'Calls a vendor that fails',
  usage: 'vendor call <status> [--times <n>]',
  examples: ['vendor call 404'],
  role: 'viewer',
  positionals: ['status'],
  args: z.object({
    status: z.coerce.number().int(),
    times: z.coerce.number().int().default(99),
    retryAfter: z.coerce.number().optional(),
  }),
  job: (args, invocation) => ({ name: 'vendor-call', payload: { ...args, key: invocation.requestId } }),
});

export const operatorCommand = defineCommand({
  name: 'trunk enable',
  summary: 'Puts a trunk in service',
  usage: 'trunk enable <trunk>',
  examples: ['trunk enable Twilio'],
  role: 'operator',
  positionals: ['trunk'],
  args: z.object({ trunk: z.string() }),
  job: () => ({ name: 'echo', payload: { word: 'never', times: 1, loud: false } }),
});

export const twilioCommand = defineCommand({
  name: 'numbers',
  summary: 'Lists Twilio numbers',
  usage: 'numbers',
  examples: ['numbers'],
  role: 'viewer',
  args: z.object({}),
  needs: ['twilio'],
  job: () => ({ name: 'echo', payload: { word: 'numbers', times: 1, loud: false } }),
});

export const echoJob = defineJob({
  name: 'echo',
  payload: z.object({ word: z.string(), times: z.number(), loud: z.boolean() }),
  uses: [],
  async process({ payload }) {
    const word = payload.loud ? payload.word.toUpperCase() : payload.word;
    return { title: 'Echo', status: 'ok', summary: Array(payload.times).fill(word).join(' ') };
  },
});

/** Attempts per request key, so a test can see how often the job ran. */
export const vendorAttempts = new Map<string, number>();

export const vendorCallJob = defineJob({
  name: 'vendor-call',
  payload: z.object({ status: z.number(), times: z.number(), retryAfter: z.number().optional(), key: z.string() }),
  uses: [],
  async process({ payload }) {
    const n = (vendorAttempts.get(payload.key) ?? 0) + 1;
    vendorAttempts.set(payload.key, n);
    if (n <= payload.times) {
      throw new VendorError({
        vendor: 'twilio',
        status: payload.status,
        code: String(20000 + payload.status),
        message: `The requested resource was not found (attempt ${n})`,
        retryAfterSeconds: payload.retryAfter,
      });
    }
    return { title: 'Vendor call', status: 'ok', summary: `answered on attempt ${n}` };
  },
});

/** A button only operators may press. */
export const operatorOnlyAction: ActionDefinition = defineAction({
  actionId: 'test.operator-only',
  role: 'operator',
  uses: [],
  handle: (ctx) => ctx.update({ title: 'Pressed', status: 'ok' }),
});

export function testCommands(): LoadedCommands {
  return {
    commands: new CommandRegistry([helpCommand, echoCommand, vendorCommand, operatorCommand, twilioCommand]),
    actions: new ActionRegistry([commandRunAction, operatorOnlyAction]),
  };
}

export function testJobs(): JobRegistry {
  return new JobRegistry([helpJob, echoJob, vendorCallJob]);
}
