import { DownloadError } from './DownloadError';
import type { HashedFile } from './HashedFile';
import { checkGgufMagic } from './checkGgufMagic';
import type { ProgressReporter } from './createProgressReporter';
import { displayUrl } from './displayUrl';
import { fetchWithRedirects } from './fetchWithRedirects';
import { httpStatusError } from './httpStatusError';
import { parseContentRange } from './parseContentRange';
import { readLinkedFileInfo, type LinkedFileInfo } from './readLinkedFileInfo';
import type { ResolvedModelFile, ResolvedModelSource } from './resolveModelSource';
import { RetryableError } from './RetryableError';

/** Everything one request needs. */
export interface AttemptOptions {
  file: ResolvedModelFile;
  source: ResolvedModelSource;
  /** The `.part` file, already synced with the disk; its size is where this request resumes. */
  part: HashedFile;
  signal: AbortSignal;
  fetchImpl: typeof fetch;
  reporter: ProgressReporter;
  /** Called whenever bytes arrive, to keep the stall watchdog quiet. */
  onData: () => void;
}

/** How one request ended, when it did not throw. */
export type AttemptOutcome =
  /** The part holds the whole file (not yet verified). */
  | { kind: 'complete'; size: number; linked: LinkedFileInfo }
  /** The part was inconsistent with the server and has been emptied; ask again from byte zero. */
  | { kind: 'restart'; why: string };

/**
 * Makes one GET for the file, resuming after the bytes already in the part, and streams the
 * body into it. Handles a server that honours the range (206), ignores it (200: start over),
 * or says the part is already complete (416). Throws `RetryableError` for failures worth
 * retrying and `DownloadError` for those that are not.
 */
export async function attemptDownload(options: AttemptOptions): Promise<AttemptOutcome> {
  const { file, part, reporter } = options;
  if (part.size > 0) {
    try {
      checkGgufMagic(part.firstBytes, { url: file.url });
    } catch {
      await part.truncate(); // Not the start of a GGUF file (left by something else): resuming it cannot succeed.
    }
  }
  const offset = part.size;
  reporter.restart(offset);
  const { response, url, redirects } = await fetchWithRedirects(file.url, {
    // Identity, so that Content-Length and ranges count the bytes of the file itself.
    headers: { 'accept-encoding': 'identity', ...(offset > 0 ? { range: `bytes=${offset}-` } : {}) },
    headersFor: (hop) => options.source.headersFor(hop),
    signal: options.signal,
    fetchImpl: options.fetchImpl,
  });
  let bodyUsed = false;
  try {
    const linked = readLinkedFileInfo([...redirects, { url, headers: response.headers }], options.source.huggingFaceOrigin);
    const expectedSize = file.expectedSize ?? linked.size;

    if (response.status === 416 && offset > 0) {
      const total = parseContentRange(response.headers.get('content-range'))?.total ?? expectedSize;
      if (total === offset) return { kind: 'complete', size: offset, linked };
      await part.truncate();
      return { kind: 'restart', why: `the server cannot resume from byte ${offset}` };
    }
    if (!response.ok) {
      throw httpStatusError(response, {
        url: file.url,
        huggingFace: options.source.kind === 'huggingface',
        hasToken: options.source.hasToken,
      });
    }

    let total: number | null;
    if (response.status === 206) {
      const range = parseContentRange(response.headers.get('content-range'));
      if (range?.start !== offset) {
        await part.truncate();
        return {
          kind: 'restart',
          why: `the server sent a different range (${response.headers.get('content-range') ?? 'none'}) than asked (from ${offset})`,
        };
      }
      total = range.total;
    } else {
      if (offset > 0) await part.truncate(); // The server ignored Range and sends the whole file.
      total = contentLength(response.headers);
    }
    if (total !== null && expectedSize !== undefined && total !== expectedSize) {
      throw new DownloadError(
        'size_mismatch',
        `${displayUrl(file.url)} is ${total} bytes, but ${expectedSize} were expected.`,
        'The file on the server differs from the one expected; check the link or the expected size.',
      );
    }
    total ??= expectedSize ?? null;

    bodyUsed = true;
    const context = { url: file.url, contentType: response.headers.get('content-type') };
    for await (const chunk of chunksOf(response.body)) {
      options.onData();
      await part.append(chunk);
      if (part.size - chunk.byteLength < 4) await removeOnFailure(part, () => checkGgufMagic(part.firstBytes, context));
      if (total !== null && part.size > total) {
        await part.remove();
        throw new DownloadError(
          'size_mismatch',
          `${displayUrl(file.url)} sent more than the ${total} bytes it announced.`,
          'The server is misbehaving; try again later or use another link.',
        );
      }
      reporter.update(part.size, total);
    }
    if (total !== null && part.size < total) {
      throw new RetryableError(`the connection closed after ${part.size} of ${total} bytes`);
    }
    await removeOnFailure(part, () => checkGgufMagic(part.firstBytes, { ...context, complete: true }));
    await part.close(true);
    return { kind: 'complete', size: part.size, linked };
  } finally {
    if (!bodyUsed) await response.body?.cancel().catch(() => undefined);
    await part.close().catch(() => undefined);
  }
}

async function removeOnFailure(part: HashedFile, check: () => void): Promise<void> {
  try {
    check();
  } catch (error) {
    await part.remove();
    throw error;
  }
}

/** The body's chunks; leaving the loop early cancels the stream, which frees the connection. */
async function* chunksOf(body: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (body === null) return;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function contentLength(headers: Headers): number | null {
  const value = headers.get('content-length')?.trim() ?? '';
  return /^\d+$/.test(value) ? Number(value) : null;
}
