import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AuditInput, AuditLog, type AuditLogOptions } from '../../src/audit/audit-log.js';
import { captureLogger } from '../auth/helpers.js';
import { REDIS_URL } from '../redis-url.js';

const PREFIX = `test-audit-${randomUUID()}`;
let redis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 });
});
afterEach(async () => {
  const keys = await redis.keys(`${PREFIX}:*`);
  if (keys.length > 0) await redis.del(...keys);
});
afterAll(async () => {
  await redis.quit();
});

const T0 = Date.parse('2024-05-01T10:00:00Z');
const MINUTE = 60_000;

function auditLog(options: Partial<AuditLogOptions> = {}) {
  const log = captureLogger();
  let clock = T0;
  const audit = new AuditLog({
    redis,
    logger: log.logger,
    key: `${PREFIX}:${randomUUID()}`,
    now: () => clock,
    ...options,
  });
  return { audit, log, advance: (ms: number) => (clock += ms) };
}

const disableRequest: AuditInput = {
  action: 'request',
  actor: 'U0OPS1',
  approvalId: 'apv_1',
  trunk: 'twilioABC',
  summary: 'Disable trunk twilioABC',
  outcome: 'pending',
  details: { reason: 'maintenance window', before: { trunk_enabled: true }, after: { trunk_enabled: false } },
};

describe('the audit stream', () => {
  it('records a request with every field, in Redis and as one structured log line', async () => {
    const { audit, log } = auditLog();
    const entry = await audit.append(disableRequest);
    // Every field given, and nothing else but its id and time.
    expect(entry).toEqual({ id: `${T0}-0`, at: '2024-05-01T10:00:00.000Z', ...disableRequest });
    expect(await audit.query()).toEqual([entry]);
    expect(await redis.xlen(audit.key)).toBe(1);
    const lines = log.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, audit: entry, msg: 'audit: request pending: Disable trunk twilioABC' });
  });

  it('tells the whole story of a change, newest first', async () => {
    const { audit, advance } = auditLog();
    await audit.append(disableRequest);
    advance(MINUTE);
    await audit.append({
      ...disableRequest,
      action: 'approve',
      actor: 'U0OPS1',
      outcome: 'refused',
      details: { why: 'own request' },
    });
    advance(MINUTE);
    await audit.append({ ...disableRequest, action: 'approve', actor: 'U0LEAD1', outcome: 'approved', details: {} });
    advance(MINUTE);
    await audit.append({
      ...disableRequest,
      action: 'apply',
      actor: 'system',
      outcome: 'applied',
      details: { verified: true },
    });
    const entries = await audit.query();
    expect(entries.map((e) => `${e.action}/${e.outcome}/${e.actor}`)).toEqual([
      'apply/applied/system',
      'approve/approved/U0LEAD1',
      'approve/refused/U0OPS1',
      'request/pending/U0OPS1',
    ]);
    expect(entries.map((e) => e.at)).toEqual([
      '2024-05-01T10:03:00.000Z',
      '2024-05-01T10:02:00.000Z',
      '2024-05-01T10:01:00.000Z',
      '2024-05-01T10:00:00.000Z',
    ]);
  });

  it('filters by trunk and by number, and --last counts matching entries only', async () => {
    const { audit, advance } = auditLog();
    for (let i = 0; i < 450; i++) {
      advance(1000);
      const forNumber = i % 3 === 0;
      await audit.append({
        action: 'apply',
        actor: 'system',
        summary: forNumber ? `Assign +33123456789 to user ${i}` : `Enable trunk ${i % 2 ? 'twilioABC' : 'backup'}`,
        outcome: 'applied',
        ...(forNumber ? { number: '+33123456789' } : { trunk: i % 2 ? 'twilioABC' : 'backup' }),
      });
    }
    const byNumber = await audit.query({ number: '+33 1 23 45 67 89', last: 500 });
    expect(byNumber).toHaveLength(150);
    expect(byNumber.every((e) => e.number === '+33123456789')).toBe(true);
    expect(byNumber[0]!.summary).toBe('Assign +33123456789 to user 447');

    const byTrunk = await audit.query({ trunk: 'TWILIOABC', last: 5 });
    expect(byTrunk.map((e) => e.summary)).toEqual(Array(5).fill('Enable trunk twilioABC'));
    expect(byTrunk[0]!.at > byTrunk[4]!.at).toBe(true);

    expect(await audit.query({ last: 3 })).toHaveLength(3);
    expect(await audit.query({ trunk: 'nonexistent' })).toEqual([]);
  });

  it('reads a whole time window, past the 500 of --last, newest first', async () => {
    const { audit, advance } = auditLog();
    for (let i = 0; i < 700; i++) {
      advance(1000);
      await audit.append({ ...disableRequest, summary: `change ${i}` });
    }
    // Entry i is at T0 + (i + 1) s: from entry 50 on.
    const { entries, complete } = await audit.since(T0 + 51_000);
    expect(complete).toBe(true);
    expect(entries).toHaveLength(650);
    expect(entries[0]!.summary).toBe('change 699');
    expect(entries.at(-1)!.summary).toBe('change 50');
  });

  it('keeps only the newest maxLength entries when trimming exactly', async () => {
    const { audit, advance } = auditLog({ maxLength: 10, exactTrim: true });
    for (let i = 0; i < 25; i++) {
      advance(1000);
      await audit.append({ ...disableRequest, summary: `change ${i}` });
    }
    expect(await redis.xlen(audit.key)).toBe(10);
    const all = await audit.query({ last: 100 });
    expect(all.map((e) => e.summary)).toEqual(Array.from({ length: 10 }, (_, i) => `change ${24 - i}`));
  });

  it('with the default approximate trimming the stream still stays near maxLength', async () => {
    const { audit, advance } = auditLog({ maxLength: 100 });
    for (let i = 0; i < 600; i++) {
      advance(10);
      await audit.append({ ...disableRequest, summary: `change ${i}` });
    }
    const length = await redis.xlen(audit.key);
    expect(length).toBeGreaterThanOrEqual(100);
    // Redis drops whole nodes (at most 100 entries each by default), so it may keep up to a node more.
    expect(length).toBeLessThanOrEqual(200);
    expect((await audit.query({ last: 1 }))[0]!.summary).toBe('change 599');
  });

  it('forgets entries older than maxAge on the next append', async () => {
    const { audit, advance } = auditLog({ maxAgeMs: 60 * MINUTE, exactTrim: true });
    await audit.append({ ...disableRequest, summary: 'old 1' });
    advance(10 * MINUTE);
    await audit.append({ ...disableRequest, summary: 'old 2' });
    advance(45 * MINUTE);
    await audit.append({ ...disableRequest, summary: 'recent' });
    expect(await redis.xlen(audit.key)).toBe(3);
    advance(10 * MINUTE); // 'old 1' is now 65 minutes old, 'old 2' 55
    await audit.append({ ...disableRequest, summary: 'new' });
    expect(await redis.xlen(audit.key)).toBe(3);
    expect((await audit.query()).map((e) => e.summary)).toEqual(['new', 'recent', 'old 2']);
  });

  it('never shows an entry past maxAge, even before a trim has removed it', async () => {
    const { audit, advance } = auditLog({ maxAgeMs: 60 * MINUTE });
    await audit.append({ ...disableRequest, summary: 'old' });
    advance(30 * MINUTE);
    await audit.append({ ...disableRequest, summary: 'newer' });
    advance(40 * MINUTE); // no append since: approximate trimming has left 'old' in Redis
    expect(await redis.xlen(audit.key)).toBe(2);
    expect((await audit.query()).map((e) => e.summary)).toEqual(['newer']);
  });

  it('a clock behind the newest entry (another replica ahead) still appends, with an id Redis picks', async () => {
    const { audit, advance } = auditLog();
    await audit.append({ ...disableRequest, summary: 'first' });
    advance(-5000);
    const second = await audit.append({ ...disableRequest, summary: 'second' });
    expect(second.id).not.toBe(`${T0 - 5000}-0`);
    expect((await audit.query()).map((e) => e.summary)).toEqual(['second', 'first']);
  });

  it('passes every entry to onEntry, and a failing hook is logged without losing the entry', async () => {
    const posted: string[] = [];
    let fail = false;
    const { audit, log } = auditLog({
      onEntry: async (entry) => {
        if (fail) throw new Error('channel_not_found');
        posted.push(`${entry.action}:${entry.summary}`);
      },
    });
    await audit.append(disableRequest);
    fail = true;
    const second = await audit.append({ ...disableRequest, action: 'reject', outcome: 'rejected' });
    expect(posted).toEqual(['request:Disable trunk twilioABC']);
    expect(await audit.query()).toHaveLength(2);
    expect(log.lines().at(-1)).toMatchObject({ level: 40, auditId: second.id, err: 'channel_not_found' });
  });

  it('refuses bounds that would keep nothing', () => {
    expect(() => auditLog({ maxLength: 0 })).toThrow(RangeError);
    expect(() => auditLog({ maxAgeMs: 0 })).toThrow(RangeError);
  });
});
