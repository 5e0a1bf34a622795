/**
 * Card -> terminal text for the CLI (`npx byoc doctor`). Pure. No chat markup reaches the terminal: `*bold*` is
 * bold (or plain), `code` loses its backticks, a chat command reads as the terminal command when there is one.
 * Without `color` the output is plain text that reads well in a log file or a pipe; with it, statuses, titles
 * and commands get ANSI colours. Moments are in the local time zone, with the zone.
 */
import {
  type Card,
  type CardField,
  type CardSection,
  type CardStatus,
  type CardText,
  formatCardText,
} from '../cards/card.js';
import { groupChecks, STATUS_WORD } from './card-status.js';

export interface TextOptions {
  color?: boolean;
  /** IANA time zone the moments are written in; the machine's own by default. */
  timeZone?: string;
  /** The terminal form of a chat command (`/byoc doctor` -> `npx byoc doctor`), or undefined to keep it. */
  command?: (chatCommand: string) => string | undefined;
}

/** `2026-11-29 15:07 CET`: local time, to the minute, with the zone so a pasted line is never ambiguous. */
export function localTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} ${zoneName(date, timeZone)}`;
}

/** The zone's short name: en-GB knows CET, en-US knows EST; either, else the GMT offset. */
function zoneName(date: Date, timeZone: string | undefined): string {
  const names = ['en-GB', 'en-US'].map(
    (locale) =>
      new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
        .formatToParts(date)
        .find((p) => p.type === 'timeZoneName')?.value ?? '',
  );
  return names.find((n) => n && !/^GMT[+-]/.test(n)) ?? names[0] ?? '';
}

/** Single-width symbols: emoji widths differ between terminals and would break the alignment. */
const TEXT_SYMBOL: Record<CardStatus, string> = {
  ok: '✔',
  info: 'i',
  warn: '!',
  fail: '✖',
  skip: '-',
  pending: '…',
};

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
  magenta: '\u001b[35m',
  cyan: '\u001b[36m',
} as const;

const STATUS_ANSI: Record<CardStatus, string> = {
  ok: ANSI.green,
  info: ANSI.blue,
  warn: ANSI.yellow,
  fail: ANSI.red,
  skip: ANSI.dim,
  pending: ANSI.magenta,
};

/** Labels longer than this are not padded to: one long label should not push every value off screen. */
const MAX_LABEL_WIDTH = 24;

export function renderText(card: Card, opts: TextOptions = {}): string {
  const paint = (style: string, text: string): string => (opts.color ? `${style}${text}${ANSI.reset}` : text);
  const status = (s: CardStatus, text: string): string => paint(STATUS_ANSI[s], text);
  const markup = (text: string): string =>
    text
      .replace(/`([^`\n]+)`/g, (_, code: string) => paint(ANSI.cyan, opts.command?.(code) ?? code))
      .replace(
        /(^|[^*\w])\*([^*\n]+)\*(?![*\w])/g,
        (_, before: string, bold: string) => before + paint(ANSI.bold, bold),
      )
      .replace(/(^|[^_\w])_([^_\n]+)_(?![_\w])/g, '$1$2');
  const rich = (text: CardText): string =>
    formatCardText(text, { text: markup, time: (iso) => localTime(iso, opts.timeZone) });

  const out: string[] = [];
  out.push(
    `${status(card.status, `${TEXT_SYMBOL[card.status]} ${STATUS_WORD[card.status].toUpperCase()}`)}  ${paint(ANSI.bold, card.title)}`,
  );
  if (card.summary) out.push(rich(card.summary));
  if (card.fields?.length) out.push('', ...fieldLines(card.fields, '  ', rich));

  for (const section of card.sections ?? []) out.push('', ...sectionLines(section, paint, status, rich));

  if (card.buttons?.length) {
    out.push('', `${paint(ANSI.dim, 'Actions (in chat):')} ${card.buttons.map((b) => `[ ${b.label} ]`).join('  ')}`);
  }
  if (card.footer && card.footer.length > 0) out.push('', paint(ANSI.dim, rich(card.footer)));
  return `${out.join('\n')}\n`;
}

function sectionLines(
  section: CardSection,
  paint: (style: string, text: string) => string,
  status: (s: CardStatus, text: string) => string,
  rich: (text: CardText) => string,
): string[] {
  const out: string[] = [];
  if (section.title) out.push(paint(ANSI.bold, section.title));
  if (section.text) out.push(...indent(rich(section.text), '  '));
  if (section.fields?.length) out.push(...fieldLines(section.fields, '  ', rich));
  for (const group of groupChecks(section.checks ?? [])) {
    out.push(`  ${status(group.status, `${STATUS_WORD[group.status]} (${group.rows.length})`)}`);
    for (const row of group.rows) {
      const detail = row.detail ? ` — ${rich(row.detail)}` : '';
      out.push(
        ...indent(`${status(row.status, TEXT_SYMBOL[row.status])} ${rich(row.label)}${detail}`, '    ', '      '),
      );
      if (row.fix) out.push(...indent(`↳ ${rich(row.fix)}`, '      ', '        '));
    }
  }
  for (const item of section.items ?? []) out.push(...indent(`• ${rich(item)}`, '  ', '    '));
  return out;
}

function fieldLines(fields: CardField[], prefix: string, rich: (text: CardText) => string): string[] {
  const width = Math.min(MAX_LABEL_WIDTH, Math.max(...fields.map((f) => f.label.length)));
  return fields.flatMap((f) =>
    indent(`${`${f.label}:`.padEnd(width + 1)}  ${rich(f.value)}`, prefix, prefix + ' '.repeat(width + 3)),
  );
}

/** Indents the first line with `first` and continuation lines with `rest`, so wrapped values stay aligned. */
function indent(text: string, first: string, rest = first): string[] {
  return text.split('\n').map((line, i) => `${i === 0 ? first : rest}${line}`);
}
