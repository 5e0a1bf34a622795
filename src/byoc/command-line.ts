/**
 * The command a finding's fix suggests, as a person types it in chat. The slash command is defined here, once: the
 * domain's fixes name commands, and the presentation layer (which puts the same name on the help card and the
 * buttons) re-exports it; the CLI rewrites these lines to its own form (`npx byoc ...`).
 */

/** The slash command (Slack) and the command word (Teams) that every command line follows. */
export const SLASH_COMMAND = '/byoc';

/** `trunk enable Twilio` -> `` `/byoc trunk enable Twilio` `` (code-formatted, as chat shows commands). */
export function commandLine(rest: string): string {
  return `\`${SLASH_COMMAND} ${rest}\``;
}
