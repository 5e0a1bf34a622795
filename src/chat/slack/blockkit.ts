/**
 * Card -> Slack Block Kit. Pure: the same card always gives the same message.
 *
 * Slack rejects a whole message when any block breaks a limit (see `limits.ts`), and a rejected answer is
 * worse than a shortened one, so the renderer plans the space instead of hoping: the header, the buttons
 * and the footer are sized first, the body fills what is left, and whatever does not fit is counted in
 * one "…and N more" line. Check rows are grouped worst first, so what is cut is the good news.
 */
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from '@slack/types';
import {
  type Card,
  type CardButton,
  type CardField,
  type CardSection,
  type CardStatus,
  type CardText,
  formatCardText,
  plainCardText,
  utcMinute,
} from '../../cards/card.js';
import { groupChecks, plural, STATUS_WORD } from '../card-status.js';
import { SLACK_LIMITS as L } from './limits.js';

export interface BlockKitMessage {
  /** Fallback for notifications and screen readers; Slack wants it alongside blocks. */
  text: string;
  blocks: KnownBlock[];
}

/** Slack's own emoji names render the same on every Slack client. */
export const SLACK_STATUS_EMOJI: Record<CardStatus, string> = {
  ok: ':white_check_mark:',
  info: ':information_source:',
  warn: ':warning:',
  fail: ':x:',
  skip: ':heavy_minus_sign:',
  pending: ':hourglass_flowing_sand:',
};

/** Room kept for the "…and N more" line, so it always fits. */
const NOTE_CHARS = 200;
/** The buttons may use at most this share of the aggregate text, so the body is never starved by dialogs. */
const BUTTONS_CHARS = 6000;
/** Small print stays small. */
const FOOTER_CHARS = 1000;
/** A row of a checklist never takes more than this, so one chatty row cannot push out the others. */
const LINE_CHARS = 1000;
/** Below this much room a text block is not worth starting. */
const MIN_TEXT_CHARS = 40;

type Noun = 'check' | 'item' | 'field' | 'line' | 'button';

const NOUN_ORDER: Noun[] = ['check', 'item', 'field', 'line', 'button'];

interface Budget {
  blocks: number;
  chars: number;
}

type Omitted = Map<Noun, number>;

type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'fields'; fields: CardField[] }
  | { kind: 'lines'; lines: Line[] };

/** One packable line: `noun` says what it counts as when it is cut (group headings count as nothing). */
interface Line {
  text: string;
  noun?: Noun;
}

export function renderBlockKit(card: Card): BlockKitMessage {
  const header = headerBlock(card);
  const omitted: Omitted = new Map();
  const tail = [...actionsBlocks(card.buttons ?? [], omitted), ...footerBlocks(card.footer)];

  const budget: Budget = {
    blocks: L.blocksPerMessage - 1 - tail.length - 1,
    chars: L.aggregateText - textLength(header) - tail.reduce((n, b) => n + textLength(b), 0) - NOTE_CHARS,
  };
  const body = bodyBlocks(bodyPieces(card, header.text.text !== headerText(card)), budget, omitted);

  const blocks: KnownBlock[] = [header, ...body];
  if (omitted.size > 0) blocks.push(omittedNote(omitted));
  blocks.push(...tail);
  return { text: fallbackText(card), blocks };
}

// ---------------------------------------------------------------------------------------------- header

function headerText(card: Card): string {
  return `${SLACK_STATUS_EMOJI[card.status]} ${oneLine(card.title)}`;
}

function headerBlock(card: Card): HeaderBlock {
  return { type: 'header', text: plain(cut(headerText(card), L.headerText)) };
}

function fallbackText(card: Card): string {
  const verdict = `${STATUS_WORD[card.status]}: ${oneLine(card.title)}`;
  const text = card.summary ? `${verdict}. ${oneLine(plainCardText(card.summary))}` : verdict;
  return cut(escapeMrkdwn(text), L.fallbackText);
}

// ---------------------------------------------------------------------------------------------- body

function bodyPieces(card: Card, titleWasCut: boolean): Piece[] {
  const pieces: Piece[] = [];
  // A cut header still leaves the whole title readable in the body.
  const intro = [titleWasCut ? `*${escapeMrkdwn(oneLine(card.title))}*` : '', mrkdwnText(card.summary ?? '')]
    .filter((s) => s.length > 0)
    .join('\n');
  if (intro) pieces.push({ kind: 'text', text: intro });
  if (card.fields?.length) pieces.push({ kind: 'fields', fields: card.fields });
  for (const section of card.sections ?? []) pieces.push(...sectionPieces(section));
  return pieces;
}

function sectionPieces(section: CardSection): Piece[] {
  const pieces: Piece[] = [];
  // The title rides with the section's first text or list, so a titled list costs no extra block.
  let title: Line | undefined = section.title ? { text: `*${escapeMrkdwn(oneLine(section.title))}*` } : undefined;
  const withTitle = (lines: Line[]): Line[] => {
    const all = title ? [title, ...lines] : lines;
    title = undefined;
    return all;
  };
  if (section.text)
    pieces.push({
      kind: 'text',
      text: withTitle([{ text: mrkdwnText(section.text) }])
        .map((l) => l.text)
        .join('\n'),
    });
  if (section.fields?.length) {
    if (title)
      pieces.push({
        kind: 'text',
        text: withTitle([])
          .map((l) => l.text)
          .join('\n'),
      });
    pieces.push({ kind: 'fields', fields: section.fields });
  }
  if (section.checks?.length) {
    const lines: Line[] = [];
    for (const group of groupChecks(section.checks)) {
      const emoji = SLACK_STATUS_EMOJI[group.status];
      lines.push({ text: `*${emoji} ${STATUS_WORD[group.status]} (${group.rows.length})*` });
      for (const row of group.rows) {
        let line = `${emoji} *${escapeMrkdwn(oneLine(row.label))}*`;
        if (row.detail) line += ` — ${escapeMrkdwn(row.detail)}`;
        if (row.fix) line += `\n        ↳ ${escapeMrkdwn(row.fix)}`;
        lines.push({ text: line, noun: 'check' });
      }
    }
    pieces.push({ kind: 'lines', lines: withTitle(lines) });
  }
  if (section.items?.length) {
    const lines = section.items.map((item): Line => ({ text: `• ${mrkdwnText(item)}`, noun: 'item' }));
    pieces.push({ kind: 'lines', lines: withTitle(lines) });
  }
  if (title) pieces.push({ kind: 'text', text: title.text });
  return pieces;
}

function bodyBlocks(pieces: Piece[], budget: Budget, omitted: Omitted): SectionBlock[] {
  const blocks: SectionBlock[] = [];
  let exhausted = false;
  for (const piece of pieces) {
    if (exhausted) {
      countPiece(piece, omitted);
      continue;
    }
    if (piece.kind === 'text') exhausted = !textPiece(piece.text, budget, blocks, omitted);
    else if (piece.kind === 'fields') exhausted = !fieldsPiece(piece.fields, budget, blocks, omitted);
    else exhausted = !linesPiece(piece.lines, budget, blocks, omitted);
  }
  return blocks;
}

/** Returns false when the budget ran out (the piece was cut or dropped for lack of room). */
function textPiece(text: string, budget: Budget, blocks: SectionBlock[], omitted: Omitted): boolean {
  const room = Math.min(L.sectionText, budget.chars);
  if (budget.blocks < 1 || room < MIN_TEXT_CHARS) {
    add(omitted, 'line', countLines(text));
    return false;
  }
  const shown = cutText(text, room);
  blocks.push(section(shown));
  budget.blocks -= 1;
  budget.chars -= shown.length;
  // Cut to the section limit alone is not running out: the pieces after it still get their turn.
  return text.length <= room || room === L.sectionText;
}

function fieldsPiece(fields: CardField[], budget: Budget, blocks: SectionBlock[], omitted: Omitted): boolean {
  for (let start = 0; start < fields.length; start += L.sectionFields) {
    if (budget.blocks < 1) {
      add(omitted, 'field', fields.length - start);
      return false;
    }
    const shown: MrkdwnElement[] = [];
    for (const field of fields.slice(start, start + L.sectionFields)) {
      const text = cutText(`*${escapeMrkdwn(oneLine(field.label))}*\n${mrkdwnText(field.value)}`, L.fieldText);
      if (text.length > budget.chars) break;
      shown.push(mrkdwn(text));
      budget.chars -= text.length;
    }
    if (shown.length > 0) {
      blocks.push({ type: 'section', fields: shown });
      budget.blocks -= 1;
    }
    const rendered = start + shown.length;
    if (shown.length < Math.min(L.sectionFields, fields.length - start)) {
      add(omitted, 'field', fields.length - rendered);
      return false;
    }
  }
  return true;
}

/** Packs lines into as few section blocks as their 3000-character limit allows. */
function linesPiece(lines: Line[], budget: Budget, blocks: SectionBlock[], omitted: Omitted): boolean {
  let buffer = '';
  const flush = (): void => {
    if (buffer) blocks.push(section(buffer));
    buffer = '';
  };
  for (const [i, line] of lines.entries()) {
    const text = cutText(line.text, LINE_CHARS);
    const appendable = buffer !== '' && buffer.length + 1 + text.length <= L.sectionText;
    // Appending costs the newline too; a new block costs one of the remaining blocks.
    const fits = appendable ? text.length + 1 <= budget.chars : budget.blocks >= 1 && text.length <= budget.chars;
    if (!fits) {
      flush();
      for (const rest of lines.slice(i)) if (rest.noun) add(omitted, rest.noun, 1);
      return false;
    }
    if (appendable) {
      buffer = `${buffer}\n${text}`;
      budget.chars -= text.length + 1;
    } else {
      flush();
      buffer = text;
      budget.blocks -= 1;
      budget.chars -= text.length;
    }
  }
  flush();
  return true;
}

function countPiece(piece: Piece, omitted: Omitted): void {
  if (piece.kind === 'text') add(omitted, 'line', countLines(piece.text));
  else if (piece.kind === 'fields') add(omitted, 'field', piece.fields.length);
  else for (const line of piece.lines) if (line.noun) add(omitted, line.noun, 1);
}

function omittedNote(omitted: Omitted): ContextBlock {
  const parts = NOUN_ORDER.filter((noun) => omitted.has(noun)).map((noun) =>
    plural(omitted.get(noun)!, `more ${noun}`),
  );
  return { type: 'context', elements: [mrkdwn(`…and ${parts.join(', ')} (not shown: Slack's message size limit)`)] };
}

// ---------------------------------------------------------------------------------------------- tail

/**
 * Slack rejects two elements with the same `action_id` in one block, and two buttons may well run the same action
 * (Refresh and Run the doctor both re-run a command). A repeated id is sent as `<id>~2`, `<id>~3`…, and the adapter
 * reads the action from the part before `~` (`baseActionId`), so the buttons share one row.
 * https://api.slack.com/reference/block-kit/block-elements#button (action_id unique in the block)
 */
const REPEAT_MARK = '~';

/** The action a Slack `action_id` stands for: the id itself, without the repeat suffix the renderer may add. */
export function baseActionId(slackActionId: string): string {
  const at = slackActionId.indexOf(REPEAT_MARK);
  return at < 0 ? slackActionId : slackActionId.slice(0, at);
}

/** Buttons go in actions blocks of at most 25: one row unless there are more. */
function actionsBlocks(buttons: CardButton[], omitted: Omitted): KnownBlock[] {
  const blocks: ActionsBlock[] = [];
  let current: Button[] = [];
  let chars = 0;
  let shown = 0;
  for (const button of buttons) {
    const element = buttonElement(button);
    const cost = element ? textLength(element) : 0;
    if (!element || shown >= L.actionsElements || chars + cost > BUTTONS_CHARS) {
      add(omitted, 'button', 1);
      continue;
    }
    if (current.length >= L.actionsElements) {
      blocks.push({ type: 'actions', elements: current });
      current = [];
    }
    const repeats = current.filter((b) => baseActionId(b.action_id ?? '') === element.action_id).length;
    const unique = repeats > 0 ? `${element.action_id}${REPEAT_MARK}${repeats + 1}` : element.action_id;
    if (unique.length > L.actionId) {
      add(omitted, 'button', 1);
      continue;
    }
    current.push({ ...element, action_id: unique });
    chars += cost;
    shown += 1;
  }
  if (current.length > 0) blocks.push({ type: 'actions', elements: current });
  return blocks;
}

/** Undefined when the button cannot be sent as is: an id or value Slack would refuse cannot be shortened safely. */
function buttonElement(button: CardButton): (Button & { action_id: string }) | undefined {
  if (!button.actionId || button.actionId.length > L.actionId || button.value.length > L.buttonValue) return undefined;
  const element: Button & { action_id: string } = {
    type: 'button',
    text: plain(cut(oneLine(button.label) || button.actionId, L.buttonText)),
    action_id: button.actionId,
  };
  if (button.value) element.value = button.value;
  if (button.style === 'primary' || button.style === 'danger') element.style = button.style;
  if (button.confirm) {
    element.confirm = {
      title: plain(cut(oneLine(button.confirm.title), L.confirmTitle)),
      text: plain(cut(button.confirm.text, L.confirmText)),
      confirm: plain(cut(oneLine(button.confirm.confirm), L.confirmButton)),
      deny: plain(cut(oneLine(button.confirm.deny), L.confirmButton)),
    };
    if (button.style === 'danger') element.confirm.style = 'danger';
  }
  return element;
}

function footerBlocks(footer: CardText | undefined): ContextBlock[] {
  if (!footer || footer.length === 0) return [];
  return [{ type: 'context', elements: [mrkdwn(cutText(mrkdwnText(footer), FOOTER_CHARS))] }];
}

// ---------------------------------------------------------------------------------------------- text

function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(text) };
}

function plain(text: string): PlainTextElement {
  return { type: 'plain_text', text, emoji: true };
}

function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text };
}

/**
 * Card text as mrkdwn: the strings escaped, each moment as Slack's date token, which every reader sees in their
 * own time zone and locale, with a UTC fallback for clients that cannot format it.
 * https://api.slack.com/reference/surfaces/formatting#date-formatting
 */
export function mrkdwnText(text: CardText): string {
  return formatCardText(text, { text: escapeMrkdwn, time: slackDate });
}

/** `<!date^1795961263^{date_short_pretty} {time}|2026-11-29 14:07 UTC>`: "Today 15:07" for a reader in Paris. */
export function slackDate(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  if (!Number.isFinite(seconds)) return escapeMrkdwn(iso);
  return `<!date^${seconds}^{date_short_pretty} {time}|${utcMinute(iso)}>`;
}

/** Slack reads `<…>` as links and mentions: card text must not be able to ping a channel or forge a link. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function countLines(text: string): number {
  return text.split('\n').length;
}

function add(omitted: Omitted, noun: Noun, n: number): void {
  if (n > 0) omitted.set(noun, (omitted.get(noun) ?? 0) + n);
}

/**
 * Text cut to `max` with an ellipsis, never inside an `&amp;` entity (titles, labels: short enough that "N more"
 * would say nothing useful).
 */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, safeEnd(text, max - 1))}…`;
}

/**
 * Escaped mrkdwn cut to at most `max` characters, saying what is missing: at a line boundary when that keeps
 * at least half of the room ("…and N more lines"), otherwise mid-line ("… …and N more characters").
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const lines = text.split('\n');
  let kept = '';
  let keptLines = 0;
  for (const line of lines) {
    const next = keptLines === 0 ? line : `${kept}\n${line}`;
    const suffix = `\n…and ${plural(lines.length - keptLines - 1, 'more line')}`;
    if (next.length + suffix.length > max) break;
    kept = next;
    keptLines += 1;
  }
  if (keptLines > 0 && kept.length >= max / 2) return `${kept}\n…and ${plural(lines.length - keptLines, 'more line')}`;
  // Leave room for the longest suffix this text could need.
  const end = safeEnd(text, Math.max(0, max - `… …and ${text.length} more characters`.length));
  const rest = unescapeMrkdwn(text.slice(end)).length;
  const shown = `${text.slice(0, end)}… …and ${plural(rest, 'more character')}`;
  return shown.length <= max ? shown : cut(text, max);
}

/** An end index at or before `end` that splits neither a surrogate pair nor an `&amp;`-style entity. */
function safeEnd(text: string, end: number): number {
  let e = Math.max(0, Math.min(end, text.length));
  const amp = text.lastIndexOf('&', e - 1);
  if (amp >= 0 && amp >= e - 5 && text.indexOf(';', amp) >= e) e = amp;
  const code = text.charCodeAt(e - 1);
  if (e > 0 && code >= 0xd800 && code <= 0xdbff) e -= 1;
  return e;
}

/** Characters of text a block carries, as Slack counts them towards its aggregate limit. */
function textLength(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, child) => n + textLength(child), 0);
  if (!node || typeof node !== 'object') return 0;
  const record = node as Record<string, unknown>;
  let n = 0;
  if ((record['type'] === 'plain_text' || record['type'] === 'mrkdwn') && typeof record['text'] === 'string') {
    n += record['text'].length;
  }
  for (const [key, value] of Object.entries(record))
    if (key !== 'text' || typeof value !== 'string') n += textLength(value);
  return n;
}
