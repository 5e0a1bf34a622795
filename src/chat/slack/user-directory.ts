/**
 * Slack's side of the people directory: `users.info` gives a user's display name and, with the
 * `users:read.email` scope, their email. Only Slack users are answered; other platforms get undefined.
 */
import type { webApi } from '@slack/bolt';
import { vendorCalls } from '../../metrics.js';
import { isVendorError } from '../../vendors/vendor-error.js';
import type { ChatPerson, PeopleDirectory } from '../people.js';
import { slackCall } from './slack-errors.js';

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
      const user = result.user;
      if (!user) return undefined;
      const name = user.profile?.real_name || user.real_name || user.name;
      const email = user.profile?.email;
      return { userId, ...(name ? { name } : {}), ...(email ? { email } : {}) };
    },
  };
}
