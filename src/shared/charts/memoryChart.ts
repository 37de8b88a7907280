import type { ScatterSeriesOption } from 'echarts/charts';
import { formatBytes } from '../formatBytes';
import { byteScale } from './byteScale';
import type { ChartOption, ChartSpec } from './ChartOption';
import { buildTimeline, peakPerModel, type RunTelemetry } from './memoryTimeline';
import { modelColor } from './palette';

/** Time on the run's line: tenths of a second for short runs, m:ss for long ones. */
function formatSeconds(ms: number, span = ms): string {
  if (span < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The time axis in seconds for runs under two minutes, in minutes and seconds beyond. */
function timeAxis(durationMs: number): { name: string; format: (ms: number) => string } {
  if (durationMs < 120_000) return { name: 'Time into the run (s)', format: (ms) => (ms / 1000).toFixed(durationMs < 10_000 ? 1 : 0) };
  return { name: 'Time into the run (m:ss)', format: (ms) => formatSeconds(ms, durationMs) };
}

export interface MemoryChartOptions {
  /** The chart's title (the live run names its run). */
  title?: string | undefined;
  height?: number | undefined;
  /** Zoom with the wheel or a pinch: on screen, not in a file. */
  interactive?: boolean;
}

/** Machine RAM, the workers' resident memory and VRAM over the run, with model loads, case starts and each model's peak marked. */
export function memoryChart(
  telemetry: RunTelemetry,
  modelLabels: readonly string[],
  { title = 'Memory over the run', height = 280, interactive = true }: MemoryChartOptions = {},
): ChartSpec {
  const timeline = buildTimeline(telemetry);
  const peaks = peakPerModel(timeline.segments);
  const colorOf = (model: string): string => modelColor(Math.max(0, modelLabels.indexOf(model)));
  const hasVram = timeline.points.some((p) => p.vramUsedBytes !== null);
  const cases = timeline.markers.filter((m) => m.kind === 'case-start');
  const caseStarts: ScatterSeriesOption = {
    name: 'Case starts',
    type: 'scatter',
    symbol: 'rect',
    symbolSize: [1, 8],
    large: true,
    silent: true,
    itemStyle: { opacity: 0.5 },
    tooltip: { show: false },
    data: cases.map((m) => [m.tMs, 0]),
  };
  const time = timeAxis(timeline.durationMs);
  // Plotted in one binary unit, so the axis gets round ticks in it.
  const bytes = byteScale(timeline.points.reduce((a, p) => Math.max(a, p.ramUsedBytes, p.workersRssBytes, p.vramUsedBytes ?? 0), 0));
  const inUnit = (value: number | null): number | null => (value === null ? null : value / bytes.divisor);
  const option: ChartOption = {
    grid: { left: 72, right: 24, top: 36, bottom: 52 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? formatBytes(v * bytes.divisor) : '') },
    xAxis: {
      type: 'value',
      name: time.name,
      nameLocation: 'middle',
      nameGap: 28,
      min: 0,
      max: Math.max(1000, timeline.durationMs),
      axisLabel: { hideOverlap: true, formatter: time.format },
    },
    yAxis: { type: 'value', name: `Memory (${bytes.unit})`, nameLocation: 'middle', nameGap: 52 },
    ...(interactive ? { dataZoom: [{ type: 'inside' as const }] } : {}),
    series: [
      {
        name: 'Machine RAM used',
        type: 'line',
        showSymbol: false,
        sampling: 'lttb',
        lineStyle: { width: 1 },
        areaStyle: { opacity: 0.08 },
        data: timeline.points.map((p) => [p.tMs, inUnit(p.ramUsedBytes)]),
      },
      {
        name: 'Model workers',
        type: 'line',
        showSymbol: false,
        sampling: 'lttb',
        lineStyle: { width: 2 },
        data: timeline.points.map((p) => [p.tMs, inUnit(p.workersRssBytes)]),
        markLine: {
          silent: true,
          symbol: 'none',
          label: { formatter: '{b}', position: 'insideEndTop', fontSize: 10 },
          data: timeline.markers
            .filter((m) => m.kind === 'model-load')
            .map((m) => ({ name: m.label, xAxis: m.tMs, lineStyle: { color: colorOf(m.label), type: 'dashed' as const } })),
        },
        markPoint: {
          symbol: 'circle',
          symbolSize: 9,
          label: { position: 'top', fontSize: 10, formatter: (p) => `peak ${formatBytes(Number(p.value))}` },
          data: timeline.segments.flatMap((s) =>
            s.peakAtMs === null || s.peakRssBytes === null
              ? []
              : [
                  {
                    name: `${s.label} peak`,
                    coord: [s.peakAtMs, s.peakRssBytes / bytes.divisor],
                    value: s.peakRssBytes,
                    itemStyle: { color: colorOf(s.label) },
                    // A peak at the end of the line would have its label cut by the frame: it reads leftwards.
                    ...(s.peakAtMs > timeline.durationMs * 0.9 ? { label: { align: 'right' as const } } : {}),
                  },
                ],
          ),
        },
      },
      ...(hasVram
        ? [
            {
              name: 'VRAM used',
              type: 'line' as const,
              showSymbol: false,
              sampling: 'lttb' as const,
              data: timeline.points.map((p) => [p.tMs, inUnit(p.vramUsedBytes)]),
            },
          ]
        : []),
      caseStarts,
    ],
  };
  const ramPeak = timeline.points.reduce((a, p) => Math.max(a, p.ramUsedBytes), 0);
  const summary =
    timeline.points.length === 0
      ? 'No memory samples yet.'
      : `${formatSeconds(timeline.durationMs)} of samples, ${cases.length} case starts. Machine RAM peaked at ${formatBytes(ramPeak)}.` +
        (peaks.size === 0
          ? ''
          : ` Worker peak per model: ${[...peaks].map(([model, peak]) => `${model} ${formatBytes(peak)}`).join(', ')}.`);
  return { id: 'memory', title, summary, option, height };
}
