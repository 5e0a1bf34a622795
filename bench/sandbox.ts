/**
 * How fast the sandbox fakes answer, and how closely the Redis limiter holds the Genesys limit.
 *
 *   npx tsx bench/sandbox.ts [--seconds N] [--window-ms N]
 *
 * 1. Requests a second the Genesys fake serves: raw HTTP (keep-alive, 32 in flight), then through the official SDK
 *    and the bot's client (which adds login, limiter-free retries and extended responses).
 * 2. The same for the Twilio fake, when `src/sandbox/twilio/` is there.
 * 3. The limiter: 64 greedy workers share a limit of 300 per window through Redis. A real minute is long for a
 *    benchmark, so the window is compressed (default 60 s -> 2 s, said in the output); the counts are the same
 *    Lua script and the same arithmetic, only the clock runs faster.
 */
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { GENESYS_RATE_SCOPE, GenesysClient, RedisRateLimiter } from '../src/genesys/index.js';
import { DEFAULT_REDIS_URL } from '../src/redis-bootstrap.js';
import type { FakeServer } from '../src/sandbox/fake-server.js';
import { startGenesysFake } from '../src/sandbox/genesys/index.js';
import { loadScenario, type Scenario } from '../src/sandbox/scenario.js';
import { clientCredentialsToken } from '../test/support/genesys-token.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '3' }, 'window-ms': { type: 'string', default: '2000' } },
});
const SECONDS = Number(values.seconds);
const WINDOW_MS = Number(values['window-ms']);
const LIMIT = 300;

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function get(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Runs `one` from `concurrency` loops for `seconds`; returns completed calls per second and non-2xx count. */
async function flood(concurrency: number, seconds: number, one: () => Promise<number>) {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  let failed = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const status = await one();
        done += 1;
        if (status < 200 || status >= 300) failed += 1;
      }
    }),
  );
  return { perSecond: done / ((performance.now() - start) / 1000), failed };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function benchGenesys(base: Scenario): Promise<void> {
  const scenario = structuredClone(base);
  // The fake's own 300/min would answer 429 to nearly everything: lift it to measure the server.
  scenario.genesys.rateLimitPerMinute = 1_000_000_000;
  const fake = await startGenesysFake(scenario);
  try {
    const auth = { Authorization: `Bearer ${await clientCredentialsToken(fake.url, scenario.genesys.credentials)}` };
    const trunkBases = `${fake.url}/api/v2/telephony/providers/edges/trunkbasesettings`;
    const trunks = `${fake.url}/api/v2/telephony/providers/edges/trunks?trunkType=EXTERNAL`;
    const raw1 = await flood(32, SECONDS, () => get(trunkBases, auth));
    const raw2 = await flood(32, SECONDS, () => get(trunks, auth));
    console.log(
      `genesys fake, raw HTTP   GET trunkbasesettings: ${fmt(raw1.perSecond)} req/s (${raw1.failed} non-2xx)`,
    );
    console.log(
      `genesys fake, raw HTTP   GET trunks (derived):  ${fmt(raw2.perSecond)} req/s (${raw2.failed} non-2xx)`,
    );

    const client = new GenesysClient({
      region: scenario.genesys.region,
      clientId: scenario.genesys.credentials.clientId,
      clientSecret: scenario.genesys.credentials.clientSecret,
      apiUrl: fake.url,
    });
    await client.login();
    const sdk = await flood(32, SECONDS, async () => {
      await client.trunkBases();
      return 200;
    });
    console.log(`genesys fake, SDK+client trunkBases():          ${fmt(sdk.perSecond)} req/s`);
  } finally {
    await fake.close();
  }
}

async function benchTwilio(base: Scenario): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const entry = join(here, '../src/sandbox/twilio/index.ts');
  if (!existsSync(entry)) {
    console.log('twilio fake: src/sandbox/twilio/index.ts not there, skipped');
    return;
  }
  const { startTwilioFake } = (await import(entry)) as {
    startTwilioFake: (s: Scenario) => Promise<FakeServer>;
  };
  const scenario = structuredClone(base);
  const fake = await startTwilioFake(scenario);
  try {
    const basic = Buffer.from(`${scenario.twilio.accountSid}:${scenario.twilio.authToken}`).toString('base64');
    const r = await flood(32, SECONDS, () => get(`${fake.url}/v1/Trunks`, { Authorization: `Basic ${basic}` }));
    console.log(`twilio fake,  raw HTTP   GET /v1/Trunks:         ${fmt(r.perSecond)} req/s (${r.failed} non-2xx)`);
  } finally {
    await fake.close();
  }
}

async function benchLimiter(marginMs: number): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL || DEFAULT_REDIS_URL, { maxRetriesPerRequest: 1 });
  // Two "replicas" of 32 workers each, each with its own limiter object over the same Redis key.
  const replica = () =>
    new RedisRateLimiter({
      redis,
      scope: GENESYS_RATE_SCOPE,
      prefix: `bench-${process.pid}`,
      key: 'sandbox-client-id',
      limit: LIMIT,
      windowMs: WINDOW_MS,
      marginMs,
    });
  const limiter = replica();
  await limiter.reset();
  const windows = 5;
  const sent: number[] = [];
  const granted: number[] = [];
  const lags: number[] = [];
  const start = performance.now();
  const until = start + windows * WINDOW_MS;
  const other = replica();
  await Promise.all(
    [limiter, other].flatMap((l) =>
      Array.from({ length: 32 }, async () => {
        for (;;) {
          const at = await l.acquire();
          const t = performance.now();
          if (t >= until) return;
          sent.push(t - start);
          granted.push(at);
          lags.push(Date.now() - at);
        }
      }),
    ),
  );
  await limiter.reset();
  await redis.quit();

  const perWindow = Array.from({ length: windows }, (_, i) =>
    sent.filter((t) => t >= i * WINDOW_MS && t < (i + 1) * WINDOW_MS),
  ).map((w) => w.length);
  const maxSliding = mostInAnyWindow(sent);
  const maxGranted = mostInAnyWindow(granted);
  const compression = 60_000 / WINDOW_MS;
  console.log(
    `limiter: time compressed ${compression}x (a 60 s window run as ${WINDOW_MS} ms), limit ${LIMIT} per window, 64 workers in 2 replicas, margin ${marginMs} ms (${((100 * marginMs) / WINDOW_MS).toFixed(1)}% of the window)`,
  );
  console.log(`limiter: requests sent per window: ${perWindow.join(', ')} (limit ${LIMIT})`);
  console.log(
    `limiter: average ${(sent.length / windows).toFixed(1)} per window = ${((100 * sent.length) / windows / LIMIT).toFixed(1)}% of the limit used`,
  );
  console.log(
    `limiter: most in any sliding window, by the time Redis granted the slot: ${maxGranted} (${maxGranted > LIMIT ? 'OVER' : 'never over'} the limit)`,
  );
  console.log(
    `limiter: most in any sliding window, by the time the worker saw the grant: ${maxSliding} (event-loop lag bunches grants; compressed time magnifies it ${compression}x)`,
  );
  lags.sort((a, b) => a - b);
  console.log(
    `limiter: grant-to-worker lag p50 ${lags[Math.floor(lags.length / 2)]} ms, max ${lags[lags.length - 1]} ms (${((100 * (lags[lags.length - 1] ?? 0)) / 60_000).toFixed(2)}% of a real 60 s window)`,
  );
}

function mostInAnyWindow(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= WINDOW_MS) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

const scenario = loadScenario('default');
await benchGenesys(scenario);
await benchTwilio(scenario);
await benchLimiter(0);
await benchLimiter(Math.round(WINDOW_MS / 100));
agent.destroy();
