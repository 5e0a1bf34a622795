/**
 * A job processor: one file in `jobs/` exports one as its default, made with `defineJob`. It receives the typed
 * payload, the invocation (who asked, where), a logger bound to the job and the services it declared in `uses`
 * (only those), and returns the card that answers the person. It throws to fail: a `VendorError` decides by itself
 * whether another attempt is worth it.
 *
 * The definition is also how a command or a button asks for the job: `statusJob.request({ fresh: true })` names the
 * job and types its payload from the one schema, so neither the name nor the payload's shape is written twice.
 */
import type { z } from 'zod';
import type { Card } from '../cards/card.js';
import type { Invocation } from '../chat/invocation.js';
import type { Logger } from '../log.js';
import type { Services } from '../services.js';
import { invalidPayloadError } from './invalid-payload.js';
import type { JobRequest } from './job-request.js';

export type ServiceName = keyof Services;

export interface JobContext<P, U extends Partial<Services> = Services> {
  payload: P;
  invocation: Invocation;
  log: Logger;
  /** The services the job declared in `uses`, and no others. */
  services: U;
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
  jobId: string;
  /**
   * Aborts when this attempt's time is up (JOB_TIMEOUT_SECONDS). The vendor clients and the
   * snapshot waiter already honour it (src/vendors/call-budget.ts); a job that waits on anything else passes it on.
   */
  signal: AbortSignal;
  /** When this attempt's time is up, in ms since the epoch. */
  deadline: number;
}

/**
 * What a processor returns: the card that answers, or `NO_CARD` when the job has nothing to say where its
 * invocation points (a scheduled job whose message has moved on, e.g. an expiry for an approval already decided).
 */
export const NO_CARD = null;
export type JobResult = Card | typeof NO_CARD;

/**
 * Which queue a job waits in. A vendor that stops answering holds every slot of the vendor lane until the jobs'
 * deadlines; jobs that call neither Genesys nor Twilio (help, audit, the watch overview) wait in a lane of their own
 * with its own worker, so they are answered at once whatever the vendors do.
 */
export type JobLane = 'vendor' | 'local';

export interface JobSpec<S extends z.ZodType, K extends ServiceName> {
  name: string;
  payload: S;
  /** `local` for a job that calls no vendor, directly or through a snapshot; default `vendor`. */
  lane?: JobLane;
  /** The services the processor uses; it receives these and no others (so a job's reach is read in one line). */
  uses: readonly K[];
  process(ctx: JobContext<z.output<S>, Pick<Services, K>>): Promise<JobResult>;
}

/** A job with its processor's types erased, as the registry and worker hold it; `In` types what `request` takes. */
export interface JobDefinition<In = unknown> {
  readonly name: string;
  readonly uses: readonly ServiceName[];
  readonly lane: JobLane;
  /** What a command or button enqueues to run this job (method syntax: a registry holds every job as one type). */
  request(payload: In): JobRequest;
  /** Checks the payload, then runs the processor with the services it declared. */
  run(payload: unknown, ctx: Omit<JobContext<unknown>, 'payload'>): Promise<JobResult>;
}

export function defineJob<S extends z.ZodType, K extends ServiceName = never>(
  spec: JobSpec<S, K>,
): JobDefinition<z.input<S>> {
  return {
    name: spec.name,
    uses: spec.uses,
    request: (payload) => ({ name: spec.name, payload }),
    lane: spec.lane ?? 'vendor',
    async run(payload, ctx) {
      const parsed = spec.payload.safeParse(payload);
      if (!parsed.success) throw invalidPayloadError(spec.name, parsed.error.issues[0]?.message ?? 'invalid');
      return spec.process({ ...ctx, services: pickServices(ctx.services, spec.uses), payload: parsed.data });
    },
  };
}

export function pickServices<K extends ServiceName>(services: Services, names: readonly K[]): Pick<Services, K> {
  const picked: Partial<Pick<Services, K>> = {};
  for (const name of names) picked[name] = services[name];
  return picked as Pick<Services, K>;
}
