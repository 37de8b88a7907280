import si from 'systeminformation';
import type { TelemetrySample } from '../../../shared/telemetry';
import { queryNvidiaGpus } from '../system/nvidiaGpus';
import { readProcess, type ProcessReading } from './processStats';

export interface SamplerOptions {
  intervalMs: number;
  /** The processes to follow (the inference workers), asked at every tick. */
  pids: () => number[];
  onSample: (sample: TelemetrySample) => void;
}

/**
 * Samples system RAM, each worker's RSS and CPU, and GPU use and VRAM on a timer. Every read is
 * asynchronous (files under /proc, an async nvidia-smi), so sampling never stalls the event
 * loop; a tick that finds the previous one still running is skipped rather than queued.
 */
export class TelemetrySampler {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = false;
  private again = false;
  private readonly started = performance.now();
  private previous = new Map<number, { reading: ProcessReading; at: number }>();
  private gpusPresent: boolean | null = null;

  constructor(private readonly options: SamplerOptions) {}

  /** Milliseconds since the sampler was made: the time line samples and markers share. */
  now(): number {
    return performance.now() - this.started;
  }

  start(): void {
    if (this.timer !== null) return;
    this.stopped = false;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a sample in flight; nothing is delivered after this resolves. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  /** Takes one sample now (also used by tests). */
  async sample(): Promise<TelemetrySample> {
    const at = this.now();
    const [mem, load, gpus, workers] = await Promise.all([
      si.mem(),
      si.currentLoad(),
      this.gpus(),
      Promise.all(this.options.pids().map((pid) => readProcess(pid))),
    ]);
    const workerSamples = workers.flatMap((reading) => {
      if (reading === null) return [];
      const before = this.previous.get(reading.pid);
      this.previous.set(reading.pid, { reading, at });
      const seconds = before ? (at - before.at) / 1000 : 0;
      const cpuPercent = before && seconds > 0 ? ((reading.cpuSeconds - before.reading.cpuSeconds) / seconds) * 100 : null;
      return [{ pid: reading.pid, rssBytes: reading.rssBytes, cpuPercent }];
    });
    return {
      tMs: at,
      ramUsedBytes: mem.total - mem.available,
      ramTotalBytes: mem.total,
      cpuPercent: load.currentLoad,
      workers: workerSamples,
      gpus: gpus.map((g) => ({
        name: g.name,
        utilizationPercent: g.utilizationPercent,
        vramUsedBytes: g.vramUsedBytes,
        vramTotalBytes: g.vramTotalBytes,
      })),
    };
  }

  private async gpus() {
    if (this.gpusPresent === false) return [];
    const gpus = await queryNvidiaGpus(2000);
    this.gpusPresent ??= gpus.length > 0;
    return gpus;
  }

  /** Takes a sample as soon as possible (after the one in flight), e.g. right after a model loads. */
  requestSample(): void {
    if (this.stopped) return;
    if (this.inFlight === null) void this.tick();
    else this.again = true;
  }

  private tick(): Promise<void> {
    if (this.inFlight !== null) return this.inFlight;
    this.inFlight = this.sample()
      .then((sample) => {
        if (!this.stopped) this.options.onSample(sample);
      })
      .catch((error: unknown) => {
        process.stderr.write(`[evalbench] telemetry sample failed: ${String(error)}\n`);
      })
      .finally(() => {
        this.inFlight = null;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.tick();
        }
      });
    return this.inFlight;
  }
}
