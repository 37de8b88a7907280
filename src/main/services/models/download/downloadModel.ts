import fsp from 'node:fs/promises';
import path from 'node:path';
import type { DownloadProgress } from './createProgressReporter';
import { DownloadError } from './DownloadError';
import { downloadFile, type DownloadedFile } from './downloadFile';
import { parseHfRepoReference, pickHfQuantFile } from './pickHfQuantFile';
import { resolveModelSource, type ResolvedModelFile, type ResolvedModelSource } from './resolveModelSource';
import { optionalFields } from '../../../../shared/optionalFields';

export type { DownloadProgress } from './createProgressReporter';
export type { DownloadedFile } from './downloadFile';

/** Options for `downloadModel`. */
export interface DownloadModelOptions {
  /** A URL, an `hf:OWNER/REPO/path/file.gguf[@REVISION]` or `hf:OWNER/REPO[:QUANT][@REVISION]` reference, or a source already resolved by `resolveModelSource`. */
  source: string | ResolvedModelSource;
  /** Folder to save into; created if missing. */
  destDir: string;
  /** Cancels the download; the `.part` file is kept so the next call resumes. */
  signal: AbortSignal;
  /** Called about four times a second per file while bytes flow, and once when each file is done. */
  onProgress: (progress: DownloadProgress) => void;
  /** SHA-256 (hex) the file must have. Only for single-file sources; Hugging Face's own hash is used when absent. */
  expectedSha256?: string;
  /** Size in bytes the file must have. Only for single-file sources. */
  expectedSize?: number;
  /** Replace an existing file of the same name. Default false: an existing file is an error, unless it has `expectedSha256`. */
  overwrite?: boolean;
  /** The fetch to use; default the global one. */
  fetchImpl?: typeof fetch;
  /** Hugging Face endpoint, when `source` is a string. Default `HF_ENDPOINT`, then https://huggingface.co. */
  endpoint?: string;
  /** Hugging Face token, when `source` is a string. Default `HF_TOKEN`. Sent only to the endpoint's host. */
  token?: string;
  /** Environment to read `HF_ENDPOINT` / `HF_TOKEN` from. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Name to save a single-file URL under, when its path does not end in a `.gguf` name. */
  fileName?: string;
  /** Retries after a failure that may pass (network error, 5xx, 429), counted since the last byte received. Default 3. */
  retries?: number;
  /** First pause before a retry; it doubles each time. Default 1000 ms. */
  retryDelayMs?: number;
  /** A request that receives nothing for this long is dropped and retried. Default 60 000 ms. */
  stallTimeoutMs?: number;
  /** Minimum time between progress reports. Default 250 ms. */
  progressIntervalMs?: number;
}

/** A finished download. */
export interface DownloadModelResult {
  /** The file to load: the only file, or part 1 of a split model. */
  path: string;
  /** Every file, in part order. */
  files: DownloadedFile[];
}

const sha256Hex = /^[0-9a-f]{64}$/i;

/**
 * Downloads a GGUF model (every part of a split one) into `destDir`: resumable, retried,
 * checked for the GGUF magic as soon as it starts, and verified by size and SHA-256 before it
 * gets its final name. Rejects with a `DownloadError` that says what to fix, or with an
 * `AbortError` when `signal` fires (the partial file is kept for the next call).
 */
export async function downloadModel(options: DownloadModelOptions): Promise<DownloadModelResult> {
  options.signal.throwIfAborted();
  // `hf:OWNER/REPO:QUANT` names a repository and a quantization: find the file it means first.
  const repoReference = typeof options.source === 'string' ? parseHfRepoReference(options.source) : null;
  const reference =
    repoReference === null
      ? options.source
      : await pickHfQuantFile(repoReference, {
          signal: options.signal,
          ...optionalFields({ endpoint: options.endpoint, token: options.token, env: options.env, fetchImpl: options.fetchImpl }),
        });
  const source =
    typeof reference === 'string'
      ? resolveModelSource(reference, {
          ...optionalFields({ endpoint: options.endpoint, token: options.token, env: options.env, fileName: options.fileName }),
        })
      : reference;
  const files = withExpectations(source, options);
  const destDir = path.resolve(options.destDir);
  await fsp.mkdir(destDir, { recursive: true }).catch((error: unknown) => {
    throw new DownloadError(
      'filesystem',
      `Could not create the models folder ${destDir}.`,
      'Check that the path is writable, or choose another folder.',
      { cause: error },
    );
  });
  const context = {
    source,
    destDir,
    signal: options.signal,
    onProgress: options.onProgress,
    fetchImpl: options.fetchImpl ?? fetch,
    overwrite: options.overwrite ?? false,
    retries: options.retries ?? 3,
    retryDelayMs: options.retryDelayMs ?? 1000,
    stallTimeoutMs: options.stallTimeoutMs ?? 60_000,
    progressIntervalMs: options.progressIntervalMs ?? 250,
  };
  const done: DownloadedFile[] = [];
  // One part at a time: parallel parts would not make one connection faster, and a failure stops early.
  for (const file of files) done.push(await downloadFile(file, context));
  const first = done[0];
  if (first === undefined)
    throw new DownloadError('bad_reference', `${source.reference} names no file to download.`, 'Point the reference at a .gguf file.');
  return { path: first.path, files: done };
}

/** Applies the caller's expected hash and size to the (single) file, checking their form. */
function withExpectations(source: ResolvedModelSource, options: DownloadModelOptions): ResolvedModelFile[] {
  const { expectedSha256, expectedSize } = options;
  if (expectedSha256 === undefined && expectedSize === undefined) return source.files.map(normalised);
  if (source.files.length !== 1) {
    throw new DownloadError(
      'bad_reference',
      `${source.reference} is a model split into ${source.files.length} files, so one expectedSha256 / expectedSize cannot describe it.`,
      'Leave them out (Hugging Face hashes are checked anyway), or resolve the source and set expectedSha256 on each file.',
    );
  }
  if (expectedSha256 !== undefined && !sha256Hex.test(expectedSha256.trim())) {
    throw new DownloadError(
      'bad_reference',
      `expectedSha256 "${expectedSha256}" is not a SHA-256.`,
      'Give the 64 hexadecimal digits of the hash, as Hugging Face shows under "SHA256".',
    );
  }
  if (expectedSize !== undefined && (!Number.isSafeInteger(expectedSize) || expectedSize < 0)) {
    throw new DownloadError(
      'bad_reference',
      `expectedSize ${expectedSize} is not a size in bytes.`,
      'Give a whole, non-negative number of bytes, or leave it out.',
    );
  }
  return source.files.map((file) =>
    normalised({
      ...file,
      ...optionalFields({ expectedSha256, expectedSize }),
    }),
  );
}

function normalised(file: ResolvedModelFile): ResolvedModelFile {
  return file.expectedSha256 === undefined ? file : { ...file, expectedSha256: file.expectedSha256.trim().toLowerCase() };
}
