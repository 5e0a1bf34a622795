/**
 * The two vendor clients built from configuration, or for each vendor that is not configured, the variables to set.
 * The Genesys client shares one rate limiter per OAuth client across every replica (Redis), since the org's
 * 300 requests a minute belong to the token, not to a process.
 */
import type { Redis } from 'ioredis';
import { type Config, describeMissing, vendorConfigStatus } from '../config.js';
import { GenesysClient } from '../genesys/client.js';
import { GENESYS_RATE_SCOPE, RedisRateLimiter } from '../genesys/rate-limiter.js';
import { vendorCalls } from '../metrics.js';
import type { SnapshotVendors } from '../snapshot/gather-snapshot.js';
import { TwilioClient } from '../twilio/twilio-client.js';
import type { Vendor } from './vendor-error.js';

export interface VendorClientOptions {
  /** Shares the Genesys rate limit across replicas; a one-shot CLI has none and needs none. */
  redis?: Redis;
  /** Requests a minute the bot allows itself against Genesys (the org's limit, default 300). */
  genesysRateLimit?: number;
}

export function createVendorClients(config: Config, opts: VendorClientOptions = {}): SnapshotVendors {
  const status = vendorConfigStatus(config);
  const onCall = (vendor: Vendor) => vendorCalls.inc({ vendor });
  const genesys: SnapshotVendors['genesys'] = status.genesys.configured
    ? {
        client: new GenesysClient({
          region: config.genesys.region,
          clientId: config.genesys.clientId!,
          clientSecret: config.genesys.clientSecret!,
          apiUrl: config.genesys.apiUrl,
          onCall,
          limiter: opts.redis
            ? new RedisRateLimiter({
                redis: opts.redis,
                scope: GENESYS_RATE_SCOPE,
                prefix: config.queuePrefix,
                key: config.genesys.clientId!,
                limit: opts.genesysRateLimit ?? 300,
              })
            : undefined,
        }),
      }
    : { notConfigured: describeMissing(status.genesys.missing) };
  const twilio: SnapshotVendors['twilio'] = status.twilio.configured
    ? { client: new TwilioClient({ ...config.twilio, accountSid: config.twilio.accountSid!, onCall }) }
    : { notConfigured: describeMissing(status.twilio.missing) };
  return { genesys, twilio, region: config.genesys.region };
}

/** The cache key of an org: its Genesys OAuth client, else its Twilio account. */
export function orgKeyOf(config: Config): string {
  return config.genesys.clientId ?? config.twilio.accountSid ?? 'unconfigured';
}
