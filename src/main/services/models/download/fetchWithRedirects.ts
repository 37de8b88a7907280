import { DownloadError } from './DownloadError';

/** A redirect response seen on the way to the final one. */
export interface RedirectHop {
  /** The URL that answered with the redirect. */
  url: URL;
  /** Its headers (Hugging Face puts `X-Linked-Etag` / `X-Linked-Size` here). */
  headers: Headers;
}

/** Options for `fetchWithRedirects`. */
export interface FetchWithRedirectsOptions {
  /** Headers sent on every hop (e.g. `Range`). */
  headers: Record<string, string>;
  /** Extra headers per hop, decided from that hop's URL (credentials go only where they belong). */
  headersFor: (url: URL) => Record<string, string>;
  signal: AbortSignal;
  fetchImpl: typeof fetch;
  /** Default 10. */
  maxRedirects?: number;
}

/** The final (non-redirect) response and how it was reached. */
export interface FetchWithRedirectsResult {
  response: Response;
  /** The URL that gave `response`. */
  url: URL;
  /** Redirects followed before it, in order. */
  redirects: RedirectHop[];
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * GETs `url`, following redirects itself instead of leaving it to fetch, so that the headers of
 * every hop are decided afresh: a Hugging Face token must reach huggingface.co but never the CDN
 * it redirects to, and the hash headers on the redirect itself must not be lost.
 */
export async function fetchWithRedirects(url: string, options: FetchWithRedirectsOptions): Promise<FetchWithRedirectsResult> {
  const maxRedirects = options.maxRedirects ?? 10;
  const redirects: RedirectHop[] = [];
  let current = new URL(url);
  for (;;) {
    const response = await options.fetchImpl(current, {
      method: 'GET',
      headers: { ...options.headers, ...options.headersFor(current) },
      redirect: 'manual',
      signal: options.signal,
    });
    const location = response.headers.get('location');
    if (!redirectStatuses.has(response.status) || location === null) return { response, url: current, redirects };
    await response.body?.cancel().catch(() => undefined);
    redirects.push({ url: current, headers: response.headers });
    if (redirects.length > maxRedirects) {
      throw new DownloadError(
        'http_error',
        `${url} redirected more than ${maxRedirects} times.`,
        'The server is misconfigured; try another link to the file.',
      );
    }
    const next = new URL(location, current);
    if (next.protocol !== 'https:' && (next.protocol !== 'http:' || current.protocol === 'https:')) {
      throw new DownloadError(
        'http_error',
        `${url} redirected from ${current.protocol} to ${next.protocol}, which Evalbench refuses for safety.`,
        'Use a direct https link to the file.',
      );
    }
    current = next;
  }
}
