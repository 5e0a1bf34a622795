/**
 * Every request to POST /api/messages must carry a valid Bot Framework token. Anything else is answered 401 by the
 * real botbuilder CloudAdapter before the bot looks at it: no job is enqueued and nothing is sent to Teams.
 */
import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messageActivity, sendToBot } from '../../src/sandbox/teams/activities.js';
import { startTeamsHarness, TEAMS_APP_ID, type TeamsHarness } from './harness.js';

let h: TeamsHarness;

beforeAll(async () => {
  h = await startTeamsHarness();
}, 30_000);

afterAll(async () => {
  await h?.close();
});

beforeEach(() => h.teams.reset());

async function jobsEnqueued(): Promise<number> {
  const counts = await h.bot.queue.jobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

function helpActivity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...messageActivity({ text: 'help', serviceUrl: h.teams.serviceUrl, botId: TEAMS_APP_ID, userAadId: 'aad-x' }),
    ...overrides,
  };
}

describe('a request Teams did not sign is refused and changes nothing', () => {
  it('a correctly signed message is answered (the control case)', async () => {
    const before = await jobsEnqueued();
    const sent = await h.message('help');
    expect(sent.status).toBe(200);
    const card = await h.teamsCardFor(sent);
    expect(card.text).toContain('what you can ask');
    expect(await jobsEnqueued()).toBe(before + 1);
  });

  const cases: [string, () => Promise<{ activity: Record<string, unknown>; token: string | undefined }>][] = [
    [
      'signed with a key that is not in the metadata (same key id)',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return { activity: helpActivity(), token: await h.teams.channelToken(TEAMS_APP_ID, { key: privateKey }) };
      },
    ],
    [
      'signed with an unknown key id',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return {
          activity: helpActivity(),
          token: await h.teams.channelToken(TEAMS_APP_ID, { key: privateKey, kid: 'not-published' }),
        };
      },
    ],
    [
      'expired (beyond the 5 minutes of clock skew)',
      async () => ({ activity: helpActivity(), token: await h.teams.channelToken(TEAMS_APP_ID, { expiresIn: -900 }) }),
    ],
    [
      'for another bot (wrong audience)',
      async () => ({
        activity: helpActivity(),
        token: await h.teams.channelToken('99999999-9999-4999-8999-999999999999'),
      }),
    ],
    [
      'from another issuer',
      async () => ({
        activity: helpActivity(),
        token: await h.teams.channelToken(TEAMS_APP_ID, { issuer: 'https://attacker.example.com' }),
      }),
    ],
    [
      'shaped like an Emulator token (an Azure AD issuer)',
      async () => ({
        activity: helpActivity(),
        token: await h.teams.channelToken(TEAMS_APP_ID, {
          issuer: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/',
        }),
      }),
    ],
    ['without an Authorization header', async () => ({ activity: helpActivity(), token: undefined })],
    [
      'whose serviceurl claim is not the activity serviceUrl',
      async () => ({
        activity: helpActivity({ serviceUrl: 'http://127.0.0.1:9/' }),
        token: await h.teams.channelToken(TEAMS_APP_ID),
      }),
    ],
    [
      'for a channel the signing key is not endorsed for',
      async () => ({
        activity: helpActivity({ channelId: 'webchat' }),
        token: await h.teams.channelToken(TEAMS_APP_ID),
      }),
    ],
  ];

  for (const [name, make] of cases) {
    it(`refuses a message ${name}: 401, nothing enqueued, nothing sent`, async () => {
      const before = await jobsEnqueued();
      const { activity, token } = await make();
      const answer = await sendToBot(h.endpoint, activity, token);
      expect(answer.status).toBe(401);
      expect(JSON.stringify(answer.body)).not.toContain('eyJ');
      // Give a wrongly accepted request time to show itself.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await jobsEnqueued()).toBe(before);
      expect(h.teams.calls).toEqual([]);
      expect(h.teams.tokenRequests).toEqual([]);
    });
  }

  it('a body that is not an activity is a 400, not a crash', async () => {
    const res = await fetch(h.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(res.status).toBe(400);
    const noType = await sendToBot(h.endpoint, { text: 'help' }, await h.teams.channelToken(TEAMS_APP_ID));
    expect(noType.status).toBe(400);
    expect(h.teams.calls).toEqual([]);
  });
});
