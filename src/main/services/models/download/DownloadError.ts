import { UserFacingError, type ApiErrorCode } from '../../../../shared/result';

/**
 * Why a model download failed, precise enough for the UI to offer the right fix
 * (ask for a token, fix the reference, delete a file, try again later).
 */
export type DownloadErrorReason =
  /** The reference could not be understood (wrong form, not a `.gguf` file, bad endpoint). */
  | 'bad_reference'
  /** HTTP 401: the server wants credentials (on Hugging Face: a token, or the repo does not exist). */
  | 'unauthorized'
  /** HTTP 403: credentials were sent but do not grant access (gated or private repo). */
  | 'forbidden'
  /** HTTP 404 / 410: nothing at that address. */
  | 'not_found'
  /** Any other HTTP status that retrying will not fix. */
  | 'http_error'
  /** The connection kept failing (or the server kept answering 5xx) after every retry. */
  | 'network'
  /** The first bytes are not the GGUF magic: an HTML page, a different format, a wrong link. */
  | 'not_gguf'
  /** The server's size disagrees with the expected size, or it sent more bytes than announced. */
  | 'size_mismatch'
  /** The finished file's SHA-256 is not the expected one. */
  | 'hash_mismatch'
  /** The destination file already exists and `overwrite` was not set. */
  | 'exists'
  /** The same file is already being downloaded into the same folder by another call. */
  | 'in_progress'
  /** Writing to the destination folder failed (disk full, permissions). */
  | 'filesystem';

const apiCodes: Record<DownloadErrorReason, Exclude<ApiErrorCode, 'internal' | 'unknown_call'>> = {
  bad_reference: 'invalid_input',
  unauthorized: 'unavailable',
  forbidden: 'unavailable',
  not_found: 'not_found',
  http_error: 'unavailable',
  network: 'unavailable',
  not_gguf: 'invalid_input',
  size_mismatch: 'unavailable',
  hash_mismatch: 'unavailable',
  exists: 'conflict',
  in_progress: 'conflict',
  filesystem: 'unavailable',
};

/**
 * A download failure the user can act on. It is a `UserFacingError`, so the router passes
 * `message` and `hint` through; `reason` lets callers branch without parsing text.
 */
export class DownloadError extends UserFacingError {
  /** The HTTP status behind the failure, when there was one. */
  readonly status: number | undefined;

  constructor(
    /** The specific failure; see `DownloadErrorReason`. */
    readonly reason: DownloadErrorReason,
    message: string,
    hint?: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(apiCodes[reason], message, hint);
    this.name = 'DownloadError';
    if (options?.cause !== undefined) this.cause = options.cause;
    this.status = options?.status;
  }
}
