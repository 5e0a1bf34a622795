/**
 * Who a chat user is, beyond their id: what a command needs to turn `@alice` into the Genesys user with the same
 * email. Each platform answers from its own directory (Slack: `users.info` and `users.list`, scopes `users:read`
 * and `users:read.email`).
 */
import type { ChatPlatform } from './invocation.js';

export interface ChatPerson {
  userId: string;
  name?: string;
  email?: string;
}

export interface PeopleDirectory {
  /** The person, or undefined when the platform does not know them (or cannot say). */
  lookup(platform: ChatPlatform, userId: string): Promise<ChatPerson | undefined>;
  /**
   * Everyone whose handle (`@alice`: Slack's username or display name) is `handle`, case-insensitive; active
   * people only. Empty when nobody is, or the platform has no directory.
   */
  findByHandle(platform: ChatPlatform, handle: string): Promise<ChatPerson[]>;
}

/** A directory that knows nobody (no chat platform configured, or the CLI). */
export const nobodyKnown: PeopleDirectory = { lookup: async () => undefined, findByHandle: async () => [] };
