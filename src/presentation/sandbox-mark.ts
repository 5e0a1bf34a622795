/**
 * Cards answered from the built-in fake vendors say so in their small print (the footer, Slack's context line), so
 * nobody in a real workspace mistakes the sandbox's fake org for their own.
 */
import type { Card } from '../cards/card.js';

export const SANDBOX_MARK = 'sandbox: fake Genesys Cloud and Twilio, not your org';

export function withSandboxMark(card: Card): Card {
  if (card.footer?.includes(SANDBOX_MARK)) return card;
  return { ...card, footer: card.footer ? `${card.footer} · ${SANDBOX_MARK}` : SANDBOX_MARK };
}
