/**
 * Who a person can be on the chat page: the fake Slack's people and the fake Teams tenant's, each with the role
 * the access file in use gives them (so the picker says "Sam Sandbox (operator)", "Lea Lead (approver)").
 */
import { loadAuthorizer } from '../../auth/access.js';
import { createLogger } from '../../log.js';
import { SANDBOX_USERS } from '../slack/sandbox-users.js';
import { SANDBOX_TEAMS_PEOPLE } from '../teams/activities.js';
import type { PagePerson } from './chat-page.js';

export async function pagePeople(
  accessFile: string | undefined,
): Promise<{ slack: PagePerson[]; teams: PagePerson[] }> {
  // The bot reads the same file and logs its warnings; here they would only repeat them.
  const authorizer = await loadAuthorizer(accessFile, { logger: createLogger({ level: 'silent' }) });
  const withRoles = async (platform: 'slack' | 'teams', people: [string, string][]) => {
    const out: PagePerson[] = [];
    for (const [id, name] of people) {
      const role = await authorizer.roleFor({ platform, userId: id, channelId: undefined });
      out.push({ id, name, ...(role ? { role } : {}) });
    }
    return out;
  };
  const slack = Object.entries(SANDBOX_USERS)
    .filter(([, u]) => !u.isBot && !u.deleted)
    .map(([id, u]): [string, string] => [id, u.realName ?? u.name ?? id]);
  return {
    slack: await withRoles('slack', slack),
    teams: await withRoles('teams', Object.entries(SANDBOX_TEAMS_PEOPLE)),
  };
}
