import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { deliverCard } from '../../src/chat/invocation.js';
import { CodedError, ERROR_CODES, isCodedError } from '../../src/coded-error.js';
import { invalidPayloadError } from '../../src/queue/invalid-payload.js';
import { forBullmq, isRetryable, MAX_RETRY_DELAY_MS, retryDelayMs } from '../../src/queue/retry-policy.js';
import { VendorError } from '../../src/vendors/vendor-error.js';

const vendor = (status: number, retryAfterSeconds?: number) =>
  new VendorError({ vendor: 'genesys', status, code: 'x', message: 'm', retryAfterSeconds });

describe('which failures are tried again', () => {
  it('a 4xx fails now; 429, 5xx and unreachable retry', () => {
    expect(forBullmq(vendor(404))).toBeInstanceOf(UnrecoverableError);
    expect(forBullmq(vendor(400)).message).toBe('m');
    expect(isRetryable(vendor(429))).toBe(true);
    expect(isRetryable(vendor(503))).toBe(true);
    expect(isRetryable(vendor(0))).toBe(true);
    expect(forBullmq(vendor(503))).toBeInstanceOf(VendorError);
  });

  it('one coded error decides by itself: retryable or not, whatever its kind', async () => {
    expect(isRetryable(new CodedError({ code: 'x.later', message: 'm', retryable: true }))).toBe(true);
    expect(forBullmq(new CodedError({ code: 'x.never', message: 'm', retryable: false }))).toBeInstanceOf(
      UnrecoverableError,
    );
    const invalid = invalidPayloadError('status', 'fresh: expected boolean');
    expect(invalid).toMatchObject({ code: ERROR_CODES.invalidPayload, retryable: false });
    expect(isRetryable(invalid)).toBe(false);
    const noDelivery = await deliverCard({}, { platform: 'teams' }, { title: 't', status: 'info' }).catch(
      (e: unknown) => e,
    );
    expect(noDelivery).toMatchObject({ code: ERROR_CODES.noDelivery, retryable: false });
    expect(isRetryable(noDelivery)).toBe(false);
    // A vendor's error is a coded error too, with the vendor and its HTTP status.
    const rateLimited = vendor(429, 5);
    expect(isCodedError(rateLimited)).toBe(true);
    expect(rateLimited).toMatchObject({ vendor: 'genesys', status: 429, code: 'x', retryable: true });
    // A status the vendor documents as transient (Teams' 412) is retried although a 4xx.
    expect(
      isRetryable(new VendorError({ vendor: 'teams', status: 412, code: '412', message: 'm', transient: true })),
    ).toBe(true);
    expect(isRetryable(new VendorError({ vendor: 'teams', status: 412, code: '412', message: 'm' }))).toBe(false);
    // Something thrown that is not a coded error (a bug, a library's error) is tried again, like a transient one.
    expect(isRetryable(new TypeError('boom'))).toBe(true);
  });

  it.each(Object.entries(ERROR_CODES))('%s (%s) is retried exactly when it says it is retryable', (_name, code) => {
    for (const retryable of [true, false]) {
      // Vendor and status say nothing to the policy: a 503 marked not retryable fails now, a 404 marked retryable waits.
      for (const status of [undefined, 404, 503]) {
        const err = new CodedError({ code, message: 'm', retryable, vendor: 'genesys', status });
        expect(isRetryable(err)).toBe(retryable);
        expect(forBullmq(err) instanceof UnrecoverableError).toBe(!retryable);
      }
    }
  });

  it('backs off exponentially, never sooner than Retry-After, never longer than the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, vendor(503), 1000))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(1, vendor(429, 7), 1000)).toBe(7000);
    expect(retryDelayMs(4, vendor(429, 1), 1000)).toBe(8000);
    expect(retryDelayMs(1, vendor(429, 3600), 1000)).toBe(MAX_RETRY_DELAY_MS);
  });
});
