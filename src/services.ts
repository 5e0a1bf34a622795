/**
 * The services jobs and button actions use: one object, built once per process.
 *
 * To add a service (a snapshot source, the approvals store, the audit log): add its field to `Services` and its
 * construction to `createServices`, both below. Nothing else changes; tests pass their own through `overrides`.
 */
import type { Redis } from 'ioredis';
import type { Authorizer } from './auth/roles.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { CommandRegistry } from './router/command-registry.js';

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
}

// Feature services are added here, each with its construction in createServices.
export interface Services extends CoreServices {}

export async function createServices(core: CoreServices, overrides: Partial<Services> = {}): Promise<Services> {
  return { ...core, ...overrides };
}
