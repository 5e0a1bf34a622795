/**
 * Why a change job gives up without another attempt. Both are expected outcomes a person can act on, so the
 * approval is marked failed with their message (safe for chat: no credentials, no vendor internals).
 */
import { CodedError, ERROR_CODES, hasCode } from '../coded-error.js';

/** Genesys refused the write twice for a stale `version`: someone else keeps changing the same object. */
export function changeConflictError(what: string, correlationId?: string): CodedError {
  return new CodedError({
    code: ERROR_CODES.changeConflict,
    message:
      `${what} was changed by someone else while the bot was writing it, twice in a row (Genesys refused the ` +
      'version it was read with). Nothing more was written: check its current state and ask again.',
    retryable: false,
    vendor: 'genesys',
    ...(correlationId ? { correlationId } : {}),
  });
}

/** What the approver approved no longer fits the vendor's state (a number now owned elsewhere, a target gone). */
export function changeRefusedError(message: string): CodedError {
  return new CodedError({ code: ERROR_CODES.changeRefused, message, retryable: false });
}

export function isChangeError(err: unknown): err is CodedError {
  return hasCode(err, ERROR_CODES.changeConflict) || hasCode(err, ERROR_CODES.changeRefused);
}
