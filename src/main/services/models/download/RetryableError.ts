/**
 * A failure worth retrying after a pause (dropped connection, 5xx, 429, a stalled transfer).
 * Internal to the downloader: once the retries run out it becomes a `DownloadError` (`network`).
 */
export class RetryableError extends Error {
  constructor(
    message: string,
    /** How long the server asked us to wait (`Retry-After`), if it did. */
    readonly retryAfterMs?: number,
    /** The HTTP status, when the failure was an HTTP answer. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RetryableError';
  }
}
