/**
 * The Teams adapter's front door. botbuilder costs about 90 MB and 0.4 s to load, so nothing is imported from it
 * until Teams is configured: `loadTeams` brings in `teams-runtime.ts` (and botbuilder with it) by dynamic import.
 * Nothing outside this folder imports botbuilder or any other file of this folder that does.
 */
import type { TeamsRuntime, TeamsRuntimeOptions } from './runtime-types.js';

export { TEAMS_LIMITS } from './limits.js';

/** Where Teams (the Azure Bot's messaging endpoint) posts activities. */
export const TEAMS_MESSAGES_PATH = '/api/messages';

export type { TeamsRuntime, TeamsRuntimeOptions } from './runtime-types.js';

export async function loadTeams(options: TeamsRuntimeOptions): Promise<TeamsRuntime> {
  const { createTeamsRuntime } = await import('./teams-runtime.js');
  return createTeamsRuntime(options);
}
