/**
 * Turns whatever the SDK rejects with into a `VendorError`. With `setReturnExtendedResponses(true)` an HTTP error
 * arrives as `{status, headers, body: ErrorBody, error}`; a login failure or a network failure arrives as the axios
 * error itself (docs/vendor-facts.md, "Genesys Cloud client"). Neither is kept as `cause`: both carry the request's
 * Authorization header (Basic client secret or Bearer token), which must never reach a log.
 */
import { VendorError } from '../vendors/vendor-error.js';

/** What `callApi` resolves or rejects with when extended responses are on. */
export interface ExtendedResponse<T = unknown> {
  status: number;
  statusText?: string;
  headers: Record<string, unknown>;
  body: T;
  text?: string;
  error?: unknown;
}

export function isExtendedResponse(x: unknown): x is ExtendedResponse {
  return (
    typeof x === 'object' && x !== null && typeof (x as { status?: unknown }).status === 'number' && 'headers' in x
  );
}

function header(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const h = headers as Record<string, unknown> & { get?: (n: string) => unknown };
  const v = typeof h.get === 'function' ? h.get(name) : (h[name] ?? h[name.toLowerCase()]);
  return v === undefined || v === null ? undefined : String(v);
}

export function retryAfterSeconds(headers: unknown): number | undefined {
  const v = header(headers, 'retry-after');
  if (v === undefined) return undefined;
  const n = Number(v);
  if (Number.isFinite(n)) return Math.max(0, n);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export function correlationIdOf(headers: unknown, body?: unknown): string | undefined {
  const fromHeader = header(headers, 'inin-correlation-id');
  if (fromHeader) return fromHeader;
  const ctx = (body as { contextId?: unknown } | undefined)?.contextId;
  return typeof ctx === 'string' ? ctx : undefined;
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[REDACTED]');
  return out;
}

/**
 * @param what what the call was for, in words ("list trunk base settings"), put in the message.
 * @param secrets values that must not appear in the message even if a server echoed them back.
 */
export function toVendorError(err: unknown, what: string, secrets: readonly string[]): VendorError {
  if (err instanceof VendorError) return err;
  if (isExtendedResponse(err)) return fromResponse(err.status, err.headers, err.body, what, secrets);
  const axiosLike = err as { response?: { status: number; headers: unknown; data: unknown }; code?: unknown };
  if (axiosLike?.response && typeof axiosLike.response.status === 'number') {
    return fromResponse(axiosLike.response.status, axiosLike.response.headers, axiosLike.response.data, what, secrets);
  }
  const code = typeof axiosLike?.code === 'string' ? axiosLike.code : 'network.error';
  return new VendorError({
    vendor: 'genesys',
    status: 0,
    code,
    message: `Genesys Cloud could not be reached to ${what} (${code})`,
  });
}

function fromResponse(status: number, headers: unknown, body: unknown, what: string, secrets: readonly string[]) {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  // ErrorBody {code, message}; the login endpoint answers in the OAuth shape {error, description}
  // (docs/vendor-facts.md, "Genesys Cloud wire conventions").
  const code = String(b['code'] ?? b['error'] ?? `http.${status}`);
  const detail = String(
    b['message'] ?? b['error_description'] ?? b['description'] ?? (typeof body === 'string' ? body : ''),
  );
  const message = scrub(`Genesys Cloud could not ${what}: ${detail || 'no details'} (HTTP ${status} ${code})`, secrets);
  return new VendorError({
    vendor: 'genesys',
    status,
    code,
    message,
    correlationId: correlationIdOf(headers, body),
    retryAfterSeconds: retryAfterSeconds(headers),
  });
}

/**
 * Genesys refused a write for a stale `version`: 409, or 400 whose message says the version "does not match the
 * current version" (both forms are handled by the CX-as-Code provider's `IsVersionMismatch`,
 * genesyscloud/util/util_retries.go; docs/vendor-facts.md, "Version conflicts").
 */
export function isVersionMismatch(err: unknown): err is VendorError {
  if (!(err instanceof VendorError) || err.vendor !== 'genesys') return false;
  return err.status === 409 || (err.status === 400 && /does not match the current version/i.test(err.message));
}
