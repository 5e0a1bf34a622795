/** The words a person would see on a Teams message (text or Adaptive Card), for the sandbox's plain-text answers. */

type Json = Record<string, unknown>;

export interface CardButtonSeen {
  title: string;
  verb: string;
  data: Json;
  /** The question an inline confirmation card asks before the real button. */
  confirm?: string;
}

/** The Adaptive Card of a message activity, if it has one. */
export function adaptiveCardOf(activity: Json | undefined): Json | undefined {
  const attachments = (activity?.attachments as Json[] | undefined) ?? [];
  const found = attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return found?.content as Json | undefined;
}

export function buttonsOf(card: Json | undefined): CardButtonSeen[] {
  const out: CardButtonSeen[] = [];
  for (const action of (card?.actions as Json[] | undefined) ?? []) {
    if (action.type === 'Action.Execute') {
      out.push({
        title: String(action.title ?? ''),
        verb: String(action.verb ?? ''),
        data: (action.data as Json) ?? {},
      });
    } else if (action.type === 'Action.ShowCard') {
      const inner = action.card as Json | undefined;
      const question = ((inner?.body as Json[] | undefined) ?? []).map((b) => String(b.text ?? '')).join(' ');
      for (const b of buttonsOf(inner)) out.push({ ...b, title: String(action.title ?? b.title), confirm: question });
    }
  }
  return out;
}

function elementText(element: Json, lines: string[]): void {
  if (element.type === 'TextBlock') lines.push(String(element.text ?? ''));
  if (element.type === 'FactSet')
    for (const fact of (element.facts as Json[] | undefined) ?? []) lines.push(`${fact.title}: ${fact.value}`);
  for (const item of (element.items as Json[] | undefined) ?? []) elementText(item, lines);
}

export function cardText(card: Json): string {
  const lines: string[] = [];
  for (const element of (card.body as Json[] | undefined) ?? []) elementText(element, lines);
  for (const button of buttonsOf(card)) {
    const value = typeof button.data.value === 'string' && button.data.value ? ` (${button.data.value})` : '';
    lines.push(`[${button.title}${value}]`);
  }
  return lines.join('\n');
}

export function activityText(activity: Json): string {
  const card = adaptiveCardOf(activity);
  return card ? cardText(card) : String(activity.text ?? '');
}

/**
 * "Working on it": a plain message, or a card of one line with no buttons, starting with the hourglass (a pending
 * approval card starts with one too, but has more to say).
 */
export function isWorking(activity: Json): boolean {
  const card = adaptiveCardOf(activity);
  if (!card) return String(activity.text ?? '').startsWith('⏳');
  const body = (card.body as Json[] | undefined) ?? [];
  return body.length === 1 && buttonsOf(card).length === 0 && cardText(card).startsWith('⏳');
}
