/**
 * Splits command text into tokens the way a person expects from a shell: spaces separate, quotes group
 * (`--site "Paris Office"`). Slack clients often turn typed quotes into typographic ones and `--` into an em dash,
 * so those count as their plain forms.
 */
import { CodedError, ERROR_CODES } from '../coded-error.js';

const OPENING_TO_CLOSING: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\u201c': '\u201d', // “ … ”
  '\u201d': '\u201d',
  '\u2018': '\u2019', // ‘ … ’
  '\u2019': '\u2019',
};

function unclosedQuoteError(quote: string): CodedError {
  return new CodedError({
    code: ERROR_CODES.unclosedQuote,
    message: `a quote (${quote}) is not closed`,
    retryable: false,
  });
}

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let closing: string | undefined;
  let opening = '';
  for (const ch of text.replace(/\u2014/g, '--').replace(/\u2013/g, '--')) {
    if (closing !== undefined) {
      if (ch === closing || (closing === '\u201d' && ch === '"') || (closing === '"' && ch === '\u201d')) {
        closing = undefined;
      } else {
        current += ch;
      }
      continue;
    }
    const close = OPENING_TO_CLOSING[ch];
    // A quote groups only at the start of a token (or a `--flag=` value): an apostrophe inside a word (O'Brien) is text.
    if (close !== undefined && (current === '' || current.endsWith('='))) {
      closing = close;
      opening = ch;
      inToken = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
      continue;
    }
    current += ch;
    inToken = true;
  }
  if (closing !== undefined) throw unclosedQuoteError(opening);
  if (inToken) tokens.push(current);
  return tokens;
}
