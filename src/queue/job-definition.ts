/**
 * A job processor: one file in `jobs/` exports one as its default, made with `defineJob`. It receives the typed
 * payload, the invocation (who asked, where), a logger bound to the job and the services, and returns the card that
 * answers the person. It throws to fail: a `VendorError` decides by itself whether another attempt is worth it.
 */
import type { z } from 'zod';
import type { Card } from '../cards/card.js';
import type { Invocation } from '../chat/invocation.js';
import type { Logger } from '../log.js';
import type { Services } from '../services.js';
import { InvalidPayloadError } from './invalid-payload.js';

export interface JobContext<P> {
  payload: P;
  invocation: Invocation;
  log: Logger;
  services: Services;
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
  jobId: string;
}

/**
 * What a processor returns: the card that answers, or `NO_CARD` when the job has nothing to say where its
 * invocation points (a scheduled job whose message has moved on, e.g. an expiry for an approval already decided).
 */
export const NO_CARD = null;
export type JobResult = Card | typeof NO_CARD;

export interface JobSpec<S extends z.ZodType> {
  name: string;
  payload: S;
  process(ctx: JobContext<z.output<S>>): Promise<JobResult>;
}

/** A job with its payload type erased, as the registry and worker hold it. */
export interface JobDefinition {
  readonly name: string;
  /** Checks the payload, then runs the processor. */
  run(payload: unknown, ctx: Omit<JobContext<unknown>, 'payload'>): Promise<JobResult>;
}

export function defineJob<S extends z.ZodType>(spec: JobSpec<S>): JobDefinition {
  return {
    name: spec.name,
    async run(payload, ctx) {
      const parsed = spec.payload.safeParse(payload);
      if (!parsed.success) throw new InvalidPayloadError(spec.name, parsed.error.issues[0]?.message ?? 'invalid');
      return spec.process({ ...ctx, payload: parsed.data });
    },
  };
}
