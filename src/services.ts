/**
 * The services jobs and button actions use: one object, built once per process.
 *
 * To add a service (a snapshot source, the approvals store, the audit log): add its field to `Services` and its
 * construction to `createServices`, both below. Nothing else changes; tests pass their own through `overrides`.
 */

import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { ApprovalStore } from './approvals/approval-store.js';
import { belongsInAuditChannel } from './audit/audit-channel.js';
import { AuditLog } from './audit/audit-log.js';
import type { Authorizer } from './auth/roles.js';
import { loadOrgConfig, type OrgConfig } from './byoc/org-config.js';
import type { Card } from './cards/card.js';
import type { ChannelPoster } from './chat/channel-poster.js';
import type { PeopleDirectory } from './chat/people.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { snapshotVendorCalls } from './metrics.js';
import { auditCard } from './presentation/audit-card.js';
import type { JobScheduler } from './queue/job-scheduler.js';
import type { CommandRegistry } from './router/command-registry.js';
import type { SnapshotVendors } from './snapshot/gather-snapshot.js';
import { gatheringLockMs, SharedSnapshot } from './snapshot/shared-snapshot.js';
import { type SnapshotSource, sharedSnapshotSource } from './snapshot/snapshot-source.js';
import { createVendorClients, orgKeyOf } from './vendors/vendor-clients.js';
import { WatchService } from './watch/watch-service.js';

/** What the process has before any feature service exists. */
export interface CoreServices {
  config: Config;
  log: Logger;
  /** Shared, non-blocking connection (BullMQ workers have their own). */
  redis: Redis;
  authorizer: Authorizer;
  commands: CommandRegistry;
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  now: () => number;
  /** The command queue, for jobs that schedule jobs (an approval's expiry, the change job). */
  queue: JobScheduler;
  /** Chat users' names and emails (`@alice` -> alice@example.com). */
  people: PeopleDirectory;
  /** Posts a card as a new message in a channel (the audit channel); absent when no chat platform can post. */
  announce?: (channelId: string, card: Card) => Promise<void>;
  /** Posts, updates and threads messages of its own (the watch's incident messages in ALERT_CHANNEL). */
  poster?: ChannelPoster;
}

export interface Services extends CoreServices {
  /** Doctor silencing, region overrides, sample numbers (BYOC_ORG_CONFIG). */
  orgConfig: OrgConfig;
  /** The Genesys and Twilio clients, or for each vendor not configured, the variables to set. */
  vendors: SnapshotVendors;
  /** One snapshot of both vendors, cached briefly and shared by every replica. */
  snapshots: SnapshotSource;
  approvals: ApprovalStore;
  audit: AuditLog;
  /** Watching the trunks: polls, notifications, incidents and their messages. */
  watch: WatchService;
}

export async function createServices(core: CoreServices, overrides: Partial<Services> = {}): Promise<Services> {
  const { config, redis, log } = core;
  const orgConfig =
    overrides.orgConfig ??
    loadOrgConfig({ BYOC_ORG_CONFIG: config.orgConfigFile }, (path) => readFileSync(path, 'utf8'));
  const vendors = overrides.vendors ?? createVendorClients(config, { redis });
  const snapshots =
    overrides.snapshots ??
    sharedSnapshotSource(
      vendors,
      orgKeyOf(config),
      new SharedSnapshot({
        redis,
        prefix: config.queuePrefix,
        ttlSeconds: config.snapshotCacheSeconds,
        lockMs: gatheringLockMs(config.workerStalledSeconds * 1000),
      }),
      (snapshot) => {
        snapshotVendorCalls.observe({ vendor: 'genesys' }, snapshot.vendorCalls.genesys);
        snapshotVendorCalls.observe({ vendor: 'twilio' }, snapshot.vendorCalls.twilio);
        log.info({ vendorCalls: snapshot.vendorCalls, orgKey: snapshot.orgKey }, 'snapshot gathered');
      },
    );
  const approvals =
    overrides.approvals ??
    new ApprovalStore(redis, { prefix: `${config.queuePrefix}:`, ttlMs: config.approvalTtlMinutes * 60_000 });
  const audit =
    overrides.audit ??
    new AuditLog({
      redis,
      logger: log,
      key: `${config.queuePrefix}:audit`,
      maxLength: config.audit.maxLength,
      maxAgeMs: config.audit.maxAgeDays * 86_400_000,
      now: core.now,
      ...auditChannelHook(config.audit.channel, core.announce),
    });
  const watch =
    overrides.watch ??
    new WatchService({ config, redis, queue: core.queue, vendors, poster: core.poster, now: core.now, log });
  return { ...core, orgConfig, vendors, snapshots, approvals, audit, watch, ...overrides };
}

/** AUDIT_CHANNEL: each finished change (applied, failed, rejected, expired) is also posted there as a one-row audit card. */
function auditChannelHook(
  channel: string | undefined,
  announce: CoreServices['announce'],
): Pick<ConstructorParameters<typeof AuditLog>[0], 'onEntry'> {
  if (!channel || !announce) return {};
  return {
    onEntry: (entry) => (belongsInAuditChannel(entry) ? announce(channel, auditCard([entry])) : undefined),
  };
}
