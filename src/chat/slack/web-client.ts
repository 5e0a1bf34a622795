/** The Slack Web API client the workers use to deliver cards. */
import { LogLevel, webApi } from '@slack/bolt';
import type { Config } from '../../config.js';

export function slackClientOptions(config: Config) {
  return {
    slackApiUrl: config.slack.apiUrl,
    // BullMQ owns retries and backoff: by default the client would pause its whole queue on a 429 and retry for
    // ~30 minutes, holding a worker slot the whole time.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 1, factor: 2, minTimeout: 200, maxTimeout: 1000 },
    logLevel: LogLevel.ERROR,
  };
}

export function createSlackWebClient(config: Config): webApi.WebClient {
  return new webApi.WebClient(config.slack.botToken, slackClientOptions(config));
}
