/**
 * Card -> Microsoft Teams Adaptive Card 1.5. Pure: the same card always gives the same JSON.
 *
 * Teams renders Adaptive Cards up to schema 1.5 and caps a message well below its documented size (see
 * `limits.ts`), so the body is filled in order until a 24 KB budget is spent and the rest is counted in one
 * "…and N more" line. Buttons are Universal Actions (`Action.Execute`,
 * https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/overview):
 * the verb is the action id and `data` carries the action id and value, which the Teams adapter routes on exactly
 * as the Slack adapter routes on `action_id` and `value`; the bot answers the press with the refreshed card.
 */
import {
  type Card,
  type CardButton,
  type CardField,
  type CardSection,
  type CardStatus,
  type CardText,
  formatCardText,
} from '../../cards/card.js';
import { groupChecks, plural, STATUS_SYMBOL, STATUS_WORD } from '../card-status.js';
import { TEAMS_LIMITS } from './limits.js';

export { TEAMS_LIMITS };

export const ADAPTIVE_CARD_VERSION = TEAMS_LIMITS.cardVersion;

/**
 * Card text for a TextBlock: each moment through the Adaptive Card DATE() and TIME() functions, which the client
 * shows in the reader's own time zone and locale. They need strict RFC 3339 (no fractional seconds).
 * https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features
 */
export function teamsText(text: CardText): string {
  return formatCardText(text, { time: adaptiveDate });
}

export function adaptiveDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const rfc = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `{{DATE(${rfc}, SHORT)}} {{TIME(${rfc})}}`;
}

/** What an `Action.Execute` sends back in the `adaptiveCard/action` invoke's `action.data`. */
export interface AdaptiveActionData {
  actionId: string;
  value: string;
}

/** A card with one line of text: the "working on it" message, a short answer. */
export function renderTextCard(text: string): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    body: [textBlock(text, {})],
  };
}

type Element = Record<string, unknown>;

const STATUS_COLOR: Record<CardStatus, string> = {
  ok: 'Good',
  info: 'Accent',
  warn: 'Warning',
  fail: 'Attention',
  skip: 'Default',
  pending: 'Default',
};

/** Room kept for the "…and N more" line. */
const NOTE_BYTES = 300;
/** Below this much room a text is not worth starting. */
const MIN_TEXT_BYTES = 200;

type Noun = 'check' | 'item' | 'field' | 'line';
const NOUN_ORDER: Noun[] = ['check', 'item', 'field', 'line'];

export function renderAdaptiveCard(card: Card): Record<string, unknown> {
  const head: Element[] = [
    textBlock(`${STATUS_SYMBOL[card.status]} ${card.title}`, {
      size: 'Large',
      weight: 'Bolder',
      color: STATUS_COLOR[card.status],
      style: 'heading',
    }),
  ];
  const foot: Element[] = card.footer
    ? [textBlock(teamsText(card.footer), { size: 'Small', isSubtle: true, spacing: 'Medium' })]
    : [];
  const actions = (card.buttons ?? []).map(action);

  const skeleton = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    body: [...head, ...foot],
    ...(actions.length > 0 ? { actions } : {}),
  };
  const filler = new BodyFiller(TEAMS_LIMITS.payloadBytes - bytes(skeleton) - NOTE_BYTES);

  if (card.summary) filler.text(teamsText(card.summary), {});
  if (card.fields?.length) filler.facts(card.fields);
  for (const section of card.sections ?? []) filler.section(section);

  const body = [...head, ...filler.body];
  if (filler.omitted.size > 0) body.push(textBlock(filler.note(), { isSubtle: true, size: 'Small' }));
  body.push(...foot);
  return { ...skeleton, body };
}

/** Adds body elements in order while they fit; once one does not, everything after it is only counted. */
class BodyFiller {
  readonly body: Element[] = [];
  readonly omitted = new Map<Noun, number>();
  private exhausted = false;

  constructor(private room: number) {}

  text(text: string, options: Element, into: Element[] = this.body): void {
    const shown = this.exhausted ? undefined : this.fitText(text, options);
    if (shown) this.put(shown, into);
    else this.count('line', text.split('\n').length);
  }

  /** The whole text if it fits, else as much as fits with what is missing said (which ends the filling). */
  private fitText(text: string, options: Element): Element | undefined {
    const whole = textBlock(text, options);
    if (this.fits(whole)) return whole;
    this.exhausted = true;
    const room = this.room - (bytes(whole) - bytes(text));
    if (room < MIN_TEXT_BYTES) return undefined;
    // JSON escaping can make a character cost more than one byte: shrink until it fits.
    for (let keep = room - 40; keep > 0; keep = Math.floor(keep * 0.9)) {
      const shown = textBlock(`${text.slice(0, keep)}… …and ${plural(text.length - keep, 'more character')}`, options);
      if (this.fits(shown)) return shown;
    }
    return undefined;
  }

  facts(fields: CardField[], into: Element[] = this.body): void {
    const facts: Element[] = [];
    for (const [i, field] of fields.entries()) {
      // A fact's value is drawn as a TextBlock by the official renderer (adaptivecards' FactSet.internalRender sets
      // a TextBlock's text to it), so the DATE()/TIME() functions show the reader's own zone there too.
      const fact = { title: field.label, value: teamsText(field.value) };
      if (this.exhausted || bytes(fact) + 1 > this.room - (facts.length === 0 ? 40 : 0)) {
        this.exhausted = true;
        this.count('field', fields.length - i);
        break;
      }
      facts.push(fact);
      this.room -= bytes(fact) + 1;
    }
    if (facts.length > 0) {
      const set = { type: 'FactSet', facts };
      this.room -= bytes(set) - bytes(facts);
      into.push(set);
    }
  }

  section(section: CardSection): void {
    const container: Element[] = [];
    const shell = { type: 'Container', separator: true, spacing: 'Medium', items: [] };
    if (this.exhausted || !this.fitsBytes(bytes(shell))) {
      this.exhausted = true;
      this.countSection(section);
      return;
    }
    this.room -= bytes(shell);
    if (section.title) this.text(section.title, { weight: 'Bolder' }, container);
    if (section.text) this.text(teamsText(section.text), {}, container);
    if (section.fields?.length) this.facts(section.fields, container);
    for (const group of groupChecks(section.checks ?? [])) {
      const symbol = STATUS_SYMBOL[group.status];
      this.line(
        undefined,
        textBlock(`${symbol} ${STATUS_WORD[group.status]} (${group.rows.length})`, {
          weight: 'Bolder',
          color: STATUS_COLOR[group.status],
          spacing: 'Small',
        }),
        container,
      );
      for (const row of group.rows) {
        const label = `${symbol} **${row.label}**${row.detail ? ` — ${row.detail}` : ''}`;
        const text = row.fix ? `${label}\n\n↳ ${row.fix}` : label;
        this.line('check', textBlock(text, { spacing: 'None' }), container);
      }
    }
    for (const item of section.items ?? [])
      this.line('item', textBlock(`- ${teamsText(item)}`, { spacing: 'None' }), container);
    if (container.length > 0) this.body.push({ ...shell, items: container });
  }

  note(): string {
    const parts = NOUN_ORDER.filter((n) => this.omitted.has(n)).map((n) => plural(this.omitted.get(n)!, `more ${n}`));
    return `…and ${parts.join(', ')} (not shown: Teams message size limit)`;
  }

  private line(noun: Noun | undefined, element: Element, into: Element[]): void {
    if (!this.exhausted && this.fits(element)) {
      this.put(element, into);
      return;
    }
    this.exhausted = true;
    if (noun) this.count(noun, 1);
  }

  private countSection(section: CardSection): void {
    if (section.text) this.count('line', teamsText(section.text).split('\n').length);
    this.count('field', section.fields?.length ?? 0);
    this.count('check', section.checks?.length ?? 0);
    this.count('item', section.items?.length ?? 0);
  }

  private fits(element: Element): boolean {
    return this.fitsBytes(bytes(element) + 1);
  }

  private fitsBytes(n: number): boolean {
    return n <= this.room;
  }

  private put(element: Element, into: Element[]): void {
    this.room -= bytes(element) + 1;
    into.push(element);
  }

  private count(noun: Noun, n: number): void {
    if (n > 0) this.omitted.set(noun, (this.omitted.get(noun) ?? 0) + n);
  }
}

/**
 * Without a confirmation: an Execute. With one: Adaptive Cards have no confirm dialog, so the button opens an
 * inline card with the question and the real Execute (closing it again is the "deny").
 */
function action(button: CardButton): Element {
  const data: AdaptiveActionData = { actionId: button.actionId, value: button.value };
  const style = button.style === 'primary' ? 'positive' : button.style === 'danger' ? 'destructive' : undefined;
  const submit = (title: string): Element => ({
    type: 'Action.Execute',
    title,
    verb: button.actionId,
    ...(style ? { style } : {}),
    data,
  });
  if (!button.confirm) return submit(button.label);
  return {
    type: 'Action.ShowCard',
    title: button.label,
    ...(style ? { style } : {}),
    // An inline card takes the outer card's version (the official parser drops a version here).
    card: {
      type: 'AdaptiveCard',
      body: [textBlock(button.confirm.title, { weight: 'Bolder' }), textBlock(button.confirm.text, {})],
      actions: [submit(button.confirm.confirm)],
    },
  };
}

function textBlock(text: string, options: Element): Element {
  return { type: 'TextBlock', text: markdown(text), wrap: true, ...options };
}

/** The card's Markdown-lite `*bold*` is Adaptive Cards' `**bold**`; `_italic_` is the same in both. */
function markdown(text: string): string {
  return text.replace(/(^|[^*\w])\*([^*\n]+)\*(?![*\w])/g, '$1**$2**');
}

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
