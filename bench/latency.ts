/** Latency figures the benches print: percentiles of samples, and an ack / time-to-card summary. */

/** One request: milliseconds until it was acknowledged, and until its card arrived. */
export interface Sample {
  ack: number;
  card: number;
}

/** The `p`th percentile of ascending `sorted` (nearest rank); NaN when there is no sample. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export function summary(samples: Sample[]) {
  const acks = samples.map((s) => s.ack).sort((a, b) => a - b);
  const cards = samples.map((s) => s.card).sort((a, b) => a - b);
  return {
    ackP50: percentile(acks, 50),
    ackP99: percentile(acks, 99),
    cardP50: percentile(cards, 50),
    cardP99: percentile(cards, 99),
  };
}
