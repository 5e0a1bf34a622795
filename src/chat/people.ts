/**
 * Who a chat user is, beyond their id: what a command needs to turn `@alice` into the Genesys user with the same
 * email. Each platform answers from its own directory (Slack: `users.info` and `users.list`, scopes `users:read`
 * and `users:read.email`; Teams: the members of the conversation the request came from, which is why a lookup may
 * say where it was asked: `where` is the request's reply target).
 */
import type { ChatPlatform, ReplyTarget } from './invocation.js';

export interface ChatPerson {
  userId: string;
  name?: string;
  email?: string;
}

export interface PeopleDirectory {
  /** The person, or undefined when the platform does not know them (or cannot say). */
  lookup(platform: ChatPlatform, userId: string, where?: ReplyTarget): Promise<ChatPerson | undefined>;
  /**
   * Everyone whose handle (`@alice`: Slack's username or display name) is `handle`, case-insensitive; active
   * people only. Empty when nobody is, or the platform has no directory.
   */
  findByHandle(platform: ChatPlatform, handle: string, where?: ReplyTarget): Promise<ChatPerson[]>;
}

/** One directory over several platforms: each question goes to the platform it is about. */
export function peopleOn(directories: Partial<Record<ChatPlatform, PeopleDirectory>>): PeopleDirectory {
  return {
    lookup: async (platform, userId, where) => directories[platform]?.lookup(platform, userId, where),
    findByHandle: async (platform, handle, where) =>
      (await directories[platform]?.findByHandle(platform, handle, where)) ?? [],
  };
}

/** A directory that knows nobody (no chat platform configured, or the CLI). */
export const nobodyKnown: PeopleDirectory = { lookup: async () => undefined, findByHandle: async () => [] };
