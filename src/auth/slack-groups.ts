/**
 * Resolves `group:S…` entries of the access file to the members of a Slack user group with
 * `usergroups.users.list` (scope `usergroups:read`). Authorization runs before the ack, inside Slack's
 * 3-second window, so answers are cached for a while and concurrent lookups of one group share one call.
 * Give it a WebClient with few or no retries and a short timeout: a slow lookup should fail and deny, not stall.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { GroupResolver } from './access.js';

export interface SlackGroupResolverOptions {
  client: webApi.WebClient;
  logger: Logger;
  /** How long a group's members are trusted before they are looked up again. */
  ttlMs?: number;
  /** The clock, in milliseconds; a parameter so expiry can be tested without waiting. */
  now?: () => number;
}

export const DEFAULT_GROUP_TTL_MS = 5 * 60_000;

export function slackGroupResolver(options: SlackGroupResolverOptions): GroupResolver {
  const { client, logger, ttlMs = DEFAULT_GROUP_TTL_MS, now = Date.now } = options;
  const cache = new Map<string, { users: string[]; expiresAt: number }>();
  const inFlight = new Map<string, Promise<string[]>>();

  async function lookup(groupId: string): Promise<string[]> {
    try {
      const result = await client.usergroups.users.list({ usergroup: groupId });
      const users = result.users ?? [];
      cache.set(groupId, { users, expiresAt: now() + ttlMs });
      return users;
    } catch (err) {
      // Not cached: the next request tries again. Denying is safe; granting on an error would not be.
      const code = (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;
      logger.warn({ groupId, error: code }, 'Slack user group lookup failed; the group matches nobody for now');
      return [];
    }
  }

  return async (groupId) => {
    const cached = cache.get(groupId);
    if (cached && cached.expiresAt > now()) return cached.users;
    const pending = inFlight.get(groupId);
    if (pending) return pending;
    const promise = lookup(groupId).finally(() => inFlight.delete(groupId));
    inFlight.set(groupId, promise);
    return promise;
  };
}
