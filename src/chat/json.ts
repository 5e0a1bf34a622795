/**
 * Card -> JSON for scripts and CI (`npx byoc doctor --json`). The card model is the contract: a script reads
 * the same title, status, fields and check rows a person sees in chat. Pure and stable (pretty-printed, the
 * card's own key order).
 */
import type { Card } from '../cards/card.js';

export function renderJson(card: Card): string {
  return `${JSON.stringify(card, null, 2)}\n`;
}
