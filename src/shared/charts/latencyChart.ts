import type { CaseResult } from '../runs';
import { boxStats, type BoxStats } from './boxStats';
import type { ChartOption, ChartSpec } from './ChartOption';
import { modelColor } from './palette';

/** The two latency figures METRICS.md reports per model. */
export type LatencyMetric = 'ttft' | 'generation';

/** What a latency chart reads of a stored result. */
export type TimedResult = Pick<CaseResult, 'modelKey' | 'error' | 'timings'> & { cachedFrom?: string | null };

const METRICS: Record<
  LatencyMetric,
  { label: string; unit: string; value: (r: TimedResult) => number | null | undefined; digits: number }
> = {
  ttft: { label: 'Time to first token', unit: 'ms', value: (r) => r.timings?.timeToFirstTokenMs, digits: 0 },
  generation: { label: 'Generation speed', unit: 'tokens/s', value: (r) => r.timings?.generationTokensPerSecond, digits: 1 },
};

/** The measured values of one model: harness errors and cached outputs (which were not timed) left out. */
export function latencyValues(results: readonly TimedResult[], modelKey: string, metric: LatencyMetric): number[] {
  return results.flatMap((r) => {
    if (r.modelKey !== modelKey || r.error !== null || r.cachedFrom != null) return [];
    const v = METRICS[metric].value(r);
    return typeof v === 'number' && Number.isFinite(v) ? [v] : [];
  });
}

/** Box plot per model of one latency figure over every measured case result (models in run order, for their colours). */
export function latencyChart(
  metric: LatencyMetric,
  results: readonly TimedResult[],
  models: readonly { key: string; label: string }[],
): ChartSpec {
  const spec = METRICS[metric];
  const stats: (BoxStats | null)[] = models.map((m) => boxStats(latencyValues(results, m.key, metric)));
  const fmt = (v: number): string => `${v.toFixed(spec.digits)} ${spec.unit}`;
  const option: ChartOption = {
    grid: { left: 72, right: 16, top: 16, bottom: 52 },
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const item = Array.isArray(p) ? p[0] : p;
        const s = stats[item?.dataIndex ?? -1];
        return s == null
          ? ''
          : `${item?.name ?? ''}<br/>median ${fmt(s.median)}<br/>quartiles ${fmt(s.q1)} – ${fmt(s.q3)}<br/>range ${fmt(s.min)} – ${fmt(s.max)}<br/>n = ${s.n}`;
      },
    },
    xAxis: {
      type: 'category',
      name: 'Model',
      nameLocation: 'middle',
      nameGap: 30,
      data: models.map((m) => m.label),
      axisLabel: { interval: 0, overflow: 'truncate', width: 110 },
    },
    yAxis: { type: 'value', name: `${spec.label} (${spec.unit})`, nameLocation: 'middle', nameGap: 52, scale: true },
    series: [
      {
        name: spec.label,
        type: 'boxplot',
        data: stats.map((s, i) => ({
          value: s === null ? [] : [s.min, s.q1, s.median, s.q3, s.max],
          itemStyle: { borderColor: modelColor(i), color: 'transparent' },
        })),
      },
    ],
  };
  const summary = stats.every((s) => s === null)
    ? 'No timed results.'
    : models
        .map((m, i) => {
          const s = stats[i];
          return s == null
            ? `${m.label}: no timed results`
            : `${m.label}: median ${fmt(s.median)}, middle half ${fmt(s.q1)} to ${fmt(s.q3)}, over ${s.n} results`;
        })
        .join('. ') + '.';
  return { id: `latency-${metric}`, title: `${spec.label} per model`, summary, option, height: 240 };
}
