/**
 * The one error type both vendor clients throw. Jobs decide retry vs. fail-now from `retryable` alone
 * (429 and 5xx and network failures retry; other 4xx are the caller's mistake and fail at once).
 * `message` is safe to show in chat: clients build it from the vendor's error body, never from credentials.
 */
import { CodedError, type Vendor } from '../coded-error.js';

export type { Vendor } from '../coded-error.js';

/** A vendor's answer (or silence) as a `CodedError`: its code is the vendor's own, and it always has a status. */
export class VendorError extends CodedError {
  declare readonly vendor: Vendor;
  /** HTTP status, or 0 when the vendor could not be reached at all. */
  declare readonly status: number;
  /** Seconds the vendor asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds?: number;

  constructor(init: {
    vendor: Vendor;
    status: number;
    /** The vendor's own code: Genesys `code` (`not.found`), Twilio error number (`20404`), or a network code. */
    code: string;
    message: string;
    correlationId?: string;
    retryAfterSeconds?: number;
    /** The vendor documents this answer as transient although its status alone would not say so (Teams' 412). */
    transient?: boolean;
    cause?: unknown;
  }) {
    // 429, 5xx and unreachable are worth another try; every other status will fail the same way again.
    const retryable = init.transient === true || init.status === 0 || init.status === 429 || init.status >= 500;
    const { transient: _transient, ...rest } = init;
    super({ ...rest, retryable });
    this.name = 'VendorError';
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** The vendor could not be reached at all (network error, timeout, not configured). */
  get unreachable(): boolean {
    return this.status === 0;
  }
}

export function isVendorError(err: unknown): err is VendorError {
  return err instanceof VendorError;
}
