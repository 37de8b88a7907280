import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

let cached: number | undefined;

/**
 * Physical CPU cores: the default thread count for generation. Hyper-threads share a core's
 * arithmetic units, so more threads than cores slows llama.cpp down instead of speeding it up.
 */
export function physicalCores(): number {
  cached ??= detect();
  return cached;
}

function detect(): number {
  const logical = os.availableParallelism();
  try {
    if (process.platform === 'linux') return fromCpuinfo(fs.readFileSync('/proc/cpuinfo', 'utf8')) ?? logical;
    if (process.platform === 'darwin') {
      const n = Number(execFileSync('sysctl', ['-n', 'hw.physicalcpu'], { encoding: 'utf8', timeout: 2000 }).trim());
      return Number.isInteger(n) && n > 0 ? n : logical;
    }
  } catch {
    // Fall through to the logical count: a slower default is better than no default.
  }
  return logical;
}

/** Distinct (physical id, core id) pairs in /proc/cpuinfo, or null when the file does not say. */
export function fromCpuinfo(text: string): number | null {
  const cores = new Set<string>();
  let physicalId = '0';
  for (const line of text.split('\n')) {
    const [rawKey, rawValue] = line.split(':');
    const key = rawKey?.trim();
    const value = rawValue?.trim() ?? '';
    if (key === 'physical id') physicalId = value;
    else if (key === 'core id') cores.add(`${physicalId}:${value}`);
  }
  return cores.size > 0 ? cores.size : null;
}
