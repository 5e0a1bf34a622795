/**
 * Why a change job gives up without another attempt. Both are expected outcomes a person can act on, so the
 * approval is marked failed with their message (safe for chat: no credentials, no vendor internals).
 */

/** Genesys refused the write twice for a stale `version`: someone else keeps changing the same object. */
export class ChangeConflictError extends Error {
  readonly code = 'change.conflict';
  constructor(
    readonly what: string,
    readonly correlationId?: string,
  ) {
    super(
      `${what} was changed by someone else while the bot was writing it, twice in a row (Genesys refused the ` +
        'version it was read with). Nothing more was written: check its current state and ask again.',
    );
    this.name = 'ChangeConflictError';
  }
}

/** What the approver approved no longer fits the vendor's state (a number now owned elsewhere, a target gone). */
export class ChangeRefusedError extends Error {
  readonly code = 'change.refused';
  constructor(message: string) {
    super(message);
    this.name = 'ChangeRefusedError';
  }
}

export function isChangeError(err: unknown): err is ChangeConflictError | ChangeRefusedError {
  return err instanceof ChangeConflictError || err instanceof ChangeRefusedError;
}
