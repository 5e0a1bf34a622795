import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
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

  it('backs off exponentially, never sooner than Retry-After, never longer than the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, vendor(503), 1000))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(1, vendor(429, 7), 1000)).toBe(7000);
    expect(retryDelayMs(4, vendor(429, 1), 1000)).toBe(8000);
    expect(retryDelayMs(1, vendor(429, 3600), 1000)).toBe(MAX_RETRY_DELAY_MS);
  });
});
