import fs from 'node:fs';

/** Where a worker's peak memory figure comes from. */
export type PeakRssSource = 'VmHWM' | 'maxRSS';

/**
 * RSS now and at its peak for this process, and where the peak came from.
 *
 * On Linux the peak is `VmHWM` from /proc/self/status: getrusage's maxRSS (Node's
 * `resourceUsage().maxRSS`) is carried across fork+exec, so a worker started by a large parent
 * (the desktop app, `serve`) would report the parent's peak instead of its own. Elsewhere the
 * peak is maxRSS: Windows reports the process's own peak working set, and on macOS libuv starts
 * children with posix_spawn, which does not copy the parent's pages.
 */
export function processMemory(readStatus: () => string | null = readProcSelfStatus): {
  rssBytes: number;
  peakRssBytes: number;
  peakSource: PeakRssSource;
} {
  const rss = process.memoryUsage.rss();
  const status = process.platform === 'linux' ? readStatus() : null;
  const hwm = status === null ? null : vmHwmBytes(status);
  if (hwm !== null) return { rssBytes: rss, peakRssBytes: Math.max(rss, hwm), peakSource: 'VmHWM' };
  return { rssBytes: rss, peakRssBytes: Math.max(rss, process.resourceUsage().maxRSS * 1024), peakSource: 'maxRSS' };
}

/** `VmHWM` of a /proc/PID/status text in bytes, or null when the line is missing or unreadable. */
export function vmHwmBytes(status: string): number | null {
  const match = /^VmHWM:\s*(\d+)\s*kB\s*$/m.exec(status);
  return match === null ? null : Number(match[1]) * 1024;
}

function readProcSelfStatus(): string | null {
  try {
    return fs.readFileSync('/proc/self/status', 'utf8');
  } catch {
    // No procfs (a container without /proc): fall back to maxRSS, which processMemory reports as its source.
    return null;
  }
}
