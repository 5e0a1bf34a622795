import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadAuthorizer } from '../../src/auth/access.js';
import type { Principal } from '../../src/auth/roles.js';
import { everyoneIsAViewer } from '../../src/auth/roles.js';
import { slackGroupResolver } from '../../src/auth/slack-groups.js';
import { ERROR_CODES } from '../../src/coded-error.js';
import { accessFiles, captureLogger, FakeSlackUsergroups, slackClient } from './helpers.js';

const ISSUE_EXAMPLE = `
roles:
  admin: [U0ADMIN]
  approver: [U0LEAD1, U0LEAD2, "group:S0ONCALL"]
  operator: [U0OPS1]
  viewer: ["*"]
channels: [C0ONCALL]
`;

const slack = (userId: string, channelId = 'C0ONCALL'): Principal => ({ platform: 'slack', userId, channelId });

const files = accessFiles();
const fakeSlack = new FakeSlackUsergroups({ S0ONCALL: ['U0ONCALL1', 'U0ONCALL2'], S0GONE: 'no_such_subteam' });
let slackApiUrl = '';

beforeAll(async () => {
  slackApiUrl = await fakeSlack.start();
});
afterAll(async () => {
  await fakeSlack.stop();
  files.cleanup();
});
afterEach(() => {
  fakeSlack.calls.length = 0;
});

async function authorizerFor(yaml: string) {
  const log = captureLogger();
  const resolveGroup = slackGroupResolver({ client: slackClient(slackApiUrl), logger: log.logger });
  const authorizer = await loadAuthorizer(files.write(`access-${Math.random()}.yml`, yaml), {
    resolveGroup,
    logger: log.logger,
  });
  return { authorizer, log };
}

describe('no access file', () => {
  it('makes everyone a viewer, and the help card says nobody can change anything', async () => {
    const authorizer = await loadAuthorizer(undefined, { logger: captureLogger().logger });
    expect(authorizer).toBe(everyoneIsAViewer);
    expect(await authorizer.roleFor(slack('U0ANYONE'))).toBe('viewer');
    expect(await authorizer.channelAllowed(slack('U0ANYONE', 'C0RANDOM'))).toBe(true);
    expect(authorizer.describe()).toMatch(/everyone is a viewer and nobody can change anything/);
    expect(authorizer.selfApprovalAllowed).toBe(false);
  });
});

describe("the issue's access file", () => {
  it('gives each listed person their role, and the highest one when they match several', async () => {
    const { authorizer } = await authorizerFor(ISSUE_EXAMPLE);
    expect(await authorizer.roleFor(slack('U0ADMIN'))).toBe('admin'); // also matches viewer "*"
    expect(await authorizer.roleFor(slack('U0LEAD2'))).toBe('approver');
    expect(await authorizer.roleFor(slack('U0OPS1'))).toBe('operator');
    expect(await authorizer.roleFor(slack('U0STRANGER'))).toBe('viewer');
  });

  it('makes a member of the on-call Slack user group an approver, asking Slack once for the group', async () => {
    const { authorizer } = await authorizerFor(ISSUE_EXAMPLE);
    expect(await authorizer.roleFor(slack('U0ONCALL1'))).toBe('approver');
    expect(await authorizer.roleFor(slack('U0ONCALL2'))).toBe('approver');
    expect(fakeSlack.calls).toEqual(['S0ONCALL']);
  });

  it('answers only in the listed channels, and anywhere from the CLI', async () => {
    const { authorizer } = await authorizerFor(ISSUE_EXAMPLE);
    expect(await authorizer.channelAllowed(slack('U0ADMIN', 'C0ONCALL'))).toBe(true);
    expect(await authorizer.channelAllowed(slack('U0ADMIN', 'C0GENERAL'))).toBe(false);
    expect(await authorizer.channelAllowed({ platform: 'slack', userId: 'U0ADMIN' })).toBe(false);
    expect(await authorizer.channelAllowed({ platform: 'cli', userId: 'alice' })).toBe(true);
  });

  it('keeps the self-approval rule on unless the file turns it off', async () => {
    expect((await authorizerFor(ISSUE_EXAMPLE)).authorizer.selfApprovalAllowed).toBe(false);
    expect((await authorizerFor(`${ISSUE_EXAMPLE}selfApproval: true\n`)).authorizer.selfApprovalAllowed).toBe(true);
  });

  it('describes the setup for the help card without naming anyone', async () => {
    const { authorizer } = await authorizerFor(ISSUE_EXAMPLE);
    expect(authorizer.describe()).toBe(
      'Access file: admin: 1 person; approver: 2 people and 1 user group; operator: 1 person; viewer: everyone. ' +
        'Only in channels C0ONCALL. A change needs an approver other than the person who asked.',
    );
    expect(authorizer.describe()).not.toContain('U0LEAD1');
  });
});

describe('other shapes', () => {
  it('without "*" a person in no list has no role at all, and without channels every channel is fine', async () => {
    const { authorizer } = await authorizerFor('roles:\n  operator: [U0OPS1]\n');
    expect(await authorizer.roleFor(slack('U0STRANGER'))).toBeUndefined();
    expect(await authorizer.roleFor(slack('U0OPS1'))).toBe('operator');
    expect(await authorizer.channelAllowed(slack('U0OPS1', 'C0ANY'))).toBe(true);
  });

  it('matches Teams users under teams, and never a Slack id for a Teams user', async () => {
    const { authorizer } = await authorizerFor(
      'roles:\n  admin: [U0ADMIN]\nteams:\n  approver: ["6f1c-aad-object-id"]\n',
    );
    expect(await authorizer.roleFor({ platform: 'teams', userId: '6f1c-aad-object-id' })).toBe('approver');
    expect(await authorizer.roleFor({ platform: 'teams', userId: 'U0ADMIN' })).toBeUndefined();
    expect(await authorizer.roleFor(slack('6f1c-aad-object-id'))).toBeUndefined();
  });

  it('a group Slack cannot resolve matches nobody, is logged, and leaves direct entries working', async () => {
    const { authorizer, log } = await authorizerFor('roles:\n  approver: ["group:S0GONE", U0LEAD1]\n  viewer: ["*"]\n');
    expect(await authorizer.roleFor(slack('U0ONCALL1'))).toBe('viewer');
    expect(await authorizer.roleFor(slack('U0LEAD1'))).toBe('approver');
    expect(log.lines()).toContainEqual(
      expect.objectContaining({ level: 40, groupId: 'S0GONE', error: 'no_such_subteam' }),
    );
  });

  it('a group resolver that throws denies the group instead of crashing the command', async () => {
    const log = captureLogger();
    const authorizer = await loadAuthorizer(files.write('throws.yml', 'roles:\n  admin: ["group:S0X"]\n'), {
      resolveGroup: async () => {
        throw new Error('socket hang up');
      },
      logger: log.logger,
    });
    expect(await authorizer.roleFor(slack('U0ANY'))).toBeUndefined();
    expect(log.lines()).toContainEqual(expect.objectContaining({ groupId: 'S0X', err: 'socket hang up' }));
  });

  it('group entries with no resolver configured match nobody, and the operator is warned at load', async () => {
    const log = captureLogger();
    const authorizer = await loadAuthorizer(files.write('nores.yml', 'roles:\n  admin: ["group:S0ONCALL"]\n'), {
      logger: log.logger,
    });
    expect(await authorizer.roleFor(slack('U0ONCALL1'))).toBeUndefined();
    expect(log.lines()[0]).toMatchObject({ level: 40, groups: ['group:S0ONCALL'] });
  });
});

describe('a wrong access file stops the bot with a message naming the file and the place', () => {
  const cases: [string, string, RegExp][] = [
    ['a user id that is a number', 'roles:\n  approver: [U0LEAD1, 42]\n', /at roles\.approver\[1\]: .*string/],
    [
      'a misspelt role',
      'roles:\n  admins: [U0ADMIN]\n',
      /at roles: unknown key admins \(expected one of viewer, operator, approver, admin\)/,
    ],
    [
      'a misspelt top-level key',
      'roles: {}\nchannel: [C0ONCALL]\n',
      /unknown key channel \(expected one of roles, channels/,
    ],
    ['no roles', 'channels: [C0ONCALL]\n', /at roles: /],
    ['an empty group id', 'roles:\n  admin: ["group:"]\n', /at roles\.admin\[0\]: a group id after "group:"/],
    ['selfApproval that is not a boolean', 'roles: {}\nselfApproval: "no"\n', /at selfApproval: .*boolean/],
    ['a list that is a string', 'roles:\n  viewer: "*"\n', /at roles\.viewer: .*array/],
    ['broken YAML', 'roles:\n  admin: [U0ADMIN\n', /is not valid YAML/],
    ['not a mapping', '- just\n- a list\n', /expected a mapping with roles/],
  ];
  for (const [what, yaml, message] of cases) {
    it(what, async () => {
      const file = files.write(`bad-${what.replace(/\W+/g, '-')}.yml`, yaml);
      const error = await loadAuthorizer(file, { logger: captureLogger().logger }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: ERROR_CODES.accessFile });
      expect((error as Error).message).toContain(`access file ${file}: `);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('a file that does not exist', async () => {
    const error = await loadAuthorizer('/nonexistent/access.yml', { logger: captureLogger().logger }).catch((e) => e);
    expect(error).toMatchObject({ code: ERROR_CODES.accessFile });
    expect(error.message).toBe('access file /nonexistent/access.yml: cannot be read (ENOENT)');
  });
});
