/**
 * Short references that tie what a person sees (an error card, a change) to the log lines about it.
 */
import { randomBytes } from 'node:crypto';

/** 8 characters, no look-alikes (0/o, 1/l): easy to read aloud or paste into a log search. */
export function newReference(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
}
