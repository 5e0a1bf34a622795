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

/**
 * When each keyed event arrived (a card for request 42, a reply in conversation X), whether the bench asked for it
 * before or after it came.
 */
export function arrivals<K>() {
  const pending = new Map<K, (t: number) => void>();
  const early = new Map<K, number>();
  return {
    record(key: K, t: number): void {
      const resolve = pending.get(key);
      if (resolve) resolve(t);
      else early.set(key, t);
    },
    arrived(key: K): Promise<number> {
      return new Promise<number>((resolve) => {
        const t = early.get(key);
        if (t !== undefined) resolve(t);
        else pending.set(key, resolve);
      });
    },
  };
}

/** How many requests a latency run sends, and how many at a time. */
export interface LatencyRun {
  /** Sent first and not measured, so module loading and JIT do not land in the samples. */
  warmup: number;
  requests: number;
  concurrency: number;
}

/** Sends `run.warmup` requests, then `run.requests` measured ones, `run.concurrency` at a time; the measured samples. */
export async function measure(run: LatencyRun, request: (i: number) => Promise<Sample>): Promise<Sample[]> {
  async function inLanes(from: number, count: number): Promise<Sample[]> {
    const samples: Sample[] = [];
    let next = from;
    async function lane() {
      while (next < from + count) samples.push(await request(next++));
    }
    await Promise.all(Array.from({ length: run.concurrency }, lane));
    return samples;
  }
  await inLanes(0, run.warmup);
  return inLanes(run.warmup, run.requests);
}

/** Prints the bare framework against byoc-bot, with the p99 ratios and their goals. */
export function printComparison(
  title: string,
  bare: { label: string; samples: Sample[] },
  ours: { label: string; samples: Sample[] },
  setting: string,
): void {
  const fmt = (n: number) => `${n.toFixed(1).padStart(8)} ms`;
  const width = Math.max(bare.label.length, ours.label.length) + 4;
  const row = (label: string, s: ReturnType<typeof summary>) =>
    `${label.padEnd(width)}${fmt(s.ackP50)}${fmt(s.ackP99)}${fmt(s.cardP50)}${fmt(s.cardP99)}`;
  const b = summary(bare.samples);
  const o = summary(ours.samples);
  console.log(`\n${title}\n`);
  console.log(
    `${''.padEnd(width)}${['ack p50', 'ack p99', 'card p50', 'card p99'].map((h) => h.padStart(11)).join('')}`,
  );
  console.log(row(bare.label, b));
  console.log(row(ours.label, o));
  console.log(`(${setting})`);
  console.log(
    `\nack p99 ratio ${(o.ackP99 / b.ackP99).toFixed(2)}x (goal <= 1.5x), time-to-card p99 ratio ${(o.cardP99 / b.cardP99).toFixed(2)}x (goal <= 2x)`,
  );
}
