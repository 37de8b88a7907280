/** What every call across the API boundary returns: a value or an error, never a thrown exception. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Machine-readable reason a call failed. */
export type ApiErrorCode = 'invalid_input' | 'unknown_call' | 'not_found' | 'conflict' | 'unavailable' | 'internal';

/** An error as the user sees it: what went wrong and, where we know, what to do about it. */
export interface ApiError {
  code: ApiErrorCode;
  message: string;
  hint?: string;
}

export function ok<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

export function fail(code: ApiErrorCode, message: string, hint?: string): { ok: false; error: ApiError } {
  return hint === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, hint } };
}

/**
 * Thrown inside services when the user (not the program) is at fault, so the router can pass
 * the message through as is. Any other exception becomes an `internal` error.
 */
export class UserFacingError extends Error {
  constructor(
    readonly code: Exclude<ApiErrorCode, 'internal' | 'unknown_call'>,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}
