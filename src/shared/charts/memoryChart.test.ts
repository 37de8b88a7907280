import type { LineSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';
import type { TelemetrySample } from '../telemetry';
import { memoryChart } from './memoryChart';
import type { RunTelemetry } from './memoryTimeline';

const GiB = 1024 ** 3;

function sample(tMs: number, ram: number, worker: number): { session: number; sample: TelemetrySample } {
  return {
    session: 1,
    sample: {
      tMs,
      ramUsedBytes: ram,
      ramTotalBytes: 16 * GiB,
      cpuPercent: 0,
      workers: [{ pid: 1, rssBytes: worker, cpuPercent: null }],
      gpus: [],
    },
  };
}

function telemetry(durationMs: number): RunTelemetry {
  return {
    samples: [sample(0, 4 * GiB, 0), sample(durationMs / 2, 6 * GiB, 1.5 * GiB), sample(durationMs, 5 * GiB, 1 * GiB)],
    markers: [
      { session: 1, marker: { tMs: 10, kind: 'model-load', label: 'Q8_0' } },
      { session: 1, marker: { tMs: 20, kind: 'case-start', label: 'Q8_0 · c1' } },
    ],
  };
}

const axes = (option: unknown) =>
  option as {
    xAxis: { name: string; axisLabel: { formatter: (v: number) => string } };
    yAxis: { name: string };
    series: LineSeriesOption[];
    dataZoom?: unknown;
  };

describe('memoryChart', () => {
  it('plots memory in one binary unit named on the axis, and time in seconds for a short run', () => {
    const spec = memoryChart(telemetry(8000), ['Q8_0']);
    const option = axes(spec.option);
    expect(option.yAxis.name).toBe('Memory (GiB)');
    expect(option.series[0]?.data).toEqual([
      [0, 4],
      [4000, 6],
      [8000, 5],
    ]);
    expect(option.xAxis.name).toBe('Time into the run (s)');
    expect(option.xAxis.axisLabel.formatter(4000)).toBe('4.0');
    expect(spec.summary).toBe('8.0 s of samples, 1 case starts. Machine RAM peaked at 6.0 GiB. Worker peak per model: Q8_0 1.5 GiB.');
  });

  it('switches the time axis to minutes for a long run', () => {
    const option = axes(memoryChart(telemetry(300_000), ['Q8_0']).option);
    expect(option.xAxis.name).toBe('Time into the run (m:ss)');
    expect(option.xAxis.axisLabel.formatter(150_000)).toBe('2:30');
  });

  it('zooms on screen only, and takes the live view’s title and height', () => {
    expect(axes(memoryChart(telemetry(8000), []).option).dataZoom).toBeDefined();
    expect(axes(memoryChart(telemetry(8000), [], { interactive: false }).option).dataZoom).toBeUndefined();
    expect(memoryChart(telemetry(8000), [], { title: 'Live memory: run', height: 220 })).toMatchObject({
      title: 'Live memory: run',
      height: 220,
    });
    expect(memoryChart({ samples: [], markers: [] }, []).summary).toBe('No memory samples yet.');
  });

  it('turns the label of a peak at the very end leftwards, so the frame does not cut it', () => {
    const peakLabels = (t: RunTelemetry) =>
      ((memoryChart(t, ['Q8_0']).option.series as LineSeriesOption[])[1]?.markPoint?.data ?? []).map(
        (p) => (p as { label?: unknown }).label,
      );
    expect(peakLabels(telemetry(8000))).toEqual([undefined]);
    const late = telemetry(8000);
    late.samples.push(sample(9000, 5 * GiB, 2 * GiB));
    expect(peakLabels(late)).toEqual([{ align: 'right' }]);
  });
});
