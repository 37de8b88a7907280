/** A progress report for one file of a download. */
export interface DownloadProgress {
  /** File name being downloaded (as saved in the destination folder). */
  file: string;
  /** Bytes of the file on disk so far, including those kept from an earlier, interrupted attempt. */
  receivedBytes: number;
  /** Full size of the file, or null while the server has not said. */
  totalBytes: number | null;
  /** Recent transfer speed (last few seconds), not counting bytes kept from an earlier attempt. */
  bytesPerSecond: number;
}

/** Throttles progress reports and measures speed; see `createProgressReporter`. */
export interface ProgressReporter {
  /** A new attempt starts with `receivedBytes` already on disk; the speed restarts from here. */
  restart(receivedBytes: number): void;
  /** Bytes arrived; reports only if the last report is at least the interval old. */
  update(receivedBytes: number, totalBytes: number | null): void;
  /** The file is done; always reports. */
  finish(receivedBytes: number, totalBytes: number | null): void;
}

/** Options for `createProgressReporter`. */
export interface ProgressReporterOptions {
  /** Minimum time between reports. Default 250 ms (about 4 a second), enough for a smooth bar. */
  intervalMs?: number;
  /** Clock in milliseconds; tests may replace it. */
  now?: () => number;
}

const speedWindowMs = 3000;

/**
 * Makes a reporter for one file that calls `onProgress` at most every `intervalMs` while bytes
 * flow, plus once at the end, with the speed over the last few seconds so that the estimate
 * follows a connection that speeds up or stalls.
 */
export function createProgressReporter(
  file: string,
  onProgress: (progress: DownloadProgress) => void,
  options: ProgressReporterOptions = {},
): ProgressReporter {
  const intervalMs = options.intervalMs ?? 250;
  const now = options.now ?? (() => performance.now());
  let samples: { at: number; bytes: number }[] = [{ at: now(), bytes: 0 }];
  let lastReportAt = Number.NEGATIVE_INFINITY;

  const report = (receivedBytes: number, totalBytes: number | null): void => {
    const at = now();
    if (receivedBytes < (samples.at(-1)?.bytes ?? 0)) samples = [{ at, bytes: receivedBytes }];
    samples = samples.filter((s, i) => i === samples.length - 1 || at - s.at <= speedWindowMs);
    const oldest = samples[0] ?? { at, bytes: receivedBytes };
    const seconds = (at - oldest.at) / 1000;
    const bytesPerSecond = seconds > 0 ? Math.max(0, Math.round((receivedBytes - oldest.bytes) / seconds)) : 0;
    samples.push({ at, bytes: receivedBytes });
    lastReportAt = at;
    onProgress({ file, receivedBytes, totalBytes, bytesPerSecond });
  };

  return {
    restart(receivedBytes) {
      samples = [{ at: now(), bytes: receivedBytes }];
    },
    update(receivedBytes, totalBytes) {
      if (now() - lastReportAt >= intervalMs) report(receivedBytes, totalBytes);
    },
    finish(receivedBytes, totalBytes) {
      report(receivedBytes, totalBytes);
    },
  };
}
