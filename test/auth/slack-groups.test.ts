import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slackGroupResolver } from '../../src/auth/slack-groups.js';
import { captureLogger, FakeSlackUsergroups, slackClient } from './helpers.js';

const fakeSlack = new FakeSlackUsergroups({});
let slackApiUrl = '';

beforeAll(async () => {
  slackApiUrl = await fakeSlack.start();
});
afterAll(() => fakeSlack.stop());
beforeEach(() => {
  fakeSlack.calls.length = 0;
  fakeSlack.groups = { S0ONCALL: ['U0A', 'U0B'] };
});

function resolver(now: () => number, ttlMs = 60_000) {
  const log = captureLogger();
  return { resolve: slackGroupResolver({ client: slackClient(slackApiUrl), logger: log.logger, ttlMs, now }), log };
}

describe('Slack user groups for access control', () => {
  it('asks Slack once per TTL, and again when the TTL has passed', async () => {
    let clock = 1_000_000;
    const { resolve } = resolver(() => clock, 60_000);
    expect(await resolve('S0ONCALL')).toEqual(['U0A', 'U0B']);
    clock += 59_999;
    fakeSlack.groups['S0ONCALL'] = ['U0A'];
    expect(await resolve('S0ONCALL')).toEqual(['U0A', 'U0B']);
    expect(fakeSlack.calls).toEqual(['S0ONCALL']);
    clock += 1;
    expect(await resolve('S0ONCALL')).toEqual(['U0A']);
    expect(fakeSlack.calls).toEqual(['S0ONCALL', 'S0ONCALL']);
  });

  it('twenty people pressing at once make one call to Slack', async () => {
    const { resolve } = resolver(() => 0);
    const answers = await Promise.all(Array.from({ length: 20 }, () => resolve('S0ONCALL')));
    expect(answers.every((a) => a.join() === 'U0A,U0B')).toBe(true);
    expect(fakeSlack.calls).toHaveLength(1);
  });

  it('a group Slack refuses matches nobody, is logged, and is asked again next time rather than cached', async () => {
    fakeSlack.groups = { S0ONCALL: 'no_such_subteam' };
    const { resolve, log } = resolver(() => 0);
    expect(await resolve('S0ONCALL')).toEqual([]);
    expect(log.lines()).toEqual([
      expect.objectContaining({ level: 40, groupId: 'S0ONCALL', error: 'no_such_subteam' }),
    ]);
    fakeSlack.groups = { S0ONCALL: ['U0A'] };
    expect(await resolve('S0ONCALL')).toEqual(['U0A']);
    expect(fakeSlack.calls).toHaveLength(2);
  });

  it('an unreachable Slack denies the group instead of throwing', async () => {
    const log = captureLogger();
    const resolve = slackGroupResolver({ client: slackClient('http://127.0.0.1:9/api/'), logger: log.logger });
    expect(await resolve('S0ONCALL')).toEqual([]);
    expect(log.lines()[0]).toMatchObject({ level: 40, groupId: 'S0ONCALL' });
  });

  it('never logs the bot token', async () => {
    fakeSlack.groups = {};
    const { resolve, log } = resolver(() => 0);
    await resolve('S0MISSING');
    expect(JSON.stringify(log.lines())).not.toContain('xoxb-test-token');
  });
});
