/**
 * Slack's side of the people directory: `users.info` gives a user's display name and, with the
 * `users:read.email` scope, their email; `users.list` (paged with a cursor) finds who a plain `@alice` is.
 * Only Slack users are answered; other platforms get nothing.
 * https://api.slack.com/methods/users.info, https://api.slack.com/methods/users.list
 */
import type { webApi } from '@slack/bolt';
import { vendorCalls } from '../../metrics.js';
import { isVendorError } from '../../vendors/vendor-error.js';
import type { ChatPerson, PeopleDirectory } from '../people.js';
import { slackCall } from './slack-errors.js';

type SlackMember = NonNullable<webApi.UsersListResponse['members']>[number];

function personOf(userId: string, user: SlackMember | webApi.UsersInfoResponse['user']): ChatPerson {
  const name = user?.profile?.real_name || user?.real_name || user?.name;
  const email = user?.profile?.email;
  return { userId, ...(name ? { name } : {}), ...(email ? { email } : {}) };
}

/** `users.list` pages: Slack recommends at most 200 members a page. */
const PAGE_SIZE = 200;

export function slackPeopleDirectory(client: webApi.WebClient): PeopleDirectory {
  return {
    async lookup(platform, userId): Promise<ChatPerson | undefined> {
      if (platform !== 'slack') return undefined;
      vendorCalls.inc({ vendor: 'slack' });
      let result: webApi.UsersInfoResponse;
      try {
        result = await slackCall(() => client.users.info({ user: userId }));
      } catch (err) {
        // user_not_found is an answer ("nobody"); anything else (429, 5xx) is for the job's retry policy.
        if (isVendorError(err) && err.code === 'user_not_found') return undefined;
        throw err;
      }
      return result.user ? personOf(userId, result.user) : undefined;
    },

    async findByHandle(platform, handle): Promise<ChatPerson[]> {
      if (platform !== 'slack') return [];
      const wanted = handle.replace(/^@/, '').toLowerCase();
      const found: ChatPerson[] = [];
      let cursor: string | undefined;
      do {
        vendorCalls.inc({ vendor: 'slack' });
        const page: webApi.UsersListResponse = await slackCall(() =>
          client.users.list({ limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
        );
        for (const member of page.members ?? []) {
          if (!member.id || member.deleted || member.is_bot) continue;
          const handles = [member.name, member.profile?.display_name, member.profile?.display_name_normalized];
          if (handles.some((h) => h?.toLowerCase() === wanted)) found.push(personOf(member.id, member));
        }
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return found;
    },
  };
}
