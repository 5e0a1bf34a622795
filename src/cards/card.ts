/**
 * The platform-neutral card: what a job returns and every renderer (Slack Block Kit, Teams Adaptive Card,
 * CLI text, JSON) draws. Nothing here knows about a chat platform; limits are the renderers' business.
 */

/**
 * A moment in time inside card text. Each renderer writes it for its reader: Slack and Teams in the reader's own
 * time zone (their date formatting), the terminal in local time with the zone, JSON as ISO 8601.
 */
export interface CardTime {
  kind: 'time';
  /** ISO 8601, UTC. */
  iso: string;
}

/** Card text that may hold moments: a plain string, or strings and times in reading order. */
export type CardText = string | readonly (string | CardTime)[];

export function cardTime(iso: string): CardTime {
  return { kind: 'time', iso };
}

/** The text with each string part through `text` and each moment through `time`. */
export function formatCardText(
  value: CardText,
  format: { text?: (part: string) => string; time: (iso: string) => string },
): string {
  if (typeof value === 'string') return format.text ? format.text(value) : value;
  return value
    .map((part) => (typeof part === 'string' ? (format.text ? format.text(part) : part) : format.time(part.iso)))
    .join('');
}

/** `2026-11-29 14:07 UTC`: a moment where no reader's zone is known (notification text, fallbacks, logs). */
export function utcMinute(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Card text as a reader with no time zone reads it (moments in UTC): tests, notifications, search. */
export function plainCardText(value: CardText | undefined): string {
  return value === undefined ? '' : formatCardText(value, { time: utcMinute });
}

/** The verdict colour of a card or a row, worst last. */
export type CardStatus = 'ok' | 'info' | 'warn' | 'fail' | 'skip' | 'pending';

export interface CardField {
  label: string;
  value: CardText;
}

/** One line of a checklist: a doctor rule, a trunk on an edge, a Twilio check. */
export interface CheckRow {
  status: CardStatus;
  /** Short label, e.g. a rule id and title, or an edge name. */
  label: string;
  /** Evidence or state, one or two lines. */
  detail?: string;
  /** What a person should do about it. */
  fix?: string;
}

export interface CardSection {
  title?: string;
  /** Free text; renderers treat `*bold*`, `_italic_` and `code` in backticks as Markdown-lite. */
  text?: CardText;
  fields?: CardField[];
  checks?: CheckRow[];
  /** Plain lines (e.g. trunks in order); rendered as a bulleted list. */
  items?: CardText[];
}

export type ButtonStyle = 'primary' | 'danger' | 'default';

export interface CardButton {
  /** Stable action id, e.g. `approval.approve`; the adapter routes clicks on it. */
  actionId: string;
  label: string;
  /** Opaque, short (an id): state lives in Redis, never in the button. */
  value: string;
  style?: ButtonStyle;
  /** A confirmation dialog before the click is sent. */
  confirm?: { title: string; text: string; confirm: string; deny: string };
}

export interface Card {
  title: string;
  status: CardStatus;
  /** One sentence under the title: the verdict and why. */
  summary?: CardText;
  fields?: CardField[];
  sections?: CardSection[];
  buttons?: CardButton[];
  /** Small print: when the snapshot was taken, a reference id, who asked. */
  footer?: CardText;
}
