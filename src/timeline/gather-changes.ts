/**
 * Reads the change records the timeline is made of, from both vendors at once: Genesys Cloud audits (the realtime
 * query within its 14 days, the asynchronous one beyond), Twilio Monitor Events, and the bot's own audit stream.
 * A source that fails or is not configured is named in `unavailable`; the others still answer.
 *
 * Requests for one window: Genesys one query per audit service (Telephony; Architect for IVRs; Directory for
 * users), each a single page of 500 in all but the busiest orgs; Twilio one page of 1000 events.
 */
import type { BotAuditInput, GenesysAuditInput, Timeline, TwilioEventInput } from '../byoc/timeline/index.js';
import type { Config } from '../config.js';
import type { AuditQuery } from '../genesys/client.js';
import type { SnapshotVendors } from '../snapshot/gather-snapshot.js';

/** The realtime audit query answers for the last 14 days only (docs/change-records.md). */
export const REALTIME_AUDIT_DAYS = 14;
const DAY_MS = 86_400_000;
/**
 * A window starting this close to the realtime query's limit goes to the asynchronous query: Genesys measures the
 * 14 days from its own clock when the query arrives, later than ours, so `--since 14d` would just miss it.
 */
const REALTIME_MARGIN_MS = 3_600_000;

/** The audit services and entity types that hold the setup's objects. */
const AUDIT_QUERIES: Omit<AuditQuery, 'interval'>[] = [
  { serviceName: 'Telephony' },
  { serviceName: 'Architect', filters: [{ property: 'EntityType', value: 'IVR' }] },
  { serviceName: 'Directory', filters: [{ property: 'EntityType', value: 'User' }] },
];

export interface ChangeRecords {
  genesysAudits: GenesysAuditInput[];
  twilioEvents: TwilioEventInput[];
  botEntries: BotAuditInput[];
  unavailable: Timeline['unavailable'];
}

export interface GatherChangesOptions {
  since: number;
  until: number;
  /** The bot's audit stream (absent in the CLI, which has no Redis). */
  botAudit?: { since(fromMs: number): Promise<{ entries: BotAuditInput[]; complete: boolean }> };
}

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function gatherChanges(vendors: SnapshotVendors, opts: GatherChangesOptions): Promise<ChangeRecords> {
  const unavailable: Timeline['unavailable'] = [];
  const interval = `${new Date(opts.since).toISOString()}/${new Date(opts.until).toISOString()}`;
  const realtime = opts.until - opts.since <= REALTIME_AUDIT_DAYS * DAY_MS - REALTIME_MARGIN_MS;

  const genesys = async (): Promise<GenesysAuditInput[]> => {
    if (!('client' in vendors.genesys)) {
      unavailable.push({ source: 'genesys', reason: vendors.genesys.notConfigured });
      return [];
    }
    const client = vendors.genesys.client;
    try {
      const pages = await Promise.all(
        AUDIT_QUERIES.map((q) =>
          realtime ? client.auditsRealtime({ ...q, interval }) : client.auditsAsync({ ...q, interval }),
        ),
      );
      return pages.flat();
    } catch (err) {
      unavailable.push({ source: 'genesys', reason: reasonOf(err) });
      return [];
    }
  };
  const twilio = async (): Promise<TwilioEventInput[]> => {
    if (!('client' in vendors.twilio)) {
      unavailable.push({ source: 'twilio', reason: vendors.twilio.notConfigured });
      return [];
    }
    try {
      return await vendors.twilio.client.listEvents({ startDate: new Date(opts.since), endDate: new Date(opts.until) });
    } catch (err) {
      unavailable.push({ source: 'twilio', reason: reasonOf(err) });
      return [];
    }
  };
  const bot = async (): Promise<BotAuditInput[]> => {
    if (!opts.botAudit) return [];
    try {
      const { entries, complete } = await opts.botAudit.since(opts.since - DAY_MS);
      if (!complete) {
        unavailable.push({ source: 'byoc-bot', reason: `only its newest ${entries.length} entries were read` });
      }
      return entries;
    } catch (err) {
      unavailable.push({ source: 'byoc-bot', reason: reasonOf(err) });
      return [];
    }
  };
  const [genesysAudits, twilioEvents, botEntries] = await Promise.all([genesys(), twilio(), bot()]);
  return { genesysAudits, twilioEvents, botEntries, unavailable };
}

/** The bot's own credentials, so records made with them are folded into the bot's changes. */
export function botIdentity(config: Pick<Config, 'genesys' | 'twilio'>) {
  return {
    ...(config.genesys.clientId ? { genesysClientId: config.genesys.clientId } : {}),
    twilioActorSids: [config.twilio.accountSid, config.twilio.apiKey].filter((s): s is string => !!s),
  };
}
