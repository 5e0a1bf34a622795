/** SLACK_APP_TOKEN: Socket Mode needs the bot token and the app token, not the signing secret. */
import { describe, expect, it } from 'vitest';
import { loadConfig, secretValues, slackConfigured, wantsSlackSandbox } from '../../src/config.js';

const socket = { SLACK_APP_TOKEN: 'xapp-1-A01-2-abc', SLACK_BOT_TOKEN: 'xoxb-1-2-abc' };

describe('Socket Mode configuration', () => {
  it('serves Slack with the bot and app tokens alone, and keeps the app token secret', () => {
    const config = loadConfig(socket);
    expect(config.slack.appToken).toBe(socket.SLACK_APP_TOKEN);
    expect(config.slack.signingSecret).toBe('');
    expect(slackConfigured(config)).toBe(true);
    expect(secretValues(config)).toContain(socket.SLACK_APP_TOKEN);
  });

  it('refuses a token that is not an app-level token, without echoing it', () => {
    expect(() => loadConfig({ ...socket, SLACK_APP_TOKEN: 'xoxb-not-an-app-token' })).toThrow(
      /SLACK_APP_TOKEN.*xapp-/s,
    );
    expect(() => loadConfig({ ...socket, SLACK_APP_TOKEN: 'xoxb-not-an-app-token' })).not.toThrow(/xoxb-not/);
  });

  it('still needs the bot token, and an app token alone is no sandbox', () => {
    expect(() => loadConfig({ SLACK_APP_TOKEN: socket.SLACK_APP_TOKEN })).toThrow('SLACK_BOT_TOKEN');
    expect(wantsSlackSandbox({ SLACK_APP_TOKEN: socket.SLACK_APP_TOKEN })).toBe(false);
  });

  it('over HTTP (no app token) the signing secret is still required', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: socket.SLACK_BOT_TOKEN })).toThrow('SLACK_SIGNING_SECRET');
  });
});
