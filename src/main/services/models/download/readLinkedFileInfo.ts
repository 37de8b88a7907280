/** What the Hugging Face headers say about a file. */
export interface LinkedFileInfo {
  /** SHA-256 of the file (lower-case hex), when a trusted header carries one. */
  sha256?: string;
  /** Full size of the file in bytes, from `X-Linked-Size`. */
  size?: number;
}

const sha256Hex = /^[0-9a-f]{64}$/i;

/**
 * Reads the file's SHA-256 and size from the responses on the way to it. For files stored with
 * Git LFS (every GGUF), Hugging Face answers `/resolve/` with `X-Linked-Etag: "<sha256>"` and
 * `X-Linked-Size` on the redirect to its CDN, or an `ETag` that is the sha256 when it serves the
 * file itself. Only responses from `trustedOrigin` count: a CDN's ETag may be anything, and a
 * 40-hex git blob id or a weak ETag is not a content hash.
 */
export function readLinkedFileInfo(responses: readonly { url: URL; headers: Headers }[], trustedOrigin: string): LinkedFileInfo {
  const info: LinkedFileInfo = {};
  for (const { url, headers } of responses) {
    if (url.origin !== trustedOrigin) continue;
    const hash = [headers.get('x-linked-etag'), headers.get('etag')].map(strongTag).find((tag) => tag !== undefined && sha256Hex.test(tag));
    if (hash !== undefined && info.sha256 === undefined) info.sha256 = hash.toLowerCase();
    const size = headers.get('x-linked-size')?.trim() ?? '';
    if (/^\d+$/.test(size) && info.size === undefined) info.size = Number(size);
  }
  return info;
}

function strongTag(value: string | null): string | undefined {
  if (value === null || value.startsWith('W/')) return undefined;
  return value.replace(/^"|"$/g, '');
}
