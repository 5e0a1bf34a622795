/**
 * From what Teams delivers to the command line the router reads, and from the bot's Slack-flavoured short texts
 * to what Teams shows.
 *
 * In channels and group chats Teams only delivers messages that @mention the bot, and the mention arrives inside
 * the text as `<at>Bot name</at>` with a matching `mention` entity
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/channel-and-group-conversations).
 * The text may also carry HTML entities (`&nbsp;`).
 */

export interface MentionEntity {
  type?: string;
  text?: string;
  mentioned?: { id?: string; name?: string };
}

const ENTITIES: Record<string, string> = {
  '&nbsp;': ' ',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/**
 * The command text: the bot's own mention removed (wherever it is), entities decoded, `/byoc` or `byoc` prefix
 * dropped. A mention of someone else becomes `"<@{Teams user id}|{name}>"`, the form the router reads as a person
 * (quoted: a Teams name has spaces); a person's `<at>…</at>` with no entity saying who stays, quoted, so the command
 * can say so instead of misreading it.
 */
export function commandText(text: string | undefined, entities: readonly MentionEntity[] = [], botId?: string): string {
  let out = text ?? '';
  for (const entity of entities) {
    if (entity.type !== 'mention' || !entity.text) continue;
    const isBot = botId === undefined || entity.mentioned?.id === botId;
    if (isBot) {
      out = out.split(entity.text).join(' ');
      continue;
    }
    const id = entity.mentioned?.id;
    if (!id) continue;
    const name = (entity.mentioned?.name ?? entity.text.replace(/<\/?at>/gi, '')).replace(/["|<>]/g, '').trim();
    out = out.split(entity.text).join(` "<@${id}${name ? `|${name}` : ''}>" `);
  }
  // A mention of the bot without its entity (older clients) is still the bot being addressed, at the start.
  out = out.replace(/^\s*<at>[^<]*<\/at>/i, ' ');
  out = out.replace(/<at>([^<]*)<\/at>/gi, (_m, name: string) => ` "<at>${name.replace(/"/g, '').trim()}</at>" `);
  out = out.replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m);
  out = out.replace(/\s+/g, ' ').trim();
  return out.replace(/^\/?byoc(\s+|$)/i, '').trim();
}

const SHORTCODES: Record<string, string> = {
  ':hourglass_flowing_sand:': '⏳',
  ':white_check_mark:': '✅',
  ':x:': '❌',
  ':warning:': '⚠️',
  ':lock:': '🔒',
  ':no_entry:': '⛔',
  ':information_source:': 'ℹ️',
};

/** A short text written with Slack's mrkdwn (`*bold*`, `:emoji:`) as Teams Markdown. */
export function teamsMarkdown(text: string): string {
  return text
    .replace(/:[a-z0-9_+-]+:/g, (code) => SHORTCODES[code] ?? code)
    .replace(/(^|[^*\w])\*([^*\n]+)\*(?![*\w])/g, '$1**$2**')
    .replace(/<@([A-Za-z0-9-]+)>/g, '$1');
}

/** The same text with no Markdown at all, for places Teams shows it raw (an Action.Execute message response). */
export function teamsPlainText(text: string): string {
  return teamsMarkdown(text)
    .replace(/\*\*([^*\n]+)\*\*/g, '$1')
    .replace(/`([^`\n]+)`/g, '$1');
}
