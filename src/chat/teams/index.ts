/**
 * The Teams adapter's front door. botbuilder costs about 90 MB and 0.4 s to load, so nothing is imported from it
 * until Teams is configured: `loadTeams` brings in `teams-runtime.ts` (and botbuilder with it) by dynamic import.
 * Nothing outside this folder imports botbuilder or any other file of this folder that does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import type { TeamsConfig } from '../../config.js';
import type { Logger } from '../../log.js';
import type { Dispatcher } from '../dispatcher.js';
import type { CardDelivery } from '../invocation.js';

export { TEAMS_LIMITS } from './limits.js';

/** Where Teams (the Azure Bot's messaging endpoint) posts activities. */
export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface TeamsRuntimeOptions {
  teams: TeamsConfig;
  redis: Redis;
  /** Redis key prefix (QUEUE_PREFIX): rate windows and de-duplication keys live under it. */
  prefix: string;
  log: Logger;
  /** First retry delay of a failed send, in ms (tests shorten it). */
  retryBaseMs?: number;
}

export interface TeamsRuntime {
  /** Puts cards where a Teams reply target points (workers). */
  delivery: CardDelivery;
  /** The `POST /api/messages` handler (web role). */
  endpoint(dispatcher: Dispatcher): (req: IncomingMessage, res: ServerResponse) => void;
}

export async function loadTeams(options: TeamsRuntimeOptions): Promise<TeamsRuntime> {
  const { createTeamsRuntime } = await import('./teams-runtime.js');
  return createTeamsRuntime(options);
}
