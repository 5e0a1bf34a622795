/**
 * Twilio answers -> `VendorError`. An HTTP error carries the legacy body `{code, message, more_info, status}`
 * (docs/vendor-facts.md, "Twilio REST conventions"); a network failure arrives as the axios error. Neither is kept as
 * `cause`: the axios request config holds the Authorization header (Basic account sid + auth token), which must never
 * reach a log.
 */
import { VendorError } from '../vendors/vendor-error.js';

export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[REDACTED]');
  return out;
}

function header(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const h = headers as Record<string, unknown>;
  const v = h[name] ?? h[name.toLowerCase()];
  return v === undefined || v === null ? undefined : String(v);
}

/**
 * `Retry-After` in seconds or as an HTTP date; Twilio documents it only for some APIs (docs/vendor-facts.md, "Rate
 * limits, Retry-After and the time budget").
 */
export function retryAfterSeconds(headers: unknown, nowMs = Date.now()): number | undefined {
  const v = header(headers, 'retry-after');
  if (v === undefined) return undefined;
  const n = Number(v);
  if (Number.isFinite(n)) return Math.max(0, n);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/** An HTTP answer of 400 or more. */
export function fromTwilioResponse(
  status: number,
  headers: unknown,
  body: unknown,
  secrets: readonly string[],
): VendorError {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
  }
  const b = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { code?: unknown; message?: unknown };
  const message = typeof b.message === 'string' && b.message ? b.message : `Twilio answered HTTP ${status}`;
  return new VendorError({
    vendor: 'twilio',
    status,
    code: b.code === undefined || b.code === null ? String(status) : String(b.code),
    message: scrub(message, secrets),
    correlationId: header(headers, 'twilio-request-id'),
    retryAfterSeconds: retryAfterSeconds(headers),
  });
}

/** No HTTP answer at all: refused, reset, timed out. */
export function fromNetworkError(err: unknown, secrets: readonly string[]): VendorError {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : 'NETWORK_ERROR';
  const detail = typeof e?.message === 'string' ? e.message : String(err);
  return new VendorError({
    vendor: 'twilio',
    status: 0,
    code,
    message: scrub(`Twilio could not be reached: ${detail}`, secrets),
  });
}

/**
 * Whatever a client call rejected with. The request client already turns HTTP and network failures into
 * `VendorError`; the SDK's own `RestException` (e.g. a page answered with a non-200) is mapped here too.
 */
export function toTwilioVendorError(err: unknown, secrets: readonly string[]): unknown {
  if (err instanceof VendorError) return err;
  const rest = err as { status?: unknown; code?: unknown; message?: unknown; moreInfo?: unknown };
  if (typeof rest?.status === 'number' && rest.status >= 400) {
    return fromTwilioResponse(rest.status, {}, { code: rest.code, message: rest.message }, secrets);
  }
  if (typeof rest?.code === 'string' && /^E[A-Z]+$/.test(rest.code)) return fromNetworkError(err, secrets);
  // A programming error (a bad argument to the SDK), not a vendor answer: let it surface as itself.
  return err;
}
