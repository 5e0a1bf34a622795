/**
 * The audit trail of changes (README): every request, approval, rejection, expiry, application and
 * failure is appended to a Redis stream, so every replica writes to and reads from the same record, and is
 * written as one structured log line, so it also reaches whatever collects the logs.
 *
 * The stream is bounded both by length (`MAXLEN`) and by age (`MINID`, from the clock passed in), trimmed on
 * every append. Trimming is approximate (`~`) by default, which lets Redis drop whole nodes cheaply; readers
 * still never see an entry older than the age limit, because `query` filters those out.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

import type { AuditAction, AuditEntry, AuditInput, AuditOutcome, AuditQuery } from './audit-entry.js';

export type { AuditAction, AuditEntry, AuditInput, AuditOutcome, AuditQuery } from './audit-entry.js';

export interface AuditLogOptions {
  redis: Redis;
  logger: Logger;
  /** The stream's key (default `byoc:audit`). */
  key?: string;
  /** Keep about this many entries (default 10,000). */
  maxLength?: number;
  /** Keep entries for this long (default 90 days). */
  maxAgeMs?: number;
  /** Trim to the exact bounds instead of Redis' cheaper approximate trimming (default false). */
  exactTrim?: boolean;
  /** The clock, in milliseconds. */
  now?: () => number;
  /** Called with every appended entry (e.g. to post it to an audit channel); its failures are logged, not thrown. */
  onEntry?: (entry: AuditEntry) => void | Promise<void>;
}

export const DEFAULT_AUDIT_KEY = 'byoc:audit';
export const DEFAULT_AUDIT_MAX_LENGTH = 10_000;
export const DEFAULT_AUDIT_MAX_AGE_MS = 90 * 24 * 60 * 60_000;
export const DEFAULT_AUDIT_QUERY_LAST = 20;
export const MAX_AUDIT_QUERY_LAST = 500;

/** Entries read per round trip when a filter makes `query` scan. */
const SCAN_BATCH = 200;

/**
 * Adds an entry with an id taken from our clock (so age trimming follows the same clock), falling back to a
 * Redis-made id when the stream already holds a later one (clock skew between replicas), then trims by age.
 * One script, so no reader sees the entry without the trim. A Lua function, so that another script can append in
 * the same step as its own write (an approval's transition and its audit entry: both or neither).
 * Arguments from ARGV[base]: trim operator (`~` or `=`), max length, now (ms), min id (ms), then field/value pairs
 * to the end of ARGV.
 */
export const AUDIT_APPEND_LUA = `
local function audit_append(key, base)
  local fields = {}
  for i = base + 4, #ARGV do fields[#fields + 1] = ARGV[i] end
  local op, len = ARGV[base], ARGV[base + 1]
  local id = redis.pcall('XADD', key, 'MAXLEN', op, len, ARGV[base + 2] .. '-*', unpack(fields))
  if type(id) == 'table' and id.err then
    id = redis.call('XADD', key, 'MAXLEN', op, len, '*', unpack(fields))
  end
  redis.call('XTRIM', key, 'MINID', op, ARGV[base + 3])
  return id
end
`;

const APPEND_SCRIPT = `${AUDIT_APPEND_LUA}
return audit_append(KEYS[1], 1)
`;

/**
 * An entry ready to be appended by a script (`AUDIT_APPEND_LUA`): the stream key and the arguments, which go last
 * in the script's ARGV. Once the script has run, `AuditLog.recorded` logs it and tells the hook.
 */
export interface PreparedAudit {
  key: string;
  args: string[];
  fields: string[];
}

export class AuditLog {
  readonly key: string;
  private readonly redis: Redis;
  private readonly logger: Logger;
  private readonly maxLength: number;
  private readonly maxAgeMs: number;
  private readonly trimOperator: '~' | '=';
  private readonly now: () => number;
  private readonly onEntry: AuditLogOptions['onEntry'];

  constructor(options: AuditLogOptions) {
    this.redis = options.redis;
    this.logger = options.logger;
    this.key = options.key ?? DEFAULT_AUDIT_KEY;
    this.maxLength = options.maxLength ?? DEFAULT_AUDIT_MAX_LENGTH;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_AUDIT_MAX_AGE_MS;
    this.trimOperator = options.exactTrim ? '=' : '~';
    this.now = options.now ?? Date.now;
    this.onEntry = options.onEntry;
    if (!Number.isInteger(this.maxLength) || this.maxLength < 1)
      throw new RangeError('maxLength must be a positive integer');
    if (!(this.maxAgeMs > 0)) throw new RangeError('maxAgeMs must be positive');
  }

  async append(input: AuditInput): Promise<AuditEntry> {
    const prepared = this.prepare(input);
    const id = (await this.redis.eval(APPEND_SCRIPT, 1, prepared.key, ...prepared.args)) as string;
    return this.recorded(prepared, id);
  }

  /** The entry as a script appends it (see `PreparedAudit`); nothing is written yet. */
  prepare(input: AuditInput): PreparedAudit {
    const now = this.now();
    const fields = toFields({ ...input, at: new Date(now).toISOString(), details: input.details ?? {} });
    const args = [this.trimOperator, String(this.maxLength), String(now), String(Math.max(0, now - this.maxAgeMs))];
    return { key: this.key, args: [...args, ...fields], fields };
  }

  /** After a script appended `prepared` as `id`: the log line and the hook (the audit channel), as for `append`. */
  async recorded(prepared: PreparedAudit, id: string): Promise<AuditEntry> {
    const entry = fromFields(id, prepared.fields);
    this.logger.info({ audit: entry }, `audit: ${entry.action} ${entry.outcome}: ${entry.summary}`);
    if (this.onEntry) {
      try {
        await this.onEntry(entry);
      } catch (err) {
        // The record is in Redis and in the log; a failed post to the audit channel must not undo the change.
        this.logger.warn({ auditId: entry.id, err: (err as Error).message }, 'audit: onEntry hook failed');
      }
    }
    return entry;
  }

  /** Newest first. */
  async query(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const last = Math.min(MAX_AUDIT_QUERY_LAST, Math.max(1, Math.floor(query.last ?? DEFAULT_AUDIT_QUERY_LAST)));
    const oldest = this.now() - this.maxAgeMs;
    const trunk = query.trunk?.toLowerCase();
    const number = query.number ? digits(query.number) : undefined;
    const wanted = (e: AuditEntry): boolean =>
      idMillis(e.id) >= oldest &&
      (trunk === undefined || e.trunk?.toLowerCase() === trunk) &&
      (number === undefined || (e.number !== undefined && digits(e.number) === number));

    const found: AuditEntry[] = [];
    let end = '+';
    const batch = trunk === undefined && number === undefined ? last : SCAN_BATCH;
    for (;;) {
      const rows = await this.redis.xrevrange(this.key, end, '-', 'COUNT', batch);
      for (const [id, fields] of rows) {
        const entry = fromFields(id, fields);
        if (wanted(entry)) found.push(entry);
        if (found.length === last) return found;
      }
      // Past the age limit everything further back is older still.
      if (rows.length < batch || idMillis(rows.at(-1)![0]) < oldest) return found;
      end = `(${rows.at(-1)![0]}`;
    }
  }

  /**
   * Every entry from `fromMs` on, newest first, however many (the changes timeline reads a whole window, not the
   * last N): stream ids are times, so Redis reads just that range. At most `MAX_SINCE_ENTRIES`; `complete` says
   * whether that was all of them.
   */
  async since(fromMs: number): Promise<{ entries: AuditEntry[]; complete: boolean }> {
    const from = Math.max(Math.floor(fromMs), this.now() - this.maxAgeMs);
    const entries: AuditEntry[] = [];
    let end = '+';
    for (;;) {
      const rows = await this.redis.xrevrange(this.key, end, `${from}-0`, 'COUNT', SCAN_BATCH);
      for (const [id, fields] of rows) {
        if (entries.length === MAX_SINCE_ENTRIES) return { entries, complete: false };
        entries.push(fromFields(id, fields));
      }
      if (rows.length < SCAN_BATCH) return { entries, complete: true };
      end = `(${rows.at(-1)![0]}`;
    }
  }
}

/** A bound on one window's read, far above any real bot's changes in the audit's lifetime. */
export const MAX_SINCE_ENTRIES = 10_000;

function toFields(entry: Omit<AuditEntry, 'id'>): string[] {
  const fields = ['at', entry.at, 'action', entry.action, 'actor', entry.actor];
  if (entry.approvalId !== undefined) fields.push('approvalId', entry.approvalId);
  if (entry.trunk !== undefined) fields.push('trunk', entry.trunk);
  if (entry.number !== undefined) fields.push('number', entry.number);
  fields.push('summary', entry.summary, 'outcome', entry.outcome, 'details', JSON.stringify(entry.details));
  return fields;
}

function fromFields(id: string, fields: string[]): AuditEntry {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i]!, fields[i + 1]!);
  const entry: AuditEntry = {
    id,
    at: f.get('at') ?? new Date(idMillis(id)).toISOString(),
    action: f.get('action') as AuditAction,
    actor: f.get('actor') ?? '',
    summary: f.get('summary') ?? '',
    outcome: f.get('outcome') as AuditOutcome,
    details: parseDetails(f.get('details')),
  };
  for (const key of ['approvalId', 'trunk', 'number'] as const) {
    const value = f.get(key);
    if (value !== undefined) entry[key] = value;
  }
  return entry;
}

function parseDetails(json: string | undefined): Record<string, unknown> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { raw: json };
  }
}

function idMillis(id: string): number {
  return Number(id.split('-')[0]);
}

function digits(phoneNumber: string): string {
  return phoneNumber.replace(/\D/g, '');
}
