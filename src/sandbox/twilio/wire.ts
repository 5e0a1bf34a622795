/**
 * Twilio's wire conventions that every fake route shares (docs/vendor-facts.md, "Twilio REST conventions"): the two
 * date formats the SDK parses with one fixed pattern each, the legacy error body, and sid minting.
 */
import { randomBytes } from 'node:crypto';
import { CodedError, ERROR_CODES, hasCode } from '../../coded-error.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** v1 (Trunking, Insights, Monitor): `YYYY-MM-DDTHH:mm:ssZ`, no milliseconds, or the SDK keeps the raw string. */
export function isoDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** 2010 API: `ddd, DD MMM YYYY HH:mm:ss +0000` (RFC 2822, always UTC). */
export function rfc2822Date(d: Date): string {
  return (
    `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  );
}

/** Whole seconds: Twilio timestamps carry none, and a round trip through either format must not change a date. */
export function wholeSeconds(ms: number): Date {
  return new Date(Math.floor(ms / 1000) * 1000);
}

/** A fresh sid for objects created at run time: prefix + 32 hex digits. */
export function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/**
 * A failure a route answers with (`sandbox.twilio-answer`): Twilio's HTTP status and error number; the server turns
 * it into Twilio's legacy error body. The same request would be refused again, so it is not retryable.
 */
export type TwilioHttpError = CodedError<{ twilioCode: number }> & { readonly status: number };

export function twilioHttpError(status: number, twilioCode: number, message: string): TwilioHttpError {
  return new CodedError({
    code: ERROR_CODES.twilioFakeAnswer,
    message,
    retryable: false,
    vendor: 'twilio',
    status,
    details: { twilioCode },
  }) as TwilioHttpError;
}

/** `err` when a route threw it to answer with a Twilio error, else undefined. */
export function twilioHttpErrorOf(err: unknown): TwilioHttpError | undefined {
  return hasCode(err, ERROR_CODES.twilioFakeAnswer) ? (err as TwilioHttpError) : undefined;
}

export function errorBody(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** The legacy error body a route's refusal is answered with. */
export function errorBodyOf(err: TwilioHttpError): TwilioErrorBody {
  return errorBody(err.status, err.details.twilioCode, err.message);
}

export const notFound = (path: string) => twilioHttpError(404, 20404, `The requested resource ${path} was not found`);

/** 20001 is Twilio's "invalid parameter" error, also used for a missing one. */
export const invalidParameter = (message: string) => twilioHttpError(400, 20001, message);

export function requireParam(form: URLSearchParams, name: string): string {
  const v = form.get(name);
  if (v === null || v === '') throw invalidParameter(`Missing required parameter ${name} in the post body`);
  return v;
}

/** Booleans arrive as `true`/`false` strings (docs/vendor-facts.md, "Twilio REST conventions"). */
export function boolParam(form: URLSearchParams, name: string): boolean | undefined {
  const v = form.get(name);
  if (v === null) return undefined;
  if (v === 'true' || v === 'True') return true;
  if (v === 'false' || v === 'False') return false;
  throw invalidParameter(`Invalid parameter ${name}: expected true or false`);
}

export function intParam(form: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const v = form.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw invalidParameter(`Invalid parameter ${name}: an integer from ${min} to ${max}`);
  }
  return n;
}
