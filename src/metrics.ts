/**
 * Prometheus metrics (prom-client), one registry for the process, served at `GET /metrics`.
 *
 * The metric objects are module-level so any module can count without plumbing (a vendor client does
 * `vendorCalls.inc({ vendor: 'twilio' })`). Queue depth is read from Redis when scraped, by whoever registered the
 * queue with `watchQueueDepth`.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'byoc_' });

/** A counter in the process's registry. */
function counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
  return new Counter({ name, help, labelNames, registers: [registry] });
}

/** A histogram in the process's registry, with buckets chosen for what it measures. */
function histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) {
  return new Histogram<L>({ name, help, labelNames, buckets, registers: [registry] });
}

/** Commands received, by command name (`unknown` when none matched) and what the router decided. */
export const commandsReceived = counter(
  'byoc_commands_received_total',
  'Chat commands received, by command and outcome (enqueued, usage, denied, unknown, duplicate, vendor_missing).',
  ['platform', 'command', 'outcome'],
);

/** Time from the request arriving to `ack()`: must stay far below Slack's 3 s. */
export const ackLatency = histogram(
  'byoc_ack_latency_seconds',
  'Time from receiving a chat request to acknowledging it.',
  ['platform', 'kind'],
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3],
);

export const jobDuration = histogram(
  'byoc_job_duration_seconds',
  'Job processing time (one attempt), by job name and outcome (completed, retry, failed).',
  ['job', 'outcome'],
  [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
);

export const jobsFinished = counter(
  'byoc_jobs_total',
  'Job attempts, by job name and outcome (completed, retry, failed; abandoned: added after its enqueue timed out, not run; interrupted: handed back to the queue by a shutdown).',
  ['job', 'outcome'],
);

/** Calls made to a vendor API; the vendor clients increment it. */
export const vendorCalls = counter(
  'byoc_vendor_calls_total',
  'Calls made to vendor APIs (genesys, twilio, slack, teams).',
  ['vendor'],
);

/** Promise rejections nobody handled: logged instead of ending the process; any at all deserves a look. */
export const unhandledRejections = counter(
  'byoc_unhandled_rejections_total',
  'Promise rejections nobody handled (logged; the process keeps running).',
  [],
);

/** Vendor calls one snapshot gathering cost: the figure that shows sharing and caching at work. */
export const snapshotVendorCalls = histogram(
  'byoc_snapshot_vendor_calls',
  'Vendor calls made to gather one snapshot, by vendor.',
  ['vendor'],
  [5, 10, 20, 50, 100, 200, 500, 1000],
);

type DepthReader = () => Promise<Record<string, number>>;
const depthReaders = new Map<string, DepthReader>();

export const queueDepth = new Gauge({
  name: 'byoc_queue_depth',
  help: 'Jobs in the queue, by state (waiting, active, delayed, failed), read from Redis at scrape time.',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    for (const [queue, read] of depthReaders) {
      try {
        const counts = await read();
        for (const [state, n] of Object.entries(counts)) this.set({ queue, state }, n);
      } catch {
        // Redis unreachable: /readyz reports it; a scrape must still answer.
      }
    }
  },
});

/** Registers a queue whose depth `byoc_queue_depth` reports; returns a function that stops reporting it. */
export function watchQueueDepth(queue: string, read: DepthReader): () => void {
  depthReaders.set(queue, read);
  return () => {
    if (depthReaders.get(queue) === read) depthReaders.delete(queue);
  };
}
