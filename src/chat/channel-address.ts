/**
 * How a setting names a place to post without a request (ALERT_CHANNEL, AUDIT_CHANNEL): a Slack channel id as is
 * (`C0ONCALL01`), or a Microsoft Teams conversation as `teams:<conversation id>` (a channel's id, as Teams writes it:
 * `19:…@thread.tacv2`). Pure, so configuration checks it at start and each platform's poster reads it.
 */

export const TEAMS_CHANNEL_PREFIX = 'teams:';

export type ChannelAddress = { platform: 'slack'; channel: string } | { platform: 'teams'; conversationId: string };

export function parseChannelAddress(value: string): ChannelAddress {
  const trimmed = value.trim();
  if (trimmed.toLowerCase().startsWith(TEAMS_CHANNEL_PREFIX))
    return { platform: 'teams', conversationId: trimmed.slice(TEAMS_CHANNEL_PREFIX.length).trim() };
  return { platform: 'slack', channel: trimmed };
}
