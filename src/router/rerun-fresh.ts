/**
 * A card's "Refresh" / "Run again" button re-runs its command through `command.run`. Re-run as typed, it could be
 * answered from the snapshot cache (up to SNAPSHOT_CACHE_SECONDS old) and show the very state the person wants to
 * see change; so the jobs that read a snapshot make that button ask for a fresh one (`--fresh`).
 */
import type { Card } from '../cards/card.js';
import { COMMAND_RUN_ACTION } from './action-definition.js';

export const FRESH_FLAG = '--fresh';

/** The card with its `command.run` button labelled `label` re-running the same command with `--fresh`. */
export function rerunFresh(card: Card, label: string): Card {
  if (!card.buttons) return card;
  return {
    ...card,
    buttons: card.buttons.map((b) =>
      b.actionId === COMMAND_RUN_ACTION && b.label === label && !b.value.split(/\s+/).includes(FRESH_FLAG)
        ? { ...b, value: `${b.value} ${FRESH_FLAG}` }
        : b,
    ),
  };
}
