/**
 * Reading the messages a bot posted to the fake Slack the way a person would: their words, their buttons, and
 * whether a message is still the "working on it" placeholder.
 */

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  /** How many times `chat.update` changed it. */
  updates: number;
  /** Set on a reply in a thread: the `ts` of the thread's first message. */
  threadTs?: string;
  /** Message metadata the poster attached (`event_type`, `event_payload`), as Slack keeps it. */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** A button on a message the bot posted (what `/__sandbox/click` presses). */
export interface FakeSlackButton {
  actionId: string;
  value?: string;
  label: string;
  /** The title of the dialog Slack shows before sending the press, when the button asks for confirmation. */
  confirm?: string;
  message: FakeSlackMessage;
}

/** The words a person would see in a message, for the sandbox's plain-text answers. */
export function blocksToText(message: { text?: string; blocks?: unknown[] }): string {
  if (!message.blocks || message.blocks.length === 0) return message.text ?? '';
  const lines: string[] = [];
  const textOf = (t: unknown) => {
    const text = (t as { text?: unknown } | undefined)?.text;
    return typeof text === 'string' ? text : undefined;
  };
  for (const block of message.blocks as Record<string, unknown>[]) {
    const own = textOf(block.text);
    if (own) lines.push(block.type === 'header' ? `== ${own} ==` : own);
    for (const field of (block.fields as unknown[] | undefined) ?? []) {
      const t = textOf(field);
      if (t) lines.push(t);
    }
    for (const element of (block.elements as Record<string, unknown>[] | undefined) ?? []) {
      const t = textOf(element) ?? textOf(element.text);
      if (!t) continue;
      // A button shows its value too (an approval id, a command), so a person can press it with /__sandbox/click.
      const value = typeof element.value === 'string' && element.value ? ` (${element.value})` : '';
      lines.push(block.type === 'actions' ? `[${t}${value}]` : t);
    }
  }
  // A date token reads as its fallback here (Slack would show it in the reader's zone); then Slack shows mrkdwn's
  // escaped &lt; &gt; &amp; as the characters themselves.
  return lines
    .join('\n')
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * The dispatcher's "working on it" message (`:hourglass_flowing_sand: Working on …`, or "…applying …" after an
 * Approve): a section or plain text starting with the hourglass. A card starts with its header instead.
 */
export function isWorkingMessage(message: { text?: string; blocks?: unknown[] }): boolean {
  const first = message.blocks?.[0] as { type?: string; text?: { text?: string } } | undefined;
  const text = first ? (first.type === 'section' ? first.text?.text : undefined) : message.text;
  return typeof text === 'string' && text.startsWith(':hourglass_flowing_sand:');
}

export function buttonsOf(message: FakeSlackMessage): FakeSlackButton[] {
  const buttons: FakeSlackButton[] = [];
  for (const block of (message.blocks ?? []) as Record<string, unknown>[]) {
    const elements = [...((block.elements as Record<string, unknown>[] | undefined) ?? [])];
    if (block.accessory) elements.push(block.accessory as Record<string, unknown>);
    for (const element of elements) {
      if (element.type !== 'button' || typeof element.action_id !== 'string') continue;
      const label = (element.text as { text?: string } | undefined)?.text ?? element.action_id;
      const confirm = (element.confirm as { title?: { text?: string } } | undefined)?.title?.text;
      buttons.push({
        actionId: element.action_id,
        ...(typeof element.value === 'string' ? { value: element.value } : {}),
        label,
        ...(confirm ? { confirm } : {}),
        message,
      });
    }
  }
  return buttons;
}
