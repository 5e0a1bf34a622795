/** Finding the Genesys Cloud user a DID goes to: by id when known, else by email (their login). */
import type { GenesysClient, User } from '../genesys/client.js';
import { changeRefusedError } from './change-errors.js';

/** The Genesys user whose email (or username, which is the login email) is `email`, case-insensitively. */
export async function genesysUserByEmail(g: GenesysClient, email: string): Promise<User | undefined> {
  const wanted = email.trim().toLowerCase();
  return (await g.users()).find((u) => u.email?.toLowerCase() === wanted || u.username?.toLowerCase() === wanted);
}

export async function resolveGenesysUser(g: GenesysClient, who: { userId?: string; email?: string }): Promise<User> {
  if (who.userId) return g.user(who.userId);
  const user = who.email ? await genesysUserByEmail(g, who.email) : undefined;
  if (!user?.id) throw changeRefusedError(`No Genesys Cloud user has the email ${who.email ?? '(none given)'}.`);
  return user;
}
