/**
 * A job whose payload does not fit its schema: a bug or a stale job from an older release, never worth another
 * attempt. On its own so the retry policy can tell it apart without importing the job definitions (and, through
 * them, everything a job may use).
 */
export class InvalidPayloadError extends Error {
  constructor(job: string, detail: string) {
    super(`Job "${job}" got a payload it cannot use: ${detail}`);
    this.name = 'InvalidPayloadError';
  }
}
