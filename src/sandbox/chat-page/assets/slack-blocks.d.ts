/** Types of slack-blocks.js, the page's Block Kit renderer (plain JavaScript: the browser loads it as it is). */
type NameOf = (id: string) => string | undefined;
export function escapeHtml(s: string): string;
export function emojify(text: string): string;
export function mrkdwn(text: string, nameOf?: NameOf): string;
export function textObject(t: unknown, nameOf: NameOf): string;
export function renderBlock(block: unknown, nameOf: NameOf): string;
export function renderMessage(message: { text?: string; blocks?: unknown[] }, nameOf?: NameOf): string;
