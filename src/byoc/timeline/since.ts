/** `--since 24h`: how far back the timeline looks. Minutes, hours, days or weeks, up to 30 days. */

/** Twilio keeps Monitor Events for 30 days on every plan (13 months with the paid editions). */
export const MAX_SINCE_DAYS = 30;
export const SINCE_EXAMPLE = '--since 24h (or 90m, 7d, 2w)';
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Milliseconds, or a sentence saying what is wrong with the value. */
export function parseSince(value: string): { ms: number } | { error: string } {
  const m = /^\s*(\d+)\s*([mhdw])\s*$/i.exec(value);
  if (!m) return { error: `"${value}" is not a duration: use a number and m, h, d or w, e.g. ${SINCE_EXAMPLE}` };
  const ms = Number(m[1]) * UNIT_MS[m[2]!.toLowerCase() as keyof typeof UNIT_MS];
  if (ms <= 0) return { error: `--since must be more than 0, e.g. ${SINCE_EXAMPLE}` };
  if (ms > MAX_SINCE_DAYS * UNIT_MS.d) {
    return { error: `--since goes back ${MAX_SINCE_DAYS} days at most (what Twilio keeps), e.g. --since 30d` };
  }
  return { ms };
}
