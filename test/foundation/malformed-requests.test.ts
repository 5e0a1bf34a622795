/**
 * Whatever arrives at the Slack endpoint, signed or not, the bot answers with a status, starts nothing it should
 * not, and stays up: odd bodies get 400, requests dated more than five minutes away from now (either way) get 401.
 */
import { describe, expect, it } from 'vitest';
import { blockActionsBody, sendToSlackApp, slashCommandBody } from '../../src/sandbox/slack/fake-slack.js';
import { testCommands, testJobs } from './fixtures.js';
import { SIGNING_SECRET, useHarness } from './harness.js';

const form = (payload: unknown) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
const click = (overrides: Record<string, unknown>) => {
  const valid = JSON.parse(
    new URLSearchParams(blockActionsBody({ actionId: 'command.run', value: 'echo hi', messageTs: '1.1' })).get(
      'payload',
    ) as string,
  ) as Record<string, unknown>;
  return form({ ...valid, ...overrides });
};

/** Signed bodies no Slack would send, each with the content type it comes in. */
const MALFORMED: [string, string, string][] = [
  ['JSON null', 'null', 'application/json'],
  ['JSON array', '[]', 'application/json'],
  ['JSON number', '42', 'application/json'],
  ['JSON string', '"hello"', 'application/json'],
  ['not JSON at all', '{"type":', 'application/json'],
  ['form payload=null', 'payload=null', 'application/x-www-form-urlencoded'],
  ['form payload=[]', 'payload=%5B%5D', 'application/x-www-form-urlencoded'],
  ['form payload not JSON', 'payload=%7Bnope', 'application/x-www-form-urlencoded'],
  ['form with payload twice', 'payload=%7B%7D&payload=%7B%7D', 'application/x-www-form-urlencoded'],
  ['empty form', '', 'application/x-www-form-urlencoded'],
  ['a button click with no user', click({ user: undefined }), 'application/x-www-form-urlencoded'],
  ['a button click with user null', click({ user: null }), 'application/x-www-form-urlencoded'],
  ['a button click with no actions', click({ actions: [] }), 'application/x-www-form-urlencoded'],
  ['a button click with actions [null]', click({ actions: [null] }), 'application/x-www-form-urlencoded'],
  [
    'a button click with a numeric action id',
    click({ actions: [{ action_id: 5 }] }),
    'application/x-www-form-urlencoded',
  ],
  ['a button click with channel "x"', click({ channel: 'x' }), 'application/x-www-form-urlencoded'],
  ['a view submission', form({ type: 'view_submission', user: { id: 'U1' } }), 'application/x-www-form-urlencoded'],
  ['a slash command with no user', 'command=%2Fbyoc&text=help&channel_id=C1', 'application/x-www-form-urlencoded'],
  ['a slash command with no channel', 'command=%2Fbyoc&text=help&user_id=U1', 'application/x-www-form-urlencoded'],
  [
    'a slash command with text twice',
    'command=%2Fbyoc&text=a&text=b&user_id=U1&channel_id=C1',
    'application/x-www-form-urlencoded',
  ],
];

describe('malformed and mis-dated requests to the Slack endpoint', () => {
  const h = useHarness({ bot: { commands: testCommands(), jobs: testJobs() } });

  async function nothingStarted() {
    const counts = await h.bot.queue.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    expect(counts).toEqual({ waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 });
    expect(h.slack.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  }

  it.each(MALFORMED)('%s, signed, gets 400 and starts nothing', async (_name, body, contentType) => {
    const res = await sendToSlackApp(h.eventsUrl, body, { secret: SIGNING_SECRET, contentType });
    expect(res.status).toBe(400);
    await nothingStarted();
  });

  it.each([
    ['301 seconds ahead', 301],
    ['an hour ahead', 3600],
    ['ten years ahead', 10 * 365 * 86400],
    ['301 seconds behind', -301],
  ])('a correctly signed request dated %s gets 401', async (_name, offset) => {
    const res = await sendToSlackApp(h.eventsUrl, slashCommandBody({ text: 'echo hi' }), {
      secret: SIGNING_SECRET,
      timestampSeconds: Math.floor(Date.now() / 1000) + offset,
    });
    expect(res.status).toBe(401);
    await nothingStarted();
  });

  it('a fuzzed stream of 300 mutated requests never gets a 5xx, and a real command still works after it', async () => {
    const random = seeded(13);
    const valid = [
      slashCommandBody({ text: 'echo hi' }),
      blockActionsBody({ actionId: 'command.run', value: 'echo hi', messageTs: '1.1' }),
    ];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i += 1) {
      const body = mutate(valid[i % 2] as string, random);
      const contentType = random() < 0.8 ? 'application/x-www-form-urlencoded' : 'application/json';
      const signed = random() < 0.9;
      const res = await sendToSlackApp(h.eventsUrl, body, {
        secret: SIGNING_SECRET,
        contentType,
        ...(signed ? {} : { signature: 'v0=00' }),
        timestampSeconds: Math.floor(Date.now() / 1000) + (random() < 0.1 ? 400 : 0),
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `body ${body.slice(0, 200)}`).toBeLessThan(500);
    }
    expect(statuses.get(401)).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(0);
    const ok = await h.slash('echo still-alive');
    expect(ok.status).toBe(200);
    const card = await h.cardFor(ok);
    expect(JSON.stringify(card)).toContain('still-alive');
  }, 120_000);
});

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ODD_VALUES: unknown[] = [null, 0, -1, '', 'x'.repeat(5000), [], {}, [null], true, { id: null }];

/** Drops, nulls or retypes one field of a valid body (in its JSON payload for clicks), or garbles its bytes. */
function mutate(body: string, random: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  const params = new URLSearchParams(body);
  const payload = params.get('payload');
  if (random() < 0.15) {
    const chars = [...body];
    for (let n = 0; n < 5; n += 1)
      chars[Math.floor(random() * chars.length)] = pick(['{', '"', '%', '&', '=', '\u0000']);
    return chars.join('');
  }
  if (payload) {
    const json = JSON.parse(payload) as Record<string, unknown>;
    const key = pick(Object.keys(json));
    if (random() < 0.3) delete json[key];
    else json[key] = pick(ODD_VALUES);
    if (random() < 0.3) json.user = pick(ODD_VALUES);
    return new URLSearchParams({ payload: random() < 0.1 ? 'null' : JSON.stringify(json) }).toString();
  }
  const key = pick([...params.keys()]);
  if (random() < 0.5) params.delete(key);
  else params.set(key, String(pick(ODD_VALUES)));
  if (random() < 0.2) params.append(key, 'again');
  return params.toString();
}
