import { DownloadError } from './DownloadError';
import { RetryableError } from './RetryableError';
import { displayUrl } from './displayUrl';

/** What `httpStatusError` needs to know to word its message. */
export interface HttpStatusContext {
  /** The file's URL (before redirects), shown without its query string. */
  url: string;
  /** Whether the request went to Hugging Face, where 401/403 have a known meaning and fix. */
  huggingFace: boolean;
  /** Whether a Hugging Face token was sent. */
  hasToken: boolean;
}

const tokenPage = 'https://huggingface.co/settings/tokens';

/**
 * Turns an unsuccessful HTTP answer into the error to throw: a `RetryableError` for statuses
 * that may pass (408, 425, 429, 5xx), otherwise a `DownloadError` that says what to do.
 */
export function httpStatusError(response: Response, context: HttpStatusContext): DownloadError | RetryableError {
  const { status } = response;
  const where = displayUrl(context.url);
  const what = `HTTP ${status}${response.statusText === '' ? '' : ` ${response.statusText}`}`;
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    return new RetryableError(`${where} answered ${what}.`, retryAfterMs(response.headers.get('retry-after')), status);
  }
  const fail = (reason: ConstructorParameters<typeof DownloadError>[0], message: string, hint: string): DownloadError =>
    new DownloadError(reason, message, hint, { status });
  switch (status) {
    case 401:
      if (!context.huggingFace) {
        return fail(
          'unauthorized',
          `${where} needs credentials (${what}), which Evalbench does not send to this server.`,
          'Use a public link, or download the file yourself and add it from disk.',
        );
      }
      return context.hasToken
        ? fail(
            'unauthorized',
            `Hugging Face rejected the token for ${where} (${what}).`,
            `Check that HF_TOKEN is a valid, unexpired token (${tokenPage}), and that the repository name is right.`,
          )
        : fail(
            'unauthorized',
            `${where} needs a Hugging Face token: set HF_TOKEN (${what}).`,
            `Create a read token at ${tokenPage} and set HF_TOKEN. If the repository is public, check its owner and name: Hugging Face answers 401 for repositories that do not exist.`,
          );
    case 403:
      return context.huggingFace
        ? fail(
            'forbidden',
            `Access to ${where} is denied (${what}): the repository is gated or private.`,
            context.hasToken
              ? 'Open the model page on Hugging Face with the account that owns HF_TOKEN and accept its terms, then retry.'
              : 'Accept the terms on the model page, set HF_TOKEN to a token of that account, then retry.',
          )
        : fail(
            'forbidden',
            `${where} refused the download (${what}).`,
            'The link may have expired or need a login; get a fresh link to the file.',
          );
    case 404:
    case 410:
      return context.huggingFace
        ? fail(
            'not_found',
            `${where} was not found on Hugging Face (${what}).`,
            'Check the owner, repository, file path and revision (default main) against the repository\'s "Files" tab.',
          )
        : fail('not_found', `Nothing to download at ${where} (${what}).`, 'Check the URL; the file may have moved.');
    default:
      return fail(
        'http_error',
        `${where} answered ${what}, so the model cannot be downloaded.`,
        'Check the link; if it opens in a browser, the server may not allow direct downloads.',
      );
  }
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
