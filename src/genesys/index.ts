/** The Genesys Cloud client on the official SDK. */
export {
  BYOC_CARRIER_METABASE,
  type Did,
  type DidNumber,
  type DidPool,
  type Edge,
  type EdgeGroup,
  GenesysClient,
  type GenesysClientOptions,
  type Ivr,
  type Location,
  type NumberPlan,
  type OutboundRoute,
  type Product,
  type RateLimitSeen,
  type Site,
  type Trunk,
  type TrunkBase,
  type TrunkMetrics,
  type UpdateUser,
  type User,
} from './client.js';
export { gatewayFor, genesysConfigError, genesysEnvironment } from './environment.js';
export { toVendorError } from './errors.js';
export {
  type Clock,
  GENESYS_RATE_SCOPE,
  type RateLimiter,
  RedisRateLimiter,
  type RedisRateLimiterOptions,
  systemClock,
} from './rate-limiter.js';
