/**
 * A URL fit for messages and logs: origin and path only. Query strings are dropped because
 * signed CDN links and some hosts carry credentials there.
 */
export function displayUrl(url: string | URL): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return String(url).replace(/[?#].*$/, '');
  }
}
