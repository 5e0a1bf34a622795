/** Who a plain `@alice` is, read from a Slack workspace larger than one page of `users.list`. */
import { LogLevel, webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackPeopleDirectory } from '../../src/chat/slack/user-directory.js';
import { FakeSlack, type FakeSlackUser } from '../../src/sandbox/slack/fake-slack.js';

let slack: FakeSlack;

beforeAll(async () => {
  const users: Record<string, FakeSlackUser> = {};
  for (let i = 0; i < 450; i += 1) users[`U${String(i).padStart(4, '0')}`] = { name: `person${i}` };
  users.U9ALICE = { name: 'alice', realName: 'Alice Martin', email: 'alice@example.com' };
  users.U9BOT = { name: 'deploybot', isBot: true };
  slack = await FakeSlack.start({ token: 'xoxb-directory', users });
});

afterAll(async () => {
  await slack?.close();
});

describe('the Slack people directory', () => {
  const client = () => new webApi.WebClient('xoxb-directory', { slackApiUrl: slack.apiUrl, logLevel: LogLevel.ERROR });

  it('pages through the whole workspace to find the person behind a handle, ignoring case', async () => {
    const people = slackPeopleDirectory(client());
    expect(await people.findByHandle('slack', 'ALICE')).toEqual([
      { userId: 'U9ALICE', name: 'Alice Martin', email: 'alice@example.com' },
    ]);
    expect(slack.callsTo('users.list').length).toBe(3); // 452 people, 200 a page
  });

  it('leaves bots out and knows nobody on another platform', async () => {
    const people = slackPeopleDirectory(client());
    expect(await people.findByHandle('slack', 'deploybot')).toEqual([]);
    expect(await people.findByHandle('teams', 'alice')).toEqual([]);
  });
});
