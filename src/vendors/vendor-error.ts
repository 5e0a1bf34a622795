/**
 * The one error type both vendor clients throw. Jobs decide retry vs. fail-now from `retryable` alone
 * (429 and 5xx and network failures retry; other 4xx are the caller's mistake and fail at once).
 * `message` is safe to show in chat: clients build it from the vendor's error body, never from credentials.
 */
export type Vendor = 'genesys' | 'twilio' | 'slack' | 'teams';

export class VendorError extends Error {
  readonly vendor: Vendor;
  /** HTTP status, or 0 when the vendor could not be reached at all. */
  readonly status: number;
  /** The vendor's own code: Genesys `code` (`not.found`), Twilio error number (`20404`), or a network code. */
  readonly code: string;
  readonly correlationId?: string;
  /** Seconds the vendor asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds?: number;
  /** The vendor documents this answer as transient although its status alone would not say so (Teams' 412). */
  private readonly transient: boolean;

  constructor(init: {
    vendor: Vendor;
    status: number;
    code: string;
    message: string;
    correlationId?: string;
    retryAfterSeconds?: number;
    transient?: boolean;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.name = 'VendorError';
    this.vendor = init.vendor;
    this.status = init.status;
    this.code = init.code;
    this.correlationId = init.correlationId;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.transient = init.transient ?? false;
  }

  /** 429, 5xx, unreachable and documented-transient answers are worth another try; other statuses fail again. */
  get retryable(): boolean {
    return this.transient || this.status === 0 || this.status === 429 || this.status >= 500;
  }

  /** The vendor could not be reached at all (network error, timeout, not configured). */
  get unreachable(): boolean {
    return this.status === 0;
  }
}

export function isVendorError(err: unknown): err is VendorError {
  return err instanceof VendorError;
}
