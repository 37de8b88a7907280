import { execFile } from 'node:child_process';

/** One NVIDIA GPU as nvidia-smi reports it. */
export interface NvidiaGpu {
  name: string;
  vramTotalBytes: number;
  vramUsedBytes: number;
  utilizationPercent: number | null;
  driverVersion: string | null;
}

const MIB = 1024 * 1024;
const QUERY = ['--query-gpu=name,memory.total,memory.used,utilization.gpu,driver_version', '--format=csv,noheader,nounits'];

/** Parses `nvidia-smi --query-gpu=… --format=csv,noheader,nounits` output (MiB, percent). */
export function parseNvidiaSmi(text: string): NvidiaGpu[] {
  const gpus: NvidiaGpu[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [name = '', total = '', used = '', util = '', driver = ''] = line.split(',').map((f) => f.trim());
    const numeric = /^\d+(\.\d+)?$/;
    if (name === '' || !numeric.test(total) || !numeric.test(used)) continue;
    const totalMib = Number(total);
    const usedMib = Number(used);
    const utilization = Number(util);
    gpus.push({
      name,
      vramTotalBytes: Math.round(totalMib * MIB),
      vramUsedBytes: Math.round(usedMib * MIB),
      utilizationPercent: util === '' || !Number.isFinite(utilization) ? null : utilization,
      driverVersion: driver === '' ? null : driver,
    });
  }
  return gpus;
}

/**
 * NVIDIA GPUs on this machine, asked of nvidia-smi asynchronously (systeminformation's GPU
 * query runs it synchronously and would freeze the event loop for a second). No NVIDIA
 * driver, or an nvidia-smi that hangs, means no GPUs rather than an error.
 */
export function queryNvidiaGpus(timeoutMs = 5000): Promise<NvidiaGpu[]> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', QUERY, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout) => {
      resolve(error ? [] : parseNvidiaSmi(stdout));
    });
  });
}
