import fs from 'node:fs/promises';
import os from 'node:os';
import { BUSY_CORES, type CompetingLoad } from '../../../shared/runs';
import { readProcess } from '../telemetry/processStats';

const CLOCK_TICKS = 100;

/** CPU seconds the whole machine and Evalbench's own processes had used at one moment. */
export interface CpuReading {
  atMs: number;
  machineBusySeconds: number;
  ownSeconds: number;
}

/** Busy CPU seconds of the whole machine from /proc/stat's `cpu` line (everything but idle and iowait). */
export function parseMachineBusySeconds(procStat: string): number | null {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (line === undefined) return null;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = [user, nice, system, irq, softirq, steal].map((v) => v ?? 0);
  return busy.every(Number.isFinite) ? busy.reduce((a, b) => a + b, 0) / CLOCK_TICKS : null;
}

/** Cores other processes kept busy between two readings (never negative: clocks tick in 10 ms steps). */
export function otherCores(before: CpuReading, after: CpuReading): number | null {
  const seconds = (after.atMs - before.atMs) / 1000;
  if (seconds <= 0) return null;
  return Math.max(0, (after.machineBusySeconds - before.machineBusySeconds - (after.ownSeconds - before.ownSeconds)) / seconds);
}

/** The run's record from the start window and the samples taken during it. */
export function summarizeCompetingLoad(cores: number, atStart: number | null, samples: readonly number[]): CompetingLoad {
  const mean = samples.length === 0 ? null : samples.reduce((a, b) => a + b, 0) / samples.length;
  const peak = samples.length === 0 ? null : Math.max(...samples);
  return { cores, atStart, mean, peak, samples: samples.length, busy: (atStart ?? 0) >= BUSY_CORES || (mean ?? 0) >= BUSY_CORES };
}

/** Two records of one run (it was resumed): the worse of each figure, busy if either was. */
export function mergeCompetingLoad(a: CompetingLoad | undefined, b: CompetingLoad): CompetingLoad {
  if (a === undefined) return b;
  const max = (x: number | null, y: number | null): number | null => (x === null ? y : y === null ? x : Math.max(x, y));
  return {
    cores: b.cores,
    atStart: max(a.atStart, b.atStart),
    mean: max(a.mean, b.mean),
    peak: max(a.peak, b.peak),
    samples: a.samples + b.samples,
    busy: a.busy || b.busy,
  };
}

/**
 * Measures the CPU other processes use while a run runs: the machine's busy time from /proc/stat
 * minus this process's and its workers'. Linux only; elsewhere `read` answers null and nothing is
 * recorded.
 */
export class CompetingLoadMeter {
  private last: CpuReading | null = null;
  private readonly samples: number[] = [];
  private atStart: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  /** Last CPU time seen per worker, so a worker that exits still counts as ours. */
  private readonly workerSeconds = new Map<number, number>();

  constructor(private readonly options: { pids: () => number[]; intervalMs?: number; read?: () => Promise<CpuReading | null> }) {}

  /** Other load over `windowMs` before the run starts; then samples every `intervalMs` until `stop`. */
  async start(windowMs = 500): Promise<void> {
    const first = await this.read();
    if (first === null) return;
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const second = await this.read();
    if (second === null) return;
    this.atStart = otherCores(first, second);
    this.last = second;
    this.timer = setInterval(() => {
      this.inFlight ??= this.sample().finally(() => (this.inFlight = null));
    }, this.options.intervalMs ?? 1000);
    this.timer.unref();
  }

  /** Stops sampling; the record, or null where nothing could be measured. */
  async stop(): Promise<CompetingLoad | null> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
    if (this.last === null) return null;
    await this.sample();
    return summarizeCompetingLoad(os.availableParallelism(), this.atStart, this.samples);
  }

  private async sample(): Promise<void> {
    const reading = await this.read();
    if (reading === null || this.last === null) return;
    const cores = otherCores(this.last, reading);
    if (cores !== null && reading.atMs - this.last.atMs >= 200) {
      this.samples.push(cores);
      this.last = reading;
    }
  }

  private async read(): Promise<CpuReading | null> {
    if (this.options.read) return this.options.read();
    if (process.platform !== 'linux') return null;
    const stat = parseMachineBusySeconds(await fs.readFile('/proc/stat', 'utf8'));
    if (stat === null) return null;
    for (const pid of this.options.pids()) {
      const worker = await readProcess(pid);
      if (worker !== null) this.workerSeconds.set(pid, worker.cpuSeconds);
    }
    const usage = process.cpuUsage();
    const ownSeconds = (usage.user + usage.system) / 1e6 + [...this.workerSeconds.values()].reduce((a, b) => a + b, 0);
    return { atMs: performance.now(), machineBusySeconds: stat, ownSeconds };
  }
}
