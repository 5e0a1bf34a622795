/**
 * The one error type of the bot, after bolt-js's `CodedError` (`@slack/bolt`, src/errors.ts: every error it throws
 * carries a `code` from one list): a stable code a program can test, a message a person can read, and whether
 * another attempt may succeed. A vendor's error also says which vendor and, when there was an answer, its HTTP
 * status. The retry policy reads `retryable` alone; cards read the message, which is built without secrets.
 *
 * It is defined here, in the domain, because the domain throws it too (a dialed string that is not a number, an org
 * file that does not fit) and the domain imports nothing outside itself; src/coded-error.ts re-exports it with the
 * codes of every layer. This module imports nothing.
 */

/** Whose answer (or silence) an error reports. */
export type Vendor = 'genesys' | 'twilio' | 'slack' | 'teams';

export interface CodedErrorInit<Details = unknown> {
  /** Stable and dotted, e.g. `job.invalid-payload`, or the vendor's own code (`not.found`, `20404`). */
  code: string;
  /** For people: what went wrong, safe to show in chat. */
  message: string;
  /** Whether the same work may succeed if tried again later. */
  retryable: boolean;
  vendor?: Vendor;
  /** The vendor's HTTP status; 0 when it could not be reached at all. */
  status?: number;
  /** The vendor's id of the request (ININ-Correlation-Id, Twilio-Request-Id), to find it on their side. */
  correlationId?: string;
  /** What a program reading the error needs besides its message (the refused approval, the bad variables). */
  details?: Details;
  cause?: unknown;
}

export class CodedError<Details = unknown> extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly vendor?: Vendor;
  readonly status?: number;
  readonly correlationId?: string;
  /** Typed by whoever makes the error; a reader narrows with that module's guard (`configErrorOf`, …). */
  readonly details: Details;

  constructor(init: CodedErrorInit<Details>) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'CodedError';
    this.code = init.code;
    this.retryable = init.retryable;
    this.details = init.details as Details;
    if (init.vendor !== undefined) this.vendor = init.vendor;
    if (init.status !== undefined) this.status = init.status;
    if (init.correlationId !== undefined) this.correlationId = init.correlationId;
  }
}

export function isCodedError(err: unknown): err is CodedError {
  return err instanceof CodedError;
}

/** True for a `CodedError` with this code. */
export function hasCode(err: unknown, code: string): err is CodedError {
  return isCodedError(err) && err.code === code;
}

/** The codes of the domain's own errors; src/coded-error.ts lists them with every other layer's. */
export const DOMAIN_ERROR_CODES = {
  /** A dialed string that is empty. */
  dialEmpty: 'dial.empty',
  /** A dialed string with letters (and not a SIP address). */
  dialLetters: 'dial.letters',
  /** A dialed string with characters a number cannot have. */
  dialInvalidCharacters: 'dial.invalid-characters',
  /** A number no plan of the site matches. */
  dialUnclassifiable: 'dial.unclassifiable',
  /** BYOC_ORG_CONFIG names a file that cannot be read or does not fit its schema. */
  orgConfig: 'config.org-file',
} as const;
