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

/** Commands received, by command name (`unknown` when none matched) and what the router decided. */
export const commandsReceived = new Counter({
  name: 'byoc_commands_received_total',
  help: 'Chat commands received, by command and outcome (enqueued, usage, denied, unknown, duplicate, vendor_missing).',
  labelNames: ['platform', 'command', 'outcome'] as const,
  registers: [registry],
});

/** Time from the request arriving to `ack()`: must stay far below Slack's 3 s. */
export const ackLatency = new Histogram({
  name: 'byoc_ack_latency_seconds',
  help: 'Time from receiving a chat request to acknowledging it.',
  labelNames: ['platform', 'kind'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3],
  registers: [registry],
});

export const jobDuration = new Histogram({
  name: 'byoc_job_duration_seconds',
  help: 'Job processing time (one attempt), by job name and outcome (completed, retry, failed).',
  labelNames: ['job', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const jobsFinished = new Counter({
  name: 'byoc_jobs_total',
  help: 'Job attempts, by job name and outcome (completed, retry, failed).',
  labelNames: ['job', 'outcome'] as const,
  registers: [registry],
});

/** Calls made to a vendor API; the vendor clients increment it. */
export const vendorCalls = new Counter({
  name: 'byoc_vendor_calls_total',
  help: 'Calls made to vendor APIs (genesys, twilio, slack, teams).',
  labelNames: ['vendor'] as const,
  registers: [registry],
});

/** Promise rejections nobody handled: logged instead of ending the process; any at all deserves a look. */
export const unhandledRejections = new Counter({
  name: 'byoc_unhandled_rejections_total',
  help: 'Promise rejections nobody handled (logged; the process keeps running).',
  registers: [registry],
});

/** Vendor calls one snapshot gathering cost: the figure that shows sharing and caching at work. */
export const snapshotVendorCalls = new Histogram({
  name: 'byoc_snapshot_vendor_calls',
  help: 'Vendor calls made to gather one snapshot, by vendor.',
  labelNames: ['vendor'] as const,
  buckets: [5, 10, 20, 50, 100, 200, 500, 1000],
  registers: [registry],
});

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
