/**
 * Everything Teams needs in one process, built on botbuilder: the CloudAdapter, the inbound endpoint (web role) and
 * the card delivery (worker role). Loaded only through `index.ts`'s `loadTeams`, by dynamic import.
 */
import type { Dispatcher } from '../dispatcher.js';
import { TeamsCardDelivery, TeamsSender } from './card-delivery.js';
import { createCloudAdapter } from './cloud-adapter.js';
import { teamsPeopleDirectory } from './people-directory.js';
import type { TeamsRuntime, TeamsRuntimeOptions } from './runtime-types.js';
import { TeamsSendGate } from './send-gate.js';
import { TeamsChannelPoster } from './teams-channel-poster.js';
import { TeamsEndpoint } from './teams-endpoint.js';

export function createTeamsRuntime(options: TeamsRuntimeOptions): TeamsRuntime {
  const { teams, redis, prefix, log } = options;
  const adapter = createCloudAdapter(teams);
  adapter.onTurnError = async (_context, err) => {
    log.error({ err }, 'Teams turn failed');
    throw err;
  };
  const gate = new TeamsSendGate(redis, prefix);
  const sender = new TeamsSender({ adapter, appId: teams.appId, gate, log });
  return {
    delivery: new TeamsCardDelivery(sender),
    people: teamsPeopleDirectory(adapter, teams.appId),
    poster: new TeamsChannelPoster({
      sender,
      appId: teams.appId,
      serviceUrl: teams.serviceUrl,
      ...(teams.tenantId ? { tenantId: teams.tenantId } : {}),
    }),
    endpoint: (dispatcher: Dispatcher) =>
      new TeamsEndpoint({ adapter, teams, dispatcher, redis, prefix, gate, log }).handle,
  };
}
