/**
 * A job whose payload does not fit its schema: a bug or a stale job from an older release, never worth another
 * attempt. On its own so the job definitions can throw it without the retry policy importing them.
 */
import { CodedError, ERROR_CODES } from '../coded-error.js';

export function invalidPayloadError(job: string, detail: string): CodedError {
  return new CodedError({
    code: ERROR_CODES.invalidPayload,
    message: `Job "${job}" got a payload it cannot use: ${detail}`,
    retryable: false,
  });
}
