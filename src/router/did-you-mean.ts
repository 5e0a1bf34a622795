/**
 * "Did you mean": the command names closest to what was typed, by edit distance (with transpositions, the most
 * common typo: `stauts`) or because what was typed starts one (`trunk` -> `trunk enable`, `trunk disable`).
 */

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions cost 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** Up to `max` names close to `typed` (one or two words), closest first. */
export function suggest(typed: string, names: readonly string[], max = 3): string[] {
  const input = typed.trim().toLowerCase();
  if (input === '') return [];
  const scored: { name: string; score: number }[] = [];
  for (const name of names) {
    const words = name.split(' ').length;
    const candidate = input.split(/\s+/).slice(0, words).join(' ');
    const distance = editDistance(candidate, name);
    // Allow roughly one typo per three letters, at least one.
    const allowed = Math.max(1, Math.floor(name.length / 3));
    if (distance <= allowed) scored.push({ name, score: distance });
    else if (candidate.length >= 2 && name.startsWith(candidate)) scored.push({ name, score: allowed + 1 });
  }
  return scored
    .sort((x, y) => x.score - y.score || x.name.localeCompare(y.name))
    .slice(0, max)
    .map((s) => s.name);
}
