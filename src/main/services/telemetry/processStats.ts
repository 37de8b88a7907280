import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';

/** CPU time used so far and resident memory of one process. */
export interface ProcessReading {
  pid: number;
  cpuSeconds: number;
  rssBytes: number;
}

const CLOCK_TICKS = 100;
const PAGE_SIZE = 4096;

/** Reads /proc/<pid>/stat: fields 14-15 are user and system ticks, field 24 the RSS in pages. */
export function parseProcStat(pid: number, text: string): ProcessReading | null {
  // The command name (field 2) may contain spaces and parentheses: split after its last ')'.
  const end = text.lastIndexOf(')');
  if (end === -1) return null;
  const fields = text
    .slice(end + 2)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const rssPages = Number(fields[21]);
  if (![utime, stime, rssPages].every(Number.isFinite)) return null;
  return { pid, cpuSeconds: (utime + stime) / CLOCK_TICKS, rssBytes: rssPages * PAGE_SIZE };
}

/**
 * Reads a process's CPU time and RSS without blocking the event loop: /proc on Linux, an async
 * `ps` elsewhere. A process that is gone answers null.
 */
export async function readProcess(pid: number): Promise<ProcessReading | null> {
  if (os.platform() === 'linux') {
    try {
      return parseProcStat(pid, await fs.readFile(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return null;
    }
  }
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'rss=,time=', '-p', String(pid)], { timeout: 2000, encoding: 'utf8' }, (error, stdout) => {
      if (error) return resolve(null);
      const [rss = '', time = ''] = stdout.trim().split(/\s+/);
      const parts = time.split(/[:-]/).map(Number).reverse();
      const cpuSeconds = (parts[0] ?? 0) + (parts[1] ?? 0) * 60 + (parts[2] ?? 0) * 3600 + (parts[3] ?? 0) * 86400;
      resolve({ pid, cpuSeconds, rssBytes: Number(rss) * 1024 });
    });
  });
}
