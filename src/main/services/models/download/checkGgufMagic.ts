import { DownloadError } from './DownloadError';
import { displayUrl } from './displayUrl';

const magic = [0x47, 0x47, 0x55, 0x46]; // "GGUF"

/** Where the bytes came from, for the message. */
export interface GgufMagicContext {
  url: string;
  /** The response's Content-Type, when known: `text/html` explains most failures. */
  contentType?: string | null;
  /** True once the file is complete: then fewer than four bytes is a failure too. */
  complete?: boolean;
}

/**
 * Throws a `not_gguf` `DownloadError` unless `firstBytes` agree with the GGUF magic so far.
 * Called as soon as bytes arrive so that an HTML login or error page served with 200 fails at
 * once, instead of after the whole "file" is downloaded and hashed.
 */
export function checkGgufMagic(firstBytes: Uint8Array, context: GgufMagicContext): void {
  const length = Math.min(firstBytes.length, magic.length);
  const agrees = magic.slice(0, length).every((byte, i) => firstBytes[i] === byte);
  if (agrees && (length === magic.length || context.complete !== true)) return;
  const seen = Buffer.from(firstBytes.subarray(0, 4)).toString('latin1');
  const looksHtml = seen.trimStart().startsWith('<') || (context.contentType ?? '').includes('html');
  throw new DownloadError(
    'not_gguf',
    agrees
      ? `${displayUrl(context.url)} is not a GGUF file: it is only ${firstBytes.length} bytes long.`
      : `${displayUrl(context.url)} is not a GGUF file: it starts with ${JSON.stringify(seen)} instead of "GGUF"${looksHtml ? ' (it looks like a web page)' : ''}.`,
    'Use the direct download link of the .gguf file (on Hugging Face, …/resolve/… rather than …/blob/…); a web page, a login or an error page cannot be loaded as a model.',
  );
}
