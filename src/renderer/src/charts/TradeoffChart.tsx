import { EChart } from './EChart';
import type { ChartOption } from './echarts';
import { modelColor } from './palette';
import { paretoFrontier } from './paretoFrontier';

/** One model on a trade-off: its colour index, quality (0–1) and the cost or benefit on x (null: not known). */
export interface TradeoffModel {
  index: number;
  label: string;
  quality: number | null;
  x: number | null;
}

interface TradeoffChartProps {
  label: string;
  xName: string;
  xBetter: 'lower' | 'higher';
  formatX: (value: number) => string;
  models: readonly TradeoffModel[];
}

function pad(extent: { min: number; max: number }): number {
  return Math.max((extent.max - extent.min) * 0.2, Math.abs(extent.max) * 0.05, 1e-9);
}

/** Quality against one cost or benefit per model, with the Pareto frontier (the models nothing beats on both) joined and labelled. */
export function TradeoffChart({ label, xName, xBetter, formatX, models }: TradeoffChartProps) {
  const points = models.flatMap((m) => (m.quality === null || m.x === null ? [] : [{ id: m.label, x: m.x, y: m.quality, index: m.index }]));
  const frontier = paretoFrontier(points, xBetter);
  const onFrontier = new Set(frontier.map((p) => p.id));
  const option: ChartOption = {
    grid: { left: 52, right: 24, top: 24, bottom: 48 },
    tooltip: { trigger: 'item', formatter: (p) => {
      const item = Array.isArray(p) ? p[0] : p;
      const point = points.find((q) => q.id === item?.name);
      return point === undefined ? '' : `${point.id}<br/>${xName}: ${formatX(point.x)}<br/>pass rate: ${(point.y * 100).toFixed(1)}%${onFrontier.has(point.id) ? '<br/>on the Pareto frontier' : ''}`;
    } },
    xAxis: {
      type: 'value',
      name: xName,
      nameLocation: 'middle',
      nameGap: 28,
      splitNumber: 3,
      // Room either side, so the end points and their labels are not cut by the frame.
      min: (extent: { min: number; max: number }) => Math.max(0, extent.min - pad(extent)),
      max: (extent: { min: number; max: number }) => extent.max + pad(extent),
      axisLabel: { hideOverlap: true, formatter: (v: number) => formatX(v) },
    },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    series: [
      { name: 'Pareto frontier', type: 'line', data: frontier.map((p) => [p.x, p.y]), symbol: 'none', lineStyle: { type: 'dashed', width: 2 }, silent: true, z: 1 },
      {
        name: 'Models',
        type: 'scatter',
        z: 2,
        labelLayout: { moveOverlap: 'shiftY' },
        data: points.map((p) => ({
          name: p.id,
          value: [p.x, p.y],
          symbolSize: onFrontier.has(p.id) ? 16 : 10,
          itemStyle: onFrontier.has(p.id) ? { color: modelColor(p.index), borderColor: '#8a8d96', borderWidth: 1.5 } : { color: 'transparent', borderColor: modelColor(p.index), borderWidth: 2 },
          label: { show: true, formatter: p.id, position: 'top', fontSize: 10 },
        })),
      },
    ],
  };
  const missing = models.filter((m) => m.quality === null || m.x === null).map((m) => m.label);
  const summary =
    points.length === 0
      ? 'Not enough figures to place any model yet.'
      : `${points.map((p) => `${p.id}: ${formatX(p.x)}, ${(p.y * 100).toFixed(1)}% passed`).join('; ')}. On the Pareto frontier (filled markers; nothing beats them on both ${xName.toLowerCase()} and quality): ${frontier.map((p) => p.id).join(', ')}.` +
        (missing.length > 0 ? ` Not placed: ${missing.join(', ')}.` : '');
  return <EChart label={label} summary={summary} option={option} height={260} />;
}
