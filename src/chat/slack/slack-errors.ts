/**
 * Slack Web API failures as `VendorError`s, so the retry policy treats Slack like any vendor: a refused call
 * (`channel_not_found`) fails now, a 429 waits for Retry-After, a 5xx or a network failure retries.
 */
import { webApi } from '@slack/bolt';
import { VendorError } from '../../vendors/vendor-error.js';

const { ErrorCode } = webApi;

function isSlackCallError(err: unknown): err is webApi.WebAPICallError {
  const code = (err as { code?: unknown } | undefined)?.code;
  return (
    code === ErrorCode.PlatformError ||
    code === ErrorCode.HTTPError ||
    code === ErrorCode.RateLimitedError ||
    code === ErrorCode.RequestError
  );
}

export function slackVendorError(err: unknown): unknown {
  if (!isSlackCallError(err)) return err;
  switch (err.code) {
    case ErrorCode.RateLimitedError:
      return new VendorError({
        vendor: 'slack',
        status: 429,
        code: 'ratelimited',
        message: `Slack is rate limiting this app; retry after ${err.retryAfter}s`,
        retryAfterSeconds: err.retryAfter,
        cause: err,
      });
    case ErrorCode.HTTPError:
      return new VendorError({
        vendor: 'slack',
        status: err.statusCode,
        code: `http_${err.statusCode}`,
        message: `Slack answered HTTP ${err.statusCode} ${err.statusMessage}`,
        cause: err,
      });
    case ErrorCode.PlatformError:
      // Slack says ok:false with HTTP 200; the request itself is wrong, so it is a 4xx in our terms.
      return new VendorError({
        vendor: 'slack',
        status: 400,
        code: err.data.error,
        message: `Slack refused the call: ${err.data.error}`,
        cause: err,
      });
    case ErrorCode.RequestError:
      return new VendorError({
        vendor: 'slack',
        status: 0,
        code: (err.original as { code?: string }).code ?? 'request_error',
        message: 'Slack could not be reached',
        cause: err,
      });
  }
}

/** Runs a Slack call and rethrows its failure as a `VendorError`. */
export async function slackCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw slackVendorError(err);
  }
}
