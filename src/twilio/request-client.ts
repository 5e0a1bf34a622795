/**
 * The HTTP client under the official SDK. Three jobs, all in one place because the SDK sends every request (first
 * pages, next pages, every domain) through here:
 * - rewrite the origin to `TWILIO_API_URL` when set: `edge`/`region` cannot reach localhost, and v1 next-page URLs are
 *   absolute, so only a rewrite at this layer covers paging too (docs/vendor-facts.md, "Twilio SDK");
 * - retry: 429 is never processed by Twilio and always safe to retry (docs/vendor-facts.md, "Rate limits, Retry-After
 *   and the time budget"); 5xx and network failures are retried for reads only, since a write may have happened; inside
 *   a job, never past its deadline (a longer wait is handed to the job queue with the error);
 * - count every HTTP attempt, for the snapshot's `vendorCalls` and the metrics.
 * Failures leave as `VendorError`, with Twilio's code, request id and Retry-After, and without the token.
 */
import twilio from 'twilio';
import type * as RequestClientModule from 'twilio/lib/base/RequestClient.js';
import type * as ResponseModule from 'twilio/lib/http/response.js';
import { currentBudget, OUT_OF_TIME_CODE, remainingMs, unlessAborted } from '../vendors/call-budget.js';
import { VendorError } from '../vendors/vendor-error.js';
import { fromNetworkError, fromTwilioResponse } from './errors.js';

// twilio's typings are CommonJS: from ESM their default export sits on `.default`.
type RequestOptions<T> = RequestClientModule.RequestOptions<T>;
type Response<T> = ResponseModule.default<T>;

export interface TwilioRequestClientOptions {
  /** e.g. `http://127.0.0.1:4010`: every request goes to this origin, path and query kept. */
  apiUrl?: string;
  /** Per attempt; the SDK's default is 30 s. */
  timeoutMs?: number;
  /** Extra attempts after the first. */
  maxRetries?: number;
  /** First backoff step; doubles per attempt, with full jitter. */
  baseDelayMs?: number;
  /** The longest wait between attempts. A longer Retry-After is not waited out here but handed to the caller. */
  maxDelayMs?: number;
  /** Values to keep out of error messages (auth token, API secret). */
  secrets?: readonly string[];
  /** Called once per HTTP attempt. */
  onAttempt?: () => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const outOfTime = () =>
  new VendorError({ vendor: 'twilio', status: 0, code: OUT_OF_TIME_CODE, message: 'Twilio did not answer in time' });

const isOutOfTime = (err: unknown) => err instanceof VendorError && err.code === OUT_OF_TIME_CODE;

export function rewriteOrigin(uri: string, apiUrl: string): string {
  const u = new URL(uri);
  const base = new URL(apiUrl);
  u.protocol = base.protocol;
  u.host = base.host;
  return u.toString();
}

export class TwilioRequestClient extends twilio.RequestClient {
  private readonly apiUrl?: string;
  private readonly retryLimit: number;
  private readonly baseDelay: number;
  private readonly maxDelay: number;
  private readonly secrets: readonly string[];
  private readonly onAttempt?: () => void;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(opts: TwilioRequestClientOptions = {}) {
    // The SDK's own autoRetry stays off: it retries 429 only and ignores Retry-After (docs/vendor-facts.md, "Twilio
    // SDK").
    super({ timeout: opts.timeoutMs ?? 15_000, autoRetry: false });
    this.apiUrl = opts.apiUrl;
    this.retryLimit = opts.maxRetries ?? 3;
    this.baseDelay = opts.baseDelayMs ?? 200;
    this.maxDelay = opts.maxDelayMs ?? 5_000;
    this.secrets = opts.secrets ?? [];
    this.onAttempt = opts.onAttempt;
    this.sleep = opts.sleep ?? defaultSleep;
    this.random = opts.random ?? Math.random;
  }

  override async request<TData>(opts: RequestOptions<TData>): Promise<Response<TData>> {
    const uri = this.apiUrl ? rewriteOrigin(opts.uri, this.apiUrl) : opts.uri;
    const isRead = opts.method.toLowerCase() === 'get';
    // Inside a job, no wait outlives its deadline (src/vendors/call-budget.ts): what would is left to the job queue.
    const budget = currentBudget();
    const within = <R>(work: Promise<R>) => unlessAborted(work, budget?.signal, outOfTime);
    for (let attempt = 0; ; attempt++) {
      this.onAttempt?.();
      let res: Response<TData>;
      try {
        res = await within(super.request<TData>({ ...opts, uri }));
      } catch (err) {
        if (isOutOfTime(err)) throw err;
        const error = fromNetworkError(err, this.secrets);
        const wait = this.backoff(attempt);
        if (!isRead || attempt >= this.retryLimit || wait >= remainingMs(budget)) throw error;
        await within(this.sleep(wait));
        continue;
      }
      if (res.statusCode < 400) return res;
      const error = fromTwilioResponse(res.statusCode, res.headers, res.body, this.secrets);
      const retryable = res.statusCode === 429 || (isRead && res.statusCode >= 500);
      if (!retryable || attempt >= this.retryLimit) throw error;
      const asked = error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
      if (asked !== undefined && asked > this.maxDelay) throw error;
      const wait = asked ?? this.backoff(attempt);
      if (wait >= remainingMs(budget)) throw error;
      await within(this.sleep(wait));
    }
  }

  /** Full-jitter exponential backoff, capped. */
  private backoff(attempt: number): number {
    return Math.floor(this.random() * Math.min(this.maxDelay, this.baseDelay * 2 ** attempt));
  }
}
