/**
 * Everything the watch keeps, in Redis so that every replica sees it and a restart or failover loses nothing:
 * the last observed state of each subject (with the time it began), the incidents and which one is open per
 * subject, the message each incident is posted as, and how the watch runs (push or polling, last event).
 *
 * Read-modify-write of one subject or incident happens under a short Redis lock, so the poll job on one replica
 * and the push watcher on another, or fifty people pressing Acknowledge, change it one at a time.
 */

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Finding, Severity, WatchView } from '../byoc/watch/health.js';
import type { Incident } from '../byoc/watch/incident.js';
import type { ReplyTarget } from '../chat/invocation.js';
import { CodedError, ERROR_CODES } from '../coded-error.js';

/** The state a subject was last seen in, and since when. */
export interface Track {
  subject: string;
  label: string;
  trunkName?: string;
  severity: Severity;
  signature: string;
  findings: Finding[];
  /** ISO time the subject entered this state. */
  since: string;
}

export type WatchMode = 'push' | 'polling';

export interface WatchStatus {
  mode: WatchMode;
  /** Which replica holds the watch. */
  holder?: string;
  lastEventAt?: string;
  lastPollAt?: string;
  /** What is watched, from the last read. */
  trunks: string[];
  instances: number;
  edges: string[];
  /** The last subscription: how many topics were asked for, those Genesys refused, and why when it said. */
  subscriptions?: { wanted: number; refused: string[]; error?: string; at: string };
  updatedAt: string;
}

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const INCIDENTS_KEPT = 500;

function lockTimeoutError(name: string): CodedError {
  return new CodedError({
    code: ERROR_CODES.watchLockTimeout,
    message: `Timed out waiting for the watch lock "${name}"`,
    retryable: true,
  });
}

export class WatchStore {
  private readonly k: (s: string) => string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.k = (s) => `${prefix}:watch:${s}`;
  }

  /**
   * Runs `fn` holding the named lock (waits up to `waitMs`; the lock lapses after `ttlMs` if its holder dies). The
   * wait outlasts the lifetime, so a replica killed while holding the lock delays the others but never fails them.
   */
  async withLock<T>(name: string, fn: () => Promise<T>, waitMs = 20_000, ttlMs = 15_000): Promise<T> {
    const key = this.k(`lock:${name}`);
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    while ((await this.redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw lockTimeoutError(name);
      await new Promise((r) => setTimeout(r, 20));
    }
    try {
      return await fn();
    } finally {
      await this.redis.eval(RELEASE, 1, key, token);
    }
  }

  // ---------------------------------------------------------------- tracks

  async track(subject: string): Promise<Track | undefined> {
    return parse<Track>(await this.redis.hget(this.k('tracks'), subject));
  }

  async tracks(): Promise<Track[]> {
    const all = await this.redis.hgetall(this.k('tracks'));
    return Object.values(all).map((v) => JSON.parse(v) as Track);
  }

  async saveTrack(track: Track): Promise<void> {
    await this.redis.hset(this.k('tracks'), track.subject, JSON.stringify(track));
  }

  // ---------------------------------------------------------------- incidents

  async incident(id: string): Promise<Incident | undefined> {
    return parse<Incident>(await this.redis.get(this.k(`incident:${id}`)));
  }

  async openIncidentId(subject: string): Promise<string | undefined> {
    return (await this.redis.hget(this.k('open'), subject)) ?? undefined;
  }

  /** Saves the incident, keeps the per-subject open index in step, and remembers it among the recent ones. */
  async saveIncident(incident: Incident): Promise<void> {
    const multi = this.redis
      .multi()
      .set(this.k(`incident:${incident.id}`), JSON.stringify(incident))
      .zadd(this.k('incidents'), Date.parse(incident.openedAt), incident.id);
    if (incident.status === 'open') multi.hset(this.k('open'), incident.subject, incident.id);
    else multi.hdel(this.k('open'), incident.subject);
    await multi.exec();
    await this.trim();
  }

  /** Newest first. */
  async recentIncidents(limit: number): Promise<Incident[]> {
    const ids = await this.redis.zrevrange(this.k('incidents'), 0, Math.max(0, limit - 1));
    if (ids.length === 0) return [];
    const raw = await this.redis.mget(ids.map((id) => this.k(`incident:${id}`)));
    return raw.map((r) => parse<Incident>(r)).filter((x): x is Incident => x !== undefined);
  }

  async openIncidents(): Promise<Incident[]> {
    const ids = Object.values(await this.redis.hgetall(this.k('open')));
    const all = await Promise.all(ids.map((id) => this.incident(id)));
    return all.filter((x): x is Incident => x !== undefined);
  }

  /** Where the incident's message is; the chat adapter wrote it and alone reads the rest. */
  async message(id: string): Promise<ReplyTarget | undefined> {
    return parse<ReplyTarget>(await this.redis.hget(this.k('messages'), id));
  }

  async saveMessage(id: string, target: ReplyTarget): Promise<void> {
    await this.redis.hset(this.k('messages'), id, JSON.stringify(target));
  }

  /**
   * When a keyed post was last attempted and its answer not yet recorded: set before posting, cleared once the
   * message is recorded. A run that finds it set cannot know whether the post went out, and looks for it first.
   */
  async postingSince(key: string): Promise<number | undefined> {
    const at = await this.redis.get(this.k(`posting:${key}`));
    return at === null ? undefined : Number(at);
  }

  async markPosting(key: string, at: number): Promise<void> {
    // A day: far past any retry of the job that posts it.
    await this.redis.set(this.k(`posting:${key}`), String(at), 'EX', 86_400);
  }

  async clearPosting(key: string): Promise<void> {
    await this.redis.del(this.k(`posting:${key}`));
  }

  private async trim(): Promise<void> {
    const n = await this.redis.zcard(this.k('incidents'));
    if (n <= INCIDENTS_KEPT) return;
    const old = await this.redis.zrange(this.k('incidents'), 0, n - INCIDENTS_KEPT - 1);
    const open = new Set(Object.values(await this.redis.hgetall(this.k('open'))));
    const gone = old.filter((id) => !open.has(id));
    if (gone.length === 0) return;
    await this.redis
      .multi()
      .zrem(this.k('incidents'), ...gone)
      .del(...gone.map((id) => this.k(`incident:${id}`)))
      .hdel(this.k('messages'), ...gone)
      .exec();
  }

  // ---------------------------------------------------------------- how the watch runs

  async status(): Promise<WatchStatus | undefined> {
    const fields = await this.redis.hgetall(this.k('status-fields'));
    if (Object.keys(fields).length === 0) return undefined;
    const stored = Object.fromEntries(Object.entries(fields).map(([key, json]) => [key, JSON.parse(json) as unknown]));
    const empty: WatchStatus = { mode: 'polling', trunks: [], instances: 0, edges: [], updatedAt: '' };
    return { ...empty, ...stored };
  }

  /**
   * Sets the fields of `patch`, each one a field of a Redis hash: the watcher (mode, subscriptions) and the poll
   * (last poll, trunks) write at the same moment from different places, and one whole-object write would undo the
   * other's.
   */
  async updateStatus(patch: Partial<WatchStatus>, now: Date): Promise<void> {
    const fields = Object.entries({ ...patch, updatedAt: now.toISOString() })
      .filter(([, value]) => value !== undefined)
      .flatMap(([key, value]) => [key, JSON.stringify(value)]);
    await this.redis.hset(this.k('status-fields'), ...fields);
  }

  /** The time of the last Twilio alert look, so each poll asks only for what is new. */
  async alertsReadUntil(): Promise<string | undefined> {
    return (await this.redis.get(this.k('alerts-until'))) ?? undefined;
  }

  async setAlertsReadUntil(iso: string): Promise<void> {
    await this.redis.set(this.k('alerts-until'), iso);
  }

  /** The last view of the trunks, edges and instances (a poll's, patched by the events since). */
  async view(): Promise<WatchView | undefined> {
    return parse<WatchView>(await this.redis.get(this.k('view')));
  }

  async saveView(view: WatchView): Promise<void> {
    await this.redis.set(this.k('view'), JSON.stringify(view));
  }

  leaseKey(): string {
    return this.k('lease');
  }
}

function parse<T>(raw: string | null | undefined): T | undefined {
  return raw ? (JSON.parse(raw) as T) : undefined;
}
