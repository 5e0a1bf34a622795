/**
 * Teams' side of the people directory: who a mention names, or who a typed `@alice` is, read from the members of the
 * conversation the request came from, through the Bot Connector's `GET /v3/conversations/{id}/members`
 * (https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference; in Teams
 * each member carries `aadObjectId`, `email`, `userPrincipalName`, `givenName`: `TeamsChannelAccount`). In a channel
 * the members are the team's. A proactive turn on the request's stored conversation reference makes the call, so any
 * worker replica can. Only Teams people are answered; other platforms get nothing.
 */
import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { vendorCalls } from '../../metrics.js';
import type { ReplyTarget } from '../invocation.js';
import type { ChatPerson, PeopleDirectory } from '../people.js';
import { connectorError } from './card-delivery.js';
import { asTeamsTarget } from './reply-target.js';

interface TeamsMember {
  id?: string;
  name?: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
  givenName?: string;
}

function personOf(member: TeamsMember): ChatPerson {
  const email = member.email || (member.userPrincipalName?.includes('@') ? member.userPrincipalName : undefined);
  return {
    userId: member.aadObjectId ?? member.id ?? '',
    ...(member.name ? { name: member.name } : {}),
    ...(email ? { email } : {}),
  };
}

export function teamsPeopleDirectory(adapter: CloudAdapter, appId: string): PeopleDirectory {
  const members = async (where: ReplyTarget | undefined): Promise<TeamsMember[]> => {
    if (where?.platform !== 'teams') return [];
    const target = asTeamsTarget(where);
    // A channel thread's conversation is `{channel};messageid={root}`: the members are the channel's.
    const conversationId = target.conversationId.replace(/;messageid=.*$/, '');
    let found: TeamsMember[] = [];
    try {
      vendorCalls.inc({ vendor: 'teams' });
      await adapter.continueConversationAsync(
        appId,
        target.reference as unknown as Partial<ConversationReference>,
        async (ctx: TurnContext) => {
          const connector = ctx.turnState.get(adapter.ConnectorClientKey) as ConnectorClient;
          found = (await connector.conversations.getConversationMembers(conversationId)) as TeamsMember[];
        },
      );
    } catch (err) {
      throw connectorError(err);
    }
    return found;
  };

  return {
    async lookup(platform, userId, where) {
      if (platform !== 'teams') return undefined;
      const member = (await members(where)).find((m) => m.id === userId || m.aadObjectId === userId);
      return member ? personOf(member) : undefined;
    },

    async findByHandle(platform, handle, where) {
      if (platform !== 'teams') return [];
      const wanted = handle.replace(/^@/, '').toLowerCase();
      // Teams has no handles: a typed @alice is someone's first name, display name, or the name part of their email.
      const handles = (m: TeamsMember) => [
        m.givenName,
        m.name,
        m.name?.replace(/\s+/g, ''),
        m.email?.split('@')[0],
        m.userPrincipalName?.split('@')[0],
      ];
      return (await members(where)).filter((m) => handles(m).some((h) => h?.toLowerCase() === wanted)).map(personOf);
    },
  };
}
