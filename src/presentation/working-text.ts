/** The "working on it" note that a command gets at once, before its job's card replaces it. */
import type { Card } from '../cards/card.js';
import { SLASH_COMMAND } from './chat-names.js';

/** How much of the command the "working on it" note repeats: enough to recognise it, never a wall of text. */
export const WORKING_TEXT_COMMAND_CHARS = 80;

export function workingText(commandText: string): string {
  // The job is in the queue, not in this process: a restart or a deploy in between still answers here.
  return `:hourglass_flowing_sand: Working on ${shownCommand(commandText)}… (queued: the answer appears here even if byoc-bot restarts meanwhile)`;
}

/** The command as the notes repeat it: cut, in code quotes. */
function shownCommand(commandText: string): string {
  const text = commandText.trim().replace(/\s+/g, ' ').replace(/`/g, "'");
  const cut = text.length > WORKING_TEXT_COMMAND_CHARS ? `${text.slice(0, WORKING_TEXT_COMMAND_CHARS)}…` : text;
  return `\`${cut ? `${SLASH_COMMAND} ${cut}` : `${SLASH_COMMAND} help`}\``;
}

/** What the vendors are doing that made the job wait, as the worker saw it. */
export type VendorDelay =
  /** The vendor answered 429 (Too Many Requests). */
  | { kind: 'rate-limited'; vendor: string }
  /** The vendor did not answer in time, answered 5xx, or could not be reached. */
  | { kind: 'not-answering'; vendor: string };

/**
 * The "working on it" note while a job waits for a vendor: what is slow, that it is retried and when, and that this
 * message will become the answer. Replaces the first note in place.
 */
export function retryingCard(commandText: string, delay: VendorDelay, retryInMs: number): Card {
  const seconds = Math.max(1, Math.ceil(retryInMs / 1000));
  const summary =
    delay.kind === 'rate-limited'
      ? `Rate limited by ${delay.vendor}, retrying in ${seconds} s; the card will update.`
      : `${delay.vendor} is not answering; retrying in ${seconds} s, the card will update.`;
  return {
    title: `Working on ${shownCommand(commandText)}`,
    status: 'pending',
    summary,
  };
}
