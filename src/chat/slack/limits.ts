/**
 * Slack's Block Kit limits in one table, read by the renderer and by its tests. A message that breaks any
 * of them is rejected whole (`invalid_blocks`, `msg_blocks_too_long`), so the renderer cuts content to
 * stay inside them. Sources: slackapi/node-slack-sdk packages/types/src/block-kit/*.ts,
 * https://docs.slack.dev/reference/block-kit/blocks, vercel/chat packages/adapter-slack/src/blocks/limits.ts.
 */
export const SLACK_LIMITS = {
  /** Blocks in one message. */
  blocksPerMessage: 50,
  /** A section block's `text`. */
  sectionText: 3000,
  /** Fields in one section block. */
  sectionFields: 10,
  /** One section field's text. */
  fieldText: 2000,
  /** A header block's plain text. */
  headerText: 150,
  /** A context block's elements, and each element's text (a text object's maximum). */
  contextElements: 10,
  contextText: 3000,
  /** Elements in one actions block. */
  actionsElements: 25,
  /** A button's label, `value` and `action_id`. */
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  /** A confirmation dialog's title, text and button labels. */
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /**
   * Slack answers `msg_blocks_too_long` at roughly 13k characters of block text even when every block is
   * within its own limit (undocumented; https://github.com/slackapi/bolt-js/issues/2509). We stay at 12k.
   */
  aggregateText: 12_000,
  /**
   * The top-level `text` is the notification and screen-reader fallback; Slack accepts 40k but it only
   * needs the verdict, so we keep it short.
   */
  fallbackText: 300,
} as const;

export type SlackLimits = typeof SLACK_LIMITS;
