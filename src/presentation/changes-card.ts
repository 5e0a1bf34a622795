/**
 * The `/byoc changes` card: one row per change, newest first (a timeline is read in time order, not grouped), and
 * the one-line "last change to this trunk" the status card shows next to an incident.
 */
import type { ChangeEntry, PropertyChangeView, Timeline } from '../byoc/timeline/index.js';
import { type Card, type CardButton, type CardText, cardTime } from '../cards/card.js';
import { COMMAND_RUN_ACTION } from './chat-names.js';

/** Rows on one card; beyond that the card says how many more and how to see them all. */
export const MAX_CARD_ROWS = 40;
const MAX_PROPERTIES_PER_ROW = 4;

const WHERE: Record<ChangeEntry['where'], string> = {
  console: 'console',
  api: 'API',
  'byoc-bot': 'byoc-bot',
  vendor: 'vendor',
};

export function changesCard(t: Timeline, sinceLabel: string): Card {
  const about = [t.filter.trunk ? `trunk ${t.filter.trunk}` : '', t.filter.number ? `number ${t.filter.number}` : '']
    .filter(Boolean)
    .join(', ');
  const title = `What changed in the last ${sinceLabel}${about ? `: ${about}` : ''}`;
  const unavailable = t.unavailable.map((u) => `${SOURCE_NAME[u.source]} could not be read: ${u.reason}`);
  const footer = ['Newest first.', ...unavailable].join(' ');
  if (t.entries.length === 0) {
    return {
      title,
      status: t.unavailable.length > 0 ? 'warn' : 'info',
      summary: [`No change to the setup${about ? ` for ${about}` : ''} since `, cardTime(t.since), '.'],
      footer,
    };
  }
  const shown = t.entries.slice(0, MAX_CARD_ROWS);
  const more = t.entries.length - shown.length;
  return {
    title,
    status: t.unavailable.length > 0 ? 'warn' : 'info',
    summary: [`${t.entries.length === 1 ? '1 change' : `${t.entries.length} changes`} since `, cardTime(t.since), '.'],
    sections: [
      {
        items: [
          ...shown.map(row),
          ...(more > 0 ? [`… and ${more} older (npx byoc changes --json lists them all)`] : []),
        ],
      },
    ],
    footer,
  };
}

const SOURCE_NAME: Record<Timeline['unavailable'][number]['source'], string> = {
  genesys: 'Genesys Cloud',
  twilio: 'Twilio',
  'byoc-bot': "The bot's audit log",
};

/** One row: when (a typed moment, each reader's own zone), who, where, what. */
function row(e: ChangeEntry): CardText {
  const what = describeChanges(e.changes);
  if (e.approval) {
    const asked = e.approval.requestedBy ? ` asked by ${e.approval.requestedBy}` : '';
    const approved = e.approval.approvedBy ? `, approved by ${e.approval.approvedBy}` : '';
    return [
      cardTime(e.at),
      ` *byoc-bot* (${e.approval.summary}${asked}${approved}) · ${e.approval.outcome}${what ? ` · ${what}` : ''} · approval ${e.approval.id}`,
    ];
  }
  // The bot's credentials used outside the bot (a script, someone with its secret): worth saying so.
  const own = e.who.isBot ? " with byoc-bot's credentials" : '';
  return [
    cardTime(e.at),
    ` *${e.who.name}* (${WHERE[e.where]}${own}) · ${e.action} ${e.object.type} ${e.object.name}${what ? ` · ${what}` : ''}`,
  ];
}

/** `trunk_enabled true -> false, description (none) -> edit`; secrets only say they changed. */
export function describeChanges(changes: readonly PropertyChangeView[]): string {
  const parts = changes
    .slice(0, MAX_PROPERTIES_PER_ROW)
    .map((c) => (c.secret ? `${c.property} changed` : `${c.property} ${c.before} -> ${c.after}`));
  const more = changes.length - MAX_PROPERTIES_PER_ROW;
  return parts.join(', ') + (more > 0 ? ` (+${more} more)` : '');
}

/** "14 minutes ago", "2 hours ago". */
export function ago(iso: string, now: number): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  return `${hours} hours ago`;
}

/** "last change to this trunk: 14 minutes ago by Alice Martin (trunk_enabled true -> false)". */
export function lastChangeLine(e: ChangeEntry, now: number): string {
  const who = e.approval
    ? `byoc-bot${e.approval.approvedBy ? ` (approved by ${e.approval.approvedBy})` : ''}`
    : e.who.name;
  const what = describeChanges(e.changes) || `${e.action} ${e.object.type} ${e.object.name}`;
  return `Last change to this trunk: ${ago(e.at, now)} by ${who} (${what})`;
}

/** The button to the whole timeline of a trunk. */
export function timelineButton(trunk: string | undefined, since = '24h'): CardButton {
  return {
    actionId: COMMAND_RUN_ACTION,
    label: 'What changed',
    value: `changes --since ${since}${trunk ? ` --trunk "${trunk}"` : ''}`,
  };
}

/**
 * The status card with, under it, the last change to each trunk within the recent window and a button to the
 * trunk's timeline; the card as it was when nothing changed recently.
 */
export function withLastChanges(
  card: Card,
  trunks: readonly string[],
  timeline: Timeline | undefined,
  now: number,
): Card {
  if (!timeline) return card;
  const lines = trunks.flatMap((name) => {
    const last = timeline.entries.find((e) => e.trunks.some((t) => t.toLowerCase() === name.toLowerCase()));
    return last ? [{ name, line: lastChangeLine(last, now) }] : [];
  });
  if (lines.length === 0) return card;
  return {
    ...card,
    sections: [
      ...(card.sections ?? []),
      {
        title: 'Recent changes',
        items: lines.map((l) => (trunks.length > 1 ? `"${l.name}": ${l.line}` : l.line)),
      },
    ],
    buttons: [...(card.buttons ?? []), timelineButton(lines.length === 1 ? lines[0]!.name : undefined)],
  };
}
