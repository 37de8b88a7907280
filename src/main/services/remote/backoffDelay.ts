/** The retry settings backoffDelay reads. */
export interface BackoffSettings {
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

/**
 * How long to wait before retry number `retry` (1 for the first): what the server asked for
 * (Retry-After) when it asked, else an exponential pause with "equal jitter" (between half and
 * all of `retryDelayMs · 2^(retry-1)`), so that many clients refused at once do not come back at
 * once. Null when the server asks for more than `maxRetryDelayMs`: better to fail and say so
 * than to hang a run silently.
 */
export function backoffDelay(
  retry: number,
  settings: BackoffSettings,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | null {
  if (retryAfterMs !== undefined) return retryAfterMs <= settings.maxRetryDelayMs ? retryAfterMs : null;
  const ceiling = Math.min(settings.maxRetryDelayMs, settings.retryDelayMs * 2 ** (retry - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}
