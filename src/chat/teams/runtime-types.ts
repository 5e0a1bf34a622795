/**
 * What the Teams runtime needs and gives, on their own so the front door (index.ts) and the runtime it loads lazily
 * (teams-runtime.ts) share them without importing each other.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import type { TeamsConfig } from '../../config.js';
import type { Logger } from '../../log.js';
import type { ChannelPoster } from '../channel-poster.js';
import type { Dispatcher } from '../dispatcher.js';
import type { CardDelivery } from '../invocation.js';
import type { PeopleDirectory } from '../people.js';

export interface TeamsRuntimeOptions {
  teams: TeamsConfig;
  redis: Redis;
  /** Redis key prefix (QUEUE_PREFIX): rate windows and de-duplication keys live under it. */
  prefix: string;
  log: Logger;
}

export interface TeamsRuntime {
  /** Puts cards where a Teams reply target points (workers). */
  delivery: CardDelivery;
  /** Posts, updates and threads messages nobody asked for in a Teams channel (alerts, audit copies). */
  poster: ChannelPoster;
  /** Who a Teams mention or typed @name is: the members of the conversation asked from. */
  people: PeopleDirectory;
  /** The `POST /api/messages` handler (web role). */
  endpoint(dispatcher: Dispatcher): (req: IncomingMessage, res: ServerResponse) => void;
}
