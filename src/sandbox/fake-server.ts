import type { Faults } from './scenario.js';

/** One request a fake received, for tests that count vendor calls. */
export interface RecordedRequest {
  method: string;
  path: string;
  at: number;
}

/** What every fake vendor server offers its tests and the sandbox runner. */
export interface FakeServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** Every request received since start or the last `resetRequests()`. */
  readonly requests: readonly RecordedRequest[];
  resetRequests(): void;
  /** Change fault knobs at run time (also reachable over HTTP at `POST /__sandbox/faults`). */
  setFaults(faults: Partial<Faults>): void;
  close(): Promise<void>;
}
