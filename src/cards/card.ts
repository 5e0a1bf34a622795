/**
 * The platform-neutral card: what a job returns and every renderer (Slack Block Kit, Teams Adaptive Card,
 * CLI text, JSON) draws. Nothing here knows about a chat platform; limits are the renderers' business.
 */

/** The verdict colour of a card or a row, worst last. */
export type CardStatus = 'ok' | 'info' | 'warn' | 'fail' | 'skip' | 'pending';

export interface CardField {
  label: string;
  value: string;
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
  text?: string;
  fields?: CardField[];
  checks?: CheckRow[];
  /** Plain lines (e.g. trunks in order); rendered as a bulleted list. */
  items?: string[];
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
  summary?: string;
  fields?: CardField[];
  sections?: CardSection[];
  buttons?: CardButton[];
  /** Small print: when the snapshot was taken, a reference id, who asked. */
  footer?: string;
}
