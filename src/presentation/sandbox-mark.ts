/**
 * Cards answered from the built-in fake vendors say so in their small print (the footer, Slack's context line), so
 * nobody in a real workspace mistakes the sandbox's fake org for their own.
 */
import type { Card, CardText } from '../cards/card.js';

export const SANDBOX_MARK = 'sandbox: fake Genesys Cloud and Twilio, not your org';

function marked(footer: CardText): boolean {
  const parts = typeof footer === 'string' ? [footer] : footer;
  return parts.some((part) => typeof part === 'string' && part.includes(SANDBOX_MARK));
}

export function withSandboxMark(card: Card): Card {
  if (!card.footer) return { ...card, footer: SANDBOX_MARK };
  if (marked(card.footer)) return card;
  // A footer may hold a moment (`cardTime`), drawn in each reader's time zone: kept as a part, never made a string.
  const footer: CardText =
    typeof card.footer === 'string' ? `${card.footer} · ${SANDBOX_MARK}` : [...card.footer, ` · ${SANDBOX_MARK}`];
  return { ...card, footer };
}
