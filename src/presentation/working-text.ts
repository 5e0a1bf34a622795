/** The "working on it" note that a command gets at once, before its job's card replaces it. */
import { SLASH_COMMAND } from './chat-names.js';

/** How much of the command the "working on it" note repeats: enough to recognise it, never a wall of text. */
export const WORKING_TEXT_COMMAND_CHARS = 80;

export function workingText(commandText: string): string {
  const text = commandText.trim().replace(/\s+/g, ' ').replace(/`/g, "'");
  const cut = text.length > WORKING_TEXT_COMMAND_CHARS ? `${text.slice(0, WORKING_TEXT_COMMAND_CHARS)}…` : text;
  const shown = cut ? `${SLASH_COMMAND} ${cut}` : `${SLASH_COMMAND} help`;
  // The job is in the queue, not in this process: a restart or a deploy in between still answers here.
  return `:hourglass_flowing_sand: Working on \`${shown}\`… (queued: the answer appears here even if byoc-bot restarts meanwhile)`;
}
