import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  configErrorOf,
  loadConfig,
  secretValues,
  VARIABLES,
  vendorConfigStatus,
  wantsSlackSandbox,
  wantsVendorSandbox,
} from '../../src/config.js';

const slack = { SLACK_SIGNING_SECRET: 'sig-secret-123456', SLACK_BOT_TOKEN: 'xoxb-1-2-abc' };

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    const invalid = configErrorOf(err);
    expect(invalid).toMatchObject({ code: 'config.invalid', retryable: false });
    return invalid?.message ?? '';
  }
  throw new Error('expected an invalid configuration');
}

describe('configuration is validated once, at start', () => {
  it('only the Slack credentials are needed; everything else has a default', () => {
    const config = loadConfig(slack);
    expect(config.port).toBe(3000);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.queuePrefix).toBe('byoc');
    expect(config.snapshotCacheSeconds).toBe(10);
    expect(config.approvalTtlMinutes).toBe(15);
    expect(config.audit).toEqual({ maxLength: 10000, maxAgeDays: 90, channel: undefined });
    expect(config.jobAttempts).toBe(4);
    expect(config.shutdownGraceSeconds).toBe(20);
  });

  it('a wrong value stops with a message naming the variable and a valid example', () => {
    const message = problemsOf({ ...slack, PORT: 'eighty' });
    expect(message).toContain('PORT');
    expect(message).toContain('(got "eighty")');
    expect(message).toContain('Example: PORT=3000');
  });

  it('a missing required variable is named, every problem at once', () => {
    const message = problemsOf({ LOG_LEVEL: 'loud' });
    expect(message).toContain('SLACK_SIGNING_SECRET: is not set. Example: SLACK_SIGNING_SECRET=');
    expect(message).toContain('SLACK_BOT_TOKEN: is not set');
    expect(message).toContain('LOG_LEVEL');
  });

  it('a process that never talks to Slack (the CLI) does not need its credentials, but still checks a bad one', () => {
    const config = loadConfig({ GENESYS_REGION: 'eu_west_1' }, { requireSlack: false });
    expect(config.slack).toMatchObject({ signingSecret: '', botToken: '' });
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user' }, { requireSlack: false })).toThrow('SLACK_BOT_TOKEN');
  });

  it('a bad secret is reported without echoing it', () => {
    const message = problemsOf({ ...slack, SLACK_BOT_TOKEN: 'xoxp-user-token-leak' });
    expect(message).toContain('SLACK_BOT_TOKEN');
    expect(message).not.toContain('xoxp-user-token-leak');
  });

  it('a bad REDIS_URL is echoed without its password', () => {
    const message = problemsOf({ ...slack, REDIS_URL: 'http://:hunter2-redis@redis:6379' });
    expect(message).toContain('REDIS_URL');
    expect(message).toContain('(got "http://[REDACTED]@redis:6379")');
    expect(message).not.toContain('hunter2-redis');
  });

  it('an empty value counts as not set', () => {
    expect(loadConfig({ ...slack, PORT: '', GENESYS_REGION: '' }).port).toBe(3000);
  });

  it('SLACK_API_URL must have Slack’s form, ending with a slash', () => {
    expect(problemsOf({ ...slack, SLACK_API_URL: 'http://127.0.0.1:4999/api' })).toContain('SLACK_API_URL');
    expect(loadConfig({ ...slack, SLACK_API_URL: 'http://127.0.0.1:4999/api/' }).slack.apiUrl).toBe(
      'http://127.0.0.1:4999/api/',
    );
  });

  it('says which vendor variables are missing', () => {
    const none = vendorConfigStatus(loadConfig(slack));
    expect(none.genesys).toEqual({
      configured: false,
      missing: ['GENESYS_REGION', 'GENESYS_CLIENT_ID', 'GENESYS_CLIENT_SECRET'],
    });
    expect(none.twilio.missing).toEqual(['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN']);
    const twilioByKey = vendorConfigStatus(
      loadConfig({
        ...slack,
        TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
        TWILIO_API_KEY: `SK${'b'.repeat(32)}`,
        TWILIO_API_SECRET: 'key-secret',
      }),
    );
    expect(twilioByKey.twilio).toEqual({ configured: true, missing: [] });
  });

  it('half a Twilio API key pair is an error', () => {
    expect(problemsOf({ ...slack, TWILIO_API_KEY: `SK${'b'.repeat(32)}` })).toContain('TWILIO_API_SECRET');
  });

  it('lists the secret values for the logger, including a Redis password', () => {
    const config = loadConfig({
      ...slack,
      GENESYS_CLIENT_SECRET: 'gc-secret',
      REDIS_URL: 'redis://:p%40ss@redis:6379',
    });
    expect(secretValues(config)).toEqual(
      expect.arrayContaining(['sig-secret-123456', 'xoxb-1-2-abc', 'gc-secret', 'p@ss']),
    );
  });

  it('Redis Cluster: the nodes, a hash-tagged prefix ({byoc} unless given), the password kept secret', () => {
    const config = loadConfig({
      ...slack,
      REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-b:7001',
      REDIS_PASSWORD: 'pw-123',
    });
    expect(config.redis).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: 'redis-b', port: 7001 },
      ],
      password: 'pw-123',
    });
    expect(config.queuePrefix).toBe('{byoc}');
    expect(secretValues(config)).toContain('pw-123');
    expect(loadConfig({ ...slack, REDIS_CLUSTER_NODES: 'a:1', QUEUE_PREFIX: '{bot2}' }).queuePrefix).toBe('{bot2}');
    expect(problemsOf({ ...slack, REDIS_CLUSTER_NODES: 'a:1', QUEUE_PREFIX: 'bot2' })).toContain(
      'QUEUE_PREFIX: must be a hash tag in braces with REDIS_CLUSTER_NODES',
    );
    expect(problemsOf({ ...slack, REDIS_CLUSTER_NODES: 'a:1,b' })).toContain('comma-separated list of host:port');
    expect(loadConfig(slack).redis).toEqual({ kind: 'single', url: 'redis://127.0.0.1:6379' });
  });

  it('Redis Sentinel: the sentinels with the master name, never one without the other or with a cluster', () => {
    const config = loadConfig({ ...slack, REDIS_SENTINELS: '10.0.0.1:26379', REDIS_SENTINEL_MASTER: 'mymaster' });
    expect(config.redis).toEqual({
      kind: 'sentinel',
      sentinels: [{ host: '10.0.0.1', port: 26379 }],
      masterName: 'mymaster',
    });
    expect(config.queuePrefix).toBe('byoc');
    expect(problemsOf({ ...slack, REDIS_SENTINELS: 'a:1' })).toContain('REDIS_SENTINEL_MASTER: is needed');
    expect(problemsOf({ ...slack, REDIS_SENTINEL_MASTER: 'm' })).toContain('REDIS_SENTINELS: is needed');
    expect(
      problemsOf({ ...slack, REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_MASTER: 'm', REDIS_CLUSTER_NODES: 'b:2' }),
    ).toContain('cannot be set with REDIS_CLUSTER_NODES');
    expect(problemsOf({ ...slack, REDIS_PASSWORD: 'x' })).toContain('REDIS_PASSWORD: is only read with');
  });

  it('runs in the sandbox when no vendor or Slack credential is set', () => {
    expect(wantsVendorSandbox({})).toBe(true);
    expect(wantsVendorSandbox({ TWILIO_AUTH_TOKEN: 'x' })).toBe(false);
    expect(wantsSlackSandbox({})).toBe(true);
    expect(wantsSlackSandbox(slack)).toBe(false);
  });

  it('.env.example and the README document every variable', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const v of VARIABLES) {
      expect(example, v.name).toMatch(new RegExp(`^#? ?${v.name}=`, 'm'));
      expect(readme, v.name).toContain(`\`${v.name}\``);
    }
  });
});
