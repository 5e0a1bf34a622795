/**
 * A clock tests drive by hand. `sleep` either parks until `advance()` passes its deadline, or (with
 * `autoAdvance`) moves time forward at once, so a "wait 1 s" in the code under test takes no real time.
 */
import type { Clock } from '../../src/genesys/rate-limiter.js';

export class FakeClock implements Clock {
  private t: number;
  private sleepers: { until: number; resolve: () => void }[] = [];
  /** Every sleep asked for, in ms, in order. */
  readonly slept: number[] = [];

  constructor(
    private readonly autoAdvance = false,
    start = Date.UTC(2025, 0, 1),
  ) {
    this.t = start;
  }

  now = (): number => this.t;

  sleep = (ms: number): Promise<void> => {
    this.slept.push(ms);
    if (this.autoAdvance) {
      this.advance(ms);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.sleepers.push({ until: this.t + ms, resolve }));
  };

  advance(ms: number): void {
    this.t += ms;
    const due = this.sleepers.filter((s) => s.until <= this.t);
    this.sleepers = this.sleepers.filter((s) => s.until > this.t);
    for (const s of due) s.resolve();
  }

  /** Sleeps parked, waiting for time to pass. */
  get waiting(): number {
    return this.sleepers.length;
  }
}
