import fsp from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { attemptDownload, type AttemptOutcome } from './attemptDownload';
import { checkGgufMagic } from './checkGgufMagic';
import { createProgressReporter, type DownloadProgress } from './createProgressReporter';
import { displayUrl } from './displayUrl';
import { DownloadError } from './DownloadError';
import { HashedFile } from './HashedFile';
import type { ResolvedModelFile, ResolvedModelSource } from './resolveModelSource';
import { RetryableError } from './RetryableError';
import { optionalFields } from '../../../../shared/optionalFields';

/** Settings shared by every file of one `downloadModel` call (defaults already applied). */
export interface DownloadFileContext {
  source: ResolvedModelSource;
  destDir: string;
  signal: AbortSignal;
  onProgress: (progress: DownloadProgress) => void;
  fetchImpl: typeof fetch;
  overwrite: boolean;
  retries: number;
  retryDelayMs: number;
  stallTimeoutMs: number;
  progressIntervalMs: number;
}

/** One file in the destination folder, verified. */
export interface DownloadedFile {
  /** File name in the destination folder. */
  fileName: string;
  /** Absolute path of the file. */
  path: string;
  sizeBytes: number;
  /** SHA-256 of the file, lower-case hex. */
  sha256: string;
  /** Whether the SHA-256 was checked against a known value (the caller's, or Hugging Face's). */
  verified: boolean;
  /** True when the file was already there with the expected hash and nothing was downloaded. */
  reused: boolean;
  /** Bytes of an earlier, interrupted download that this call resumed from (0 for a fresh start). */
  resumedFromBytes: number;
}

const maxRestarts = 2;
/** `.part` paths being written right now: two writers appending to one part would corrupt it. */
const activeParts = new Set<string>();

/**
 * Downloads one file into `<destDir>/<fileName>.part`, resuming what an earlier attempt left
 * there, retries transient failures from where they stopped, verifies size and SHA-256 and only
 * then renames the part to its final name, so a truncated or corrupt file never appears under
 * that name. On abort the part stays for a later resume and an `AbortError` is thrown.
 */
export async function downloadFile(file: ResolvedModelFile, context: DownloadFileContext): Promise<DownloadedFile> {
  const finalPath = path.join(context.destDir, file.fileName);
  const part = new HashedFile(`${finalPath}.part`);
  const reporter = createProgressReporter(file.fileName, context.onProgress, { intervalMs: context.progressIntervalMs });
  if (activeParts.has(part.path)) {
    throw new DownloadError(
      'in_progress',
      `${file.fileName} is already being downloaded into ${context.destDir}.`,
      'Wait for that download to finish, or cancel it first.',
    );
  }
  activeParts.add(part.path);
  try {
    if (!context.overwrite && (await exists(finalPath))) return await reuseExisting(file, finalPath, context);
    const resumedFromBytes = await part.sync(context.signal);
    let failures = 0;
    let restarts = 0;
    for (;;) {
      const before = await part.sync(context.signal);
      let outcome: AttemptOutcome;
      try {
        outcome = await withStallWatchdog(context, (signal, onData) =>
          attemptDownload({ file, source: context.source, part, signal, fetchImpl: context.fetchImpl, reporter, onData }),
        );
      } catch (error) {
        const retryable = context.signal.aborted ? undefined : asRetryable(error);
        if (retryable === undefined) throw error;
        failures = part.size > before ? 1 : failures + 1;
        if (failures > context.retries) throw gaveUp(file, part, context.retries, retryable);
        const backoff = context.retryDelayMs * 2 ** (failures - 1);
        await sleep(Math.min(Math.max(backoff, retryable.retryAfterMs ?? 0), 60_000), undefined, { signal: context.signal });
        continue;
      }
      if (outcome.kind === 'restart') {
        restarts += 1;
        if (restarts > maxRestarts) {
          throw new DownloadError(
            'http_error',
            `${displayUrl(file.url)} cannot be resumed: ${outcome.why}.`,
            'Delete the .part file and try again; if it persists, the server does not support resuming.',
          );
        }
        continue;
      }
      const sha256 = await verify(file, part, outcome);
      await fsp.rename(part.path, finalPath);
      reporter.finish(outcome.size, outcome.size);
      const verified = file.expectedSha256 !== undefined || outcome.linked.sha256 !== undefined;
      return { fileName: file.fileName, path: finalPath, sizeBytes: outcome.size, sha256, verified, reused: false, resumedFromBytes };
    }
  } catch (error) {
    await part.close().catch(() => undefined);
    if (context.signal.aborted) throw cancelled(file, part);
    throw asFilesystemError(error, part.path);
  } finally {
    activeParts.delete(part.path);
  }
}

async function verify(file: ResolvedModelFile, part: HashedFile, outcome: AttemptOutcome & { kind: 'complete' }): Promise<string> {
  try {
    checkGgufMagic(part.firstBytes, { url: file.url, complete: true });
    if (file.expectedSize !== undefined && outcome.size !== file.expectedSize) {
      throw new DownloadError(
        'size_mismatch',
        `${file.fileName} is ${outcome.size} bytes, but ${file.expectedSize} were expected.`,
        'The partial download was deleted; check the expected size and try again.',
      );
    }
    const sha256 = part.sha256();
    const expected = file.expectedSha256 ?? outcome.linked.sha256;
    if (expected !== undefined && sha256 !== expected) {
      throw new DownloadError(
        'hash_mismatch',
        `${file.fileName} from ${displayUrl(file.url)} is corrupt: its SHA-256 is ${sha256}, not ${expected}.`,
        'The download was deleted; try again. If it keeps failing, the file on the server changed or the expected hash is wrong.',
      );
    }
    return sha256;
  } catch (error) {
    await part.remove();
    throw error;
  }
}

async function reuseExisting(file: ResolvedModelFile, finalPath: string, context: DownloadFileContext): Promise<DownloadedFile> {
  const hint = 'Pass overwrite: true to replace it, or delete or rename the existing file.';
  if (file.expectedSha256 === undefined) {
    throw new DownloadError('exists', `${finalPath} already exists; Evalbench will not overwrite it.`, hint);
  }
  const existing = new HashedFile(finalPath);
  const size = await existing.sync(context.signal);
  const sha256 = existing.sha256();
  if (sha256 !== file.expectedSha256) {
    throw new DownloadError('exists', `${finalPath} already exists with a different SHA-256 (${sha256}) than expected.`, hint);
  }
  createProgressReporter(file.fileName, context.onProgress).finish(size, size);
  return { fileName: file.fileName, path: finalPath, sizeBytes: size, sha256, verified: true, reused: true, resumedFromBytes: 0 };
}

/** Runs one attempt under a watchdog that aborts it when no bytes arrive for `stallTimeoutMs`. */
async function withStallWatchdog<T>(
  context: DownloadFileContext,
  run: (signal: AbortSignal, onData: () => void) => Promise<T>,
): Promise<T> {
  const stall = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stall.abort(new RetryableError(`no data arrived for ${context.stallTimeoutMs / 1000} s`));
    }, context.stallTimeoutMs);
  };
  arm();
  try {
    return await run(AbortSignal.any([context.signal, stall.signal]), arm);
  } catch (error) {
    if (stall.signal.aborted && !context.signal.aborted) throw stall.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

const networkCodes = /^(ECONN|EPIPE|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|ENETUNREACH|EHOSTUNREACH|UND_ERR)/;

/** The retryable form of `error`, or undefined when retrying cannot help. */
function asRetryable(error: unknown): RetryableError | undefined {
  if (error instanceof RetryableError) return error;
  if (error instanceof DownloadError || !(error instanceof Error)) return undefined;
  // fetch reports every network failure as a TypeError ("fetch failed", "terminated") with the socket error as cause.
  const cause: unknown = error.cause;
  const code = errorCode(error) ?? errorCode(cause) ?? '';
  if (error instanceof TypeError && (error.message === 'fetch failed' || error.message === 'terminated' || cause !== undefined)) {
    return new RetryableError(cause instanceof Error ? `${error.message} (${cause.message})` : error.message);
  }
  return networkCodes.test(code) ? new RetryableError(error.message) : undefined;
}

function gaveUp(file: ResolvedModelFile, part: HashedFile, retries: number, last: RetryableError): DownloadError {
  const kept = part.size > 0 ? ` The ${part.size} bytes downloaded so far are kept; downloading again resumes from there.` : '';
  return new DownloadError(
    'network',
    `Downloading ${file.fileName} from ${displayUrl(file.url)} failed after ${retries + 1} attempts: ${last.message}`,
    `Check the network connection and try again later.${kept}`,
    { cause: last, ...optionalFields({ status: last.status }) },
  );
}

function cancelled(file: ResolvedModelFile, part: HashedFile): DOMException {
  const kept =
    part.size > 0
      ? `the ${part.size} bytes downloaded so far are kept in ${part.path} and the next download resumes from there`
      : 'nothing was downloaded yet';
  return new DOMException(`Download of ${file.fileName} was cancelled; ${kept}.`, 'AbortError');
}

function asFilesystemError(error: unknown, partPath: string): unknown {
  const code = errorCode(error);
  if (!(error instanceof Error) || code === undefined || !('syscall' in error) || networkCodes.test(code)) return error;
  return new DownloadError(
    'filesystem',
    `Could not write the model file ${partPath} (${code}): ${error.message}`,
    code === 'ENOSPC'
      ? 'The disk is full; free some space and try again (the download resumes).'
      : 'Check that the models folder exists and is writable.',
    { cause: error },
  );
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

async function exists(file: string): Promise<boolean> {
  return fsp.stat(file).then(
    () => true,
    () => false,
  );
}
