/**
 * What every renderer says about a card status, and how check rows are grouped, so Slack, Teams and the
 * terminal show the same verdicts in the same order.
 */
import type { CardStatus, CheckRow } from '../cards/card.js';

/** Worst first: the group a person on call must read first comes first (the design's "anything red first"). */
export const STATUS_ORDER: readonly CardStatus[] = ['fail', 'warn', 'pending', 'info', 'ok', 'skip'];

export const STATUS_WORD: Record<CardStatus, string> = {
  ok: 'OK',
  info: 'Info',
  warn: 'Warning',
  fail: 'Failed',
  skip: 'Skipped',
  pending: 'Pending',
};

/** Plain Unicode symbols: they read the same in Teams, a terminal and a log line. */
export const STATUS_SYMBOL: Record<CardStatus, string> = {
  ok: '✅',
  info: 'ℹ️',
  warn: '⚠️',
  fail: '❌',
  skip: '⏭️',
  pending: '⏳',
};

export interface CheckGroup {
  status: CardStatus;
  rows: CheckRow[];
}

/** Rows grouped by status, worst group first; the order within a group is the order the card gave. */
export function groupChecks(checks: readonly CheckRow[]): CheckGroup[] {
  const groups: CheckGroup[] = [];
  for (const status of STATUS_ORDER) {
    const rows = checks.filter((row) => row.status === status);
    if (rows.length > 0) groups.push({ status, rows });
  }
  return groups;
}

/** "1 check" / "3 checks". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}
