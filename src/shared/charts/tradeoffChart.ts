import { formatBytes } from '../formatBytes';
import { byteScale } from './byteScale';
import type { ChartOption, ChartSpec } from './ChartOption';
import { modelColor, NEUTRAL_GREY } from './palette';
import { paretoFrontier } from './paretoFrontier';

/** One model on a trade-off: its colour index, quality (0–1) and the cost or benefit on x (null: not known). */
export interface TradeoffModel {
  index: number;
  label: string;
  quality: number | null;
  x: number | null;
}

/** What a trade-off chart puts on x. */
export interface TradeoffAxis {
  id: string;
  title: string;
  /** What x measures, without its unit ("File size"). */
  quantity: string;
  /** The unit the axis is drawn in ("MiB"). */
  unit: string;
  xBetter: 'lower' | 'higher';
  /** A value with its unit, for tooltips and the summary. */
  formatX: (value: number) => string;
  /** What x is divided by on the axis, so its ticks are round numbers in `unit` (1024² for MiB). */
  xDivisor?: number;
}

/**
 * Room either side of the points, so the end points and their labels are not cut by the frame,
 * rounded outwards to a power of ten below the room, so the axis ends on a readable number.
 */
export function paddedExtent(extent: { min: number; max: number }): { min: number; max: number } {
  const pad = Math.max((extent.max - extent.min) * 0.2, Math.abs(extent.max) * 0.05, 1e-9);
  const exponent = Math.floor(Math.log10(pad));
  // toFixed drops the binary noise of a decimal step (5.300000000000001).
  const round = (steps: number): number => Number((steps * 10 ** exponent).toFixed(Math.max(0, -exponent)));
  return {
    min: Math.max(0, round(Math.floor((extent.min - pad) / 10 ** exponent))),
    max: round(Math.ceil((extent.max + pad) / 10 ** exponent)),
  };
}

/** Quality against one cost or benefit per model, with the Pareto frontier (the models nothing beats on both) joined and labelled. */
export function tradeoffChart(
  { id, title, quantity, unit, xBetter, formatX, xDivisor = 1 }: TradeoffAxis,
  models: readonly TradeoffModel[],
): ChartSpec {
  const points = models.flatMap((m) => (m.quality === null || m.x === null ? [] : [{ id: m.label, x: m.x, y: m.quality, index: m.index }]));
  const frontier = paretoFrontier(points, xBetter);
  const onFrontier = new Set(frontier.map((p) => p.id));
  const option: ChartOption = {
    // Each model is its own series, so the legend names every point even where its label gave way.
    legend: { top: 0, type: 'scroll', itemWidth: 12, itemGap: 8, textStyle: { fontSize: 11 }, data: points.map((p) => p.id) },
    grid: { left: 64, right: 24, top: 40, bottom: 48 },
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const item = Array.isArray(p) ? p[0] : p;
        const point = points.find((q) => q.id === item?.name);
        return point === undefined
          ? ''
          : `${point.id}<br/>${quantity}: ${formatX(point.x)}<br/>pass rate: ${(point.y * 100).toFixed(1)}%${onFrontier.has(point.id) ? '<br/>on the Pareto frontier' : ''}`;
      },
    },
    xAxis: {
      type: 'value',
      name: `${quantity} (${unit})`,
      nameLocation: 'middle',
      nameGap: 28,
      splitNumber: 3,
      min: (extent: { min: number; max: number }) => paddedExtent(extent).min,
      max: (extent: { min: number; max: number }) => paddedExtent(extent).max,
      axisLabel: { hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      name: 'Pass rate (%)',
      nameLocation: 'middle',
      nameGap: 44,
      min: 0,
      max: 1,
      axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
    },
    series: [
      {
        name: 'Pareto frontier',
        type: 'line',
        data: frontier.map((p) => [p.x / xDivisor, p.y]),
        symbol: 'none',
        lineStyle: { type: 'dashed', width: 2 },
        silent: true,
        z: 1,
      },
      ...points.map((p) => ({
        name: p.id,
        type: 'scatter' as const,
        z: 2,
        symbolSize: onFrontier.has(p.id) ? 16 : 10,
        itemStyle: onFrontier.has(p.id)
          ? { color: modelColor(p.index), borderColor: NEUTRAL_GREY, borderWidth: 1.5 }
          : { color: 'transparent', borderColor: modelColor(p.index), borderWidth: 2 },
        // Close points (quantizations of one model often pass the same cases) would stack their
        // labels: ECharts moves them apart, and hides what still overlaps (the legend names it).
        labelLayout: { moveOverlap: 'shiftY' as const, hideOverlap: true },
        label: { show: true, formatter: p.id, position: 'top' as const, fontSize: 10 },
        data: [{ name: p.id, value: [p.x / xDivisor, p.y] }],
      })),
    ],
  };
  const missing = models.filter((m) => m.quality === null || m.x === null).map((m) => m.label);
  const summary =
    points.length === 0
      ? 'Not enough figures to place any model.'
      : `${points.map((p) => `${p.id}: ${formatX(p.x)}, ${(p.y * 100).toFixed(1)}% passed`).join('; ')}. On the Pareto frontier (filled markers; nothing beats them on both ${quantity.toLowerCase()} and quality): ${frontier.map((p) => p.id).join(', ')}.` +
        (missing.length > 0 ? ` Not placed: ${missing.join(', ')}.` : '');
  return { id, title, summary, option, height: 260 };
}

/** One model's figures for the trade-off charts (null: not known). */
export interface TradeoffFigures {
  label: string;
  /** Pass rate on 0–1, review verdicts applied. */
  quality: number | null;
  fileBytes: number | null;
  /** Median generation speed. */
  tokensPerSecond: number | null;
  /** The worker's peak resident memory plus its VRAM. */
  peakBytes: number | null;
}

/** Quality against file size, generation speed and peak memory: the three trade-offs of a quantization. */
export function tradeoffCharts(models: readonly TradeoffFigures[]): ChartSpec[] {
  const on = (x: (m: TradeoffFigures) => number | null): TradeoffModel[] =>
    models.map((m, index) => ({ index, label: m.label, quality: m.quality, x: x(m) }));
  const bytesAxis = (id: string, title: string, quantity: string, x: (m: TradeoffFigures) => number | null): ChartSpec => {
    const scale = byteScale(Math.max(0, ...models.map((m) => x(m) ?? 0)));
    return tradeoffChart({ id, title, quantity, unit: scale.unit, xBetter: 'lower', formatX: formatBytes, xDivisor: scale.divisor }, on(x));
  };
  return [
    bytesAxis('tradeoff-size', 'Quality vs file size', 'File size', (m) => m.fileBytes),
    tradeoffChart(
      {
        id: 'tradeoff-speed',
        title: 'Quality vs generation speed',
        quantity: 'Generation speed, median',
        unit: 'tokens/s',
        xBetter: 'higher',
        formatX: (v) => `${v.toFixed(1)} tokens/s`,
      },
      on((m) => m.tokensPerSecond),
    ),
    bytesAxis('tradeoff-memory', 'Quality vs peak memory', 'Peak memory', (m) => m.peakBytes),
  ];
}
