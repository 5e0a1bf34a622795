/**
 * `did assign NUMBER @person` typed in Teams: the person is an `<at>Name</at>` in the text with a mention entity
 * naming their Teams user id; the bot finds their email among the conversation's members (the Bot Connector's
 * `GET /v3/conversations/{id}/members`, served by the fake Bot Framework) and the Genesys user with that email.
 * A mention it cannot resolve is answered with what to do instead, never with "mention them" again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTypedTarget } from '../../src/changes/did-target.js';
import { commandText } from '../../src/chat/teams/message-text.js';
import {
  SANDBOX_TEAMS_CHANNEL,
  SANDBOX_TEAMS_OPERATOR,
  SANDBOX_TEAMS_VIEWER,
} from '../../src/sandbox/teams/activities.js';
import { startTeamsSandbox, type TeamsHarness } from './harness.js';

const ALICE = { id: `29:${SANDBOX_TEAMS_VIEWER}`, name: 'Alice Martin' };

let h: TeamsHarness;

beforeAll(async () => {
  h = await startTeamsSandbox(
    `roles:\n  viewer: ["*"]\nteams:\n  operator: [${SANDBOX_TEAMS_OPERATOR}]\n  viewer: ["*"]\n`,
  );
}, 30_000);

afterAll(async () => {
  await h?.close();
});

async function assign(who: string, mentions?: { id: string; name: string }[]): Promise<string> {
  const sent = await h.message(`did assign +33123456790 ${who} --reason "new hire"`, {
    kind: 'channel',
    ...(mentions ? { mentions } : {}),
  });
  return (await h.teamsCardFor(sent)).text;
}

describe('a Teams mention as command text', () => {
  it("becomes the person's Teams id and name, quoted (the name has a space), which reads as a mention", () => {
    const entities = [
      { type: 'mention', text: '<at>byoc</at>', mentioned: { id: '28:bot' } },
      { type: 'mention', text: '<at>Alice Martin</at>', mentioned: { id: '29:1a-B_c', name: 'Alice Martin' } },
    ];
    const text = commandText('<at>byoc</at> did assign +33123456790 <at>Alice Martin</at>', entities, '28:bot');
    expect(text).toBe('did assign +33123456790 "<@29:1a-B_c|Alice Martin>"');
    expect(parseTypedTarget('<@29:1a-B_c|Alice Martin>')).toEqual({
      kind: 'mention',
      userId: '29:1a-B_c',
      label: 'Alice Martin',
    });
    expect(parseTypedTarget('<at>Alice Martin</at>')).toEqual({ kind: 'unresolved', name: 'Alice Martin' });
  });
});

describe('did assign with a Teams @mention', () => {
  it("finds the person among the channel's members and asks for approval for their Genesys user", async () => {
    const asked = h.teams.memberRequests.length;
    const text = await assign('<at>Alice Martin</at>', [ALICE]);
    expect(text).toContain('Approval needed');
    expect(text).toContain('alice@example.com');
    // The members of the channel itself, not of one thread in it.
    expect(h.teams.memberRequests.slice(asked)).toContain(SANDBOX_TEAMS_CHANNEL);
  });

  it('a typed @alice (not picked from the list) is the one member whose first name it is', async () => {
    const text = await assign('@alice');
    expect(text).toContain('Approval needed');
    expect(text).toContain('alice@example.com');
  });

  it('a mention Teams sent without saying who: asks for the email, does not offer a mention again', async () => {
    const text = await assign('<at>Alice Martin</at>');
    expect(text).toContain('Teams did not say who "Alice Martin" is');
    expect(text).toContain('user@example.com');
    expect(text).not.toMatch(/pick them|mention them| @alice/);
  });

  it('a mention of someone who is not a member: says so and asks for the email, not another mention', async () => {
    const text = await assign('<at>Ghost</at>', [{ id: '29:ghost', name: 'Ghost' }]);
    expect(text).toContain('could not read an email for @Ghost');
    expect(text).not.toMatch(/pick them|mention them| @alice/);
  });
});
