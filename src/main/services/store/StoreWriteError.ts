import { UserFacingError } from '../../../shared/result';
import { describeStoreError, isDiskFull } from './describeStoreError';

/**
 * A write to the store failed and was rolled back: what could not be saved, where, and why.
 * User-facing, so the API passes on its words and hint rather than calling it a bug.
 */
export class StoreWriteError extends UserFacingError {
  constructor(
    readonly file: string,
    /** What was being saved, e.g. "the result of case c3 of Q4_0". */
    readonly what: string,
    cause: unknown,
    /** Rolling back failed too (the connection is broken); said after the cause, which matters more. */
    rollbackError?: unknown,
  ) {
    const rollback = rollbackError === undefined ? '' : ` (rolling back then failed too: ${describeStoreError(rollbackError)})`;
    super(
      'unavailable',
      `Could not save ${what} to the store ${file}: ${describeStoreError(cause)}${rollback}.`,
      isDiskFull(cause)
        ? `Free some space on the disk that holds ${file}, then resume: everything saved before this is kept.`
        : `Nothing saved before this was lost; check the disk that holds ${file}, then resume.`,
    );
    this.name = 'StoreWriteError';
    this.cause = cause;
  }
}
