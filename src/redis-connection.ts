/**
 * Opens a connection to the Redis the configuration names: one server (REDIS_URL), a Redis Cluster
 * (REDIS_CLUSTER_NODES) or the master a set of Sentinels points at (REDIS_SENTINELS). Every connection of the bot
 * (commands, queues, workers) is made here, so all three work everywhere.
 *
 * A cluster connection is ioredis' `Cluster`, typed as `Redis`: it answers the same commands, routed by key slot,
 * and every command of the bot touches keys of one slot (the hash-tagged QUEUE_PREFIX, see config.ts), which is what
 * BullMQ asks for (https://docs.bullmq.io/bull/patterns/redis-cluster). Sentinel is ioredis' own Sentinel support
 * (https://github.com/redis/ioredis#sentinel): it asks the Sentinels for the master and follows a failover as soon
 * as they announce it.
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisTarget } from './config.js';

export interface ConnectOptions {
  /** ioredis' retry strategy: how long to wait before the next connection attempt. */
  retryStrategy?: (times: number) => number | null;
  /** `null` for a connection that blocks (BullMQ workers): it never gives up on a command. */
  maxRetriesPerRequest?: number | null;
  lazyConnect?: boolean;
}

export function connectRedis(target: RedisTarget, options: ConnectOptions = {}): Redis {
  const base: RedisOptions = {
    ...(options.maxRetriesPerRequest !== undefined ? { maxRetriesPerRequest: options.maxRetriesPerRequest } : {}),
    ...(options.lazyConnect !== undefined ? { lazyConnect: options.lazyConnect } : {}),
  };
  switch (target.kind) {
    case 'single':
      return new Redis(target.url, {
        ...base,
        ...(options.retryStrategy ? { retryStrategy: options.retryStrategy } : {}),
      });
    case 'sentinel':
      return new Redis({
        ...base,
        sentinels: target.sentinels,
        name: target.masterName,
        // Leave the old master the moment a Sentinel announces the switch (`+switch-master`). In a planned failover
        // the old master keeps answering, as a master, until the Sentinels turn it into a replica some seconds
        // later, which replaces everything it holds: what a client wrote there meanwhile is lost (a job never
        // answered), or runs twice (a retry that ran there is still waiting on the new master). ioredis' option
        // subscribes to the Sentinels for it (https://github.com/redis/ioredis/pull/1328).
        failoverDetector: true,
        ...(target.password ? { password: target.password } : {}),
        ...(options.retryStrategy
          ? { retryStrategy: options.retryStrategy, sentinelRetryStrategy: options.retryStrategy }
          : {}),
      });
    case 'cluster': {
      const { lazyConnect, ...redisOptions } = base;
      return new Cluster(target.nodes, {
        ...(lazyConnect !== undefined ? { lazyConnect } : {}),
        redisOptions: { ...redisOptions, ...(target.password ? { password: target.password } : {}) },
        ...(options.retryStrategy ? { clusterRetryStrategy: options.retryStrategy } : {}),
      }) as unknown as Redis;
    }
  }
}

/** Where the connection goes, for log lines: never with a password. */
export function describeRedis(target: RedisTarget): string {
  switch (target.kind) {
    case 'single':
      return target.url.replace(/\/\/[^/@\s]*@/, '//');
    case 'sentinel':
      return `Sentinel master "${target.masterName}" (${target.sentinels.map((s) => `${s.host}:${s.port}`).join(', ')})`;
    case 'cluster':
      return `Redis Cluster (${target.nodes.map((n) => `${n.host}:${n.port}`).join(', ')})`;
  }
}
