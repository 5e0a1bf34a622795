/**
 * Microsoft Teams' limits in one table, read by the renderer, the card delivery and their tests.
 *
 * - Message size: Teams rejects a message over about 28 KB (the documented cap is 100 KB for text but Adaptive Cards
 *   fail well below it; https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/format-your-bot-messages),
 *   so the renderer fills a card up to a 24 KB budget and counts the rest.
 * - Send rate per bot per thread: 7 messages a second and 60 in 30 seconds; over it Teams answers 429
 *   (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit).
 * - 429, 412, 502 and 504 are transient and are retried with exponential backoff (same page): by the card outbox
 *   (DELIVERY_ATTEMPTS, at least Retry-After), the one layer that retries a send.
 * - Adaptive Card schema 1.5 is the newest Teams renders
 *   (https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/cards-reference).
 */
export const TEAMS_LIMITS = {
  /** Below the lowest reported cap (about 28 KB), with room for the activity envelope around the card. */
  payloadBytes: 24_000,
  /** Sends (posts and updates) per conversation thread per second. */
  sendsPerSecond: 7,
  /** Sends per conversation thread per 30 seconds. */
  sendsPer30Seconds: 60,
  /** Statuses the connector answers that are worth another try (by the outbox, not the sender). */
  retryStatuses: [429, 412, 502, 504] as readonly number[],
  /** Adaptive Card schema version the renderer writes. */
  cardVersion: '1.5',
} as const;

export type TeamsLimits = typeof TEAMS_LIMITS;
