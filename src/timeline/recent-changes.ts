/**
 * The changes of the last `CHANGES_RECENT_MINUTES`, for the status card's "last change to this trunk" line. Read
 * alongside the snapshot and shared like it: everyone asking for status within `SNAPSHOT_CACHE_SECONDS` gets the
 * same timeline from Redis, so an incident's twenty `/byoc status` cost the vendors one set of change queries.
 * A failure to read the records leaves the line out; it never fails the status card.
 */
import type { Redis } from 'ioredis';
import type { ByocSnapshot } from '../byoc/snapshot.js';
import { buildTimeline, type Timeline } from '../byoc/timeline/index.js';
import type { Config } from '../config.js';
import { tryLock } from '../redis-lock.js';
import type { SnapshotVendors } from '../snapshot/gather-snapshot.js';
import { botIdentity, type GatherChangesOptions, gatherChanges } from './gather-changes.js';

export interface RecentChangesDeps {
  config: Pick<Config, 'genesys' | 'twilio' | 'queuePrefix' | 'snapshotCacheSeconds' | 'changesRecentMinutes'>;
  vendors: SnapshotVendors;
  redis: Redis;
  now: () => number;
  audit?: GatherChangesOptions['botAudit'];
}

/** Same replica: callers join the reading already running. */
const inFlight = new Map<string, Promise<Timeline | undefined>>();
const LOCK_SECONDS = 30;
const POLL_MS = 50;

export async function recentChanges(
  deps: RecentChangesDeps,
  snapshot: Promise<ByocSnapshot>,
  opts: { fresh?: boolean } = {},
): Promise<Timeline | undefined> {
  const { config } = deps;
  const org = `${config.genesys.clientId ?? ''}:${config.twilio.accountSid ?? ''}`;
  const key = `${config.queuePrefix}:changes:recent:${org}`;
  const ttl = config.snapshotCacheSeconds;
  const reuse = ttl > 0 && !opts.fresh;
  try {
    if (reuse) {
      const cached = await deps.redis.get(key);
      if (cached) return JSON.parse(cached) as Timeline;
    }
    const flight = `${key}|${reuse ? '' : 'fresh'}`;
    const running = inFlight.get(flight);
    if (running) return await running;
    const reading = readOnce(deps, snapshot, key, reuse).finally(() => inFlight.delete(flight));
    inFlight.set(flight, reading);
    return await reading;
  } catch {
    return undefined;
  }
}

/** Another replica already reading: wait for its result in Redis (a while), rather than querying the vendors too. */
async function readOnce(
  deps: RecentChangesDeps,
  snapshot: Promise<ByocSnapshot>,
  key: string,
  reuse: boolean,
): Promise<Timeline | undefined> {
  const ttl = deps.config.snapshotCacheSeconds;
  // Owner-only and renewed while this replica reads: only the holder releases it, and a dead holder's lapses.
  const lock = reuse ? await tryLock(deps.redis, `${key}:lock`, LOCK_SECONDS * 1000) : undefined;
  if (reuse && !lock) {
    const deadline = Date.now() + LOCK_SECONDS * 1000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      const cached = await deps.redis.get(key);
      if (cached) return JSON.parse(cached) as Timeline;
      if (!(await deps.redis.exists(`${key}:lock`))) break;
    }
  }
  try {
    const until = deps.now();
    const since = until - deps.config.changesRecentMinutes * 60_000;
    const [records, snap] = await Promise.all([
      gatherChanges(deps.vendors, { since, until, ...(deps.audit ? { botAudit: deps.audit } : {}) }),
      snapshot,
    ]);
    const timeline = buildTimeline({ snapshot: snap, ...records, self: botIdentity(deps.config), since, until });
    if (ttl > 0) await deps.redis.set(key, JSON.stringify(timeline), 'EX', ttl);
    return timeline;
  } finally {
    await lock?.release();
  }
}
