/**
 * The text of a slash command as a person typed it. Slack escapes `&`, `<` and `>` as HTML entities and, with
 * `should_escape: true` in the manifest, sends a picked user as `<@U123|alice>`, a channel as `<#C123|general>`, a
 * link as `<https://…|label>` and an email as `<mailto:a@b.c|a@b.c>`.
 * https://api.slack.com/reference/surfaces/formatting#escaping,
 * https://api.slack.com/interactivity/slash-commands (should_escape)
 *
 * User mentions and emails stay as Slack sent them (the id says who is meant); links become what was typed; the
 * entities become their characters, so `--reason "R&D"` is `R&D`.
 */
export function commandTextFromSlack(raw: string): string {
  return raw
    .replace(/<#[A-Z0-9]+\|([^>]*)>/gi, '#$1')
    .replace(/<((?:https?|ftp):[^|>]*)(?:\|[^>]*)?>/gi, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
