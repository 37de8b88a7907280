import type { ScatterSeriesOption } from 'echarts/charts';
import { formatBytes } from '../components/formatters';
import type { RunTelemetry } from '../components/compare/types';
import { EChart } from './EChart';
import type { ChartOption } from './echarts';
import { modelColor } from './palette';
import { buildTimeline, peakPerModel } from './memoryTimeline';

interface MemoryChartProps {
  telemetry: RunTelemetry;
  /** Model labels in run order, so each model keeps its colour across charts. */
  modelLabels: readonly string[];
  label?: string;
  height?: number;
}

/** Time on the run's line: tenths of a second for short runs, m:ss for long ones. */
function formatSeconds(ms: number, span = ms): string {
  if (span < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Machine RAM, the workers' resident memory and VRAM over the run, with model loads, case starts and each model's peak marked. */
export function MemoryChart({ telemetry, modelLabels, label = 'Memory over the run', height = 280 }: MemoryChartProps) {
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
  const option: ChartOption = {
    grid: { left: 72, right: 24, top: 36, bottom: 44 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? formatBytes(v) : '') },
    xAxis: { type: 'value', min: 0, max: Math.max(1000, timeline.durationMs), axisLabel: { hideOverlap: true, formatter: (v: number) => formatSeconds(v, timeline.durationMs) } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatBytes(v) } },
    dataZoom: [{ type: 'inside' }],
    series: [
      { name: 'Machine RAM used', type: 'line', showSymbol: false, sampling: 'lttb', lineStyle: { width: 1 }, areaStyle: { opacity: 0.08 }, data: timeline.points.map((p) => [p.tMs, p.ramUsedBytes]) },
      {
        name: 'Model workers',
        type: 'line',
        showSymbol: false,
        sampling: 'lttb',
        lineStyle: { width: 2 },
        data: timeline.points.map((p) => [p.tMs, p.workersRssBytes]),
        markLine: {
          silent: true,
          symbol: 'none',
          label: { formatter: '{b}', position: 'insideEndTop', fontSize: 10 },
          data: timeline.markers.filter((m) => m.kind === 'model-load').map((m) => ({ name: m.label, xAxis: m.tMs, lineStyle: { color: colorOf(m.label), type: 'dashed' as const } })),
        },
        markPoint: {
          symbol: 'circle',
          symbolSize: 9,
          label: { position: 'top', fontSize: 10, formatter: (p) => `peak ${formatBytes(Number(p.value))}` },
          data: timeline.segments.flatMap((s) => (s.peakAtMs === null || s.peakRssBytes === null ? [] : [{ name: `${s.label} peak`, coord: [s.peakAtMs, s.peakRssBytes], value: s.peakRssBytes, itemStyle: { color: colorOf(s.label) } }])),
        },
      },
      ...(hasVram ? [{ name: 'VRAM used', type: 'line' as const, showSymbol: false, sampling: 'lttb' as const, data: timeline.points.map((p) => [p.tMs, p.vramUsedBytes]) }] : []),
      caseStarts,
    ],
  };
  const ramPeak = timeline.points.reduce((a, p) => Math.max(a, p.ramUsedBytes), 0);
  const summary =
    timeline.points.length === 0
      ? 'No memory samples yet.'
      : `${formatSeconds(timeline.durationMs)} of samples, ${cases.length} case starts. Machine RAM peaked at ${formatBytes(ramPeak)}.` +
        (peaks.size === 0 ? '' : ` Worker peak per model: ${[...peaks].map(([model, bytes]) => `${model} ${formatBytes(bytes)}`).join(', ')}.`);
  return <EChart label={label} summary={summary} option={option} height={height} />;
}
