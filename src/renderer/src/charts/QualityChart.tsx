import type { BarSeriesOption } from 'echarts/charts';
import type { ModelRunSummary } from '../../../shared/runSummary';
import type { ModelReviewStats } from '../components/review/reviewedStats';
import { EChart } from './EChart';
import type { ChartOption, CustomRenderItem } from './echarts';
import { modelColor } from './palette';

interface QualityChartProps {
  models: readonly ModelRunSummary[];
  /** Pass rates with review labels applied, in the same model order; drawn beside the automatic ones when any label overrides. */
  reviewed: readonly ModelReviewStats[];
}

/** The scorers' own pass rate: `passRate` counts review verdicts once main applies them to the summary. */
function automaticRate(m: ModelRunSummary): ModelRunSummary['passRate'] {
  return m.automaticPassRate ?? m.passRate;
}

/** Mid grey: readable on the light and the dark background. */
const WHISKER = '#8a8d96';

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

/** Whiskers from `lower` to `upper` (data: [category index, lower, upper]), offset to sit on their bar. */
function errorBars(offset: number, color: string): CustomRenderItem {
  return (_params, api) => {
    const x = Number(api.value(0));
    const low = api.coord([x, Number(api.value(1))]);
    const high = api.coord([x, Number(api.value(2))]);
    const size = api.size?.([1, 0]);
    const band = Array.isArray(size) ? (size[0] ?? 40) : 40;
    const cx = (high[0] ?? 0) + band * offset;
    const half = Math.max(3, band * 0.08);
    const style = { stroke: color, lineWidth: 1.5 };
    return {
      type: 'group',
      children: [
        { type: 'line', shape: { x1: cx, y1: low[1] ?? 0, x2: cx, y2: high[1] ?? 0 }, style },
        { type: 'line', shape: { x1: cx - half, y1: low[1] ?? 0, x2: cx + half, y2: low[1] ?? 0 }, style },
        { type: 'line', shape: { x1: cx - half, y1: high[1] ?? 0, x2: cx + half, y2: high[1] ?? 0 }, style },
      ],
    };
  };
}

/** Pass rate per model with its 95% bootstrap interval, the reviewed rate beside it, and each model's verdict against the baseline. */
export function QualityChart({ models, reviewed }: QualityChartProps) {
  const labels = models.map((m) => m.label);
  const overrides = reviewed.some((r) => r.overridden > 0);
  // Two bars share a category side by side (30% of it each, no gap): their centres sit 15% either side.
  const barWidth = overrides ? '30%' : '40%';
  const offset = overrides ? -0.15 : 0;
  const automatic: BarSeriesOption = {
    name: 'Automatic',
    type: 'bar',
    barWidth,
    barGap: '0%',
    // The legend shows this grey; each bar has its model's colour.
    itemStyle: { color: WHISKER },
    data: models.map((m, i) => ({ value: automaticRate(m)?.estimate ?? null, itemStyle: { color: modelColor(i) } })),
    tooltip: { valueFormatter: (v) => (typeof v === 'number' ? pct(v) : 'not scored') },
  };
  const option: ChartOption = {
    grid: { left: 48, right: 16, top: overrides ? 30 : 12, bottom: 40 },
    legend: { top: 0, show: overrides, data: ['Automatic', 'With review'] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, overflow: 'truncate', width: 110 } },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    series: [
      automatic,
      ...(overrides
        ? [
            {
              name: 'With review',
              type: 'bar' as const,
              barWidth,
              barGap: '0%',
              itemStyle: { color: WHISKER, opacity: 0.45 },
              data: reviewed.map((r, i) => ({ value: r.reviewed.total === 0 ? null : r.reviewed.passed / r.reviewed.total, itemStyle: { color: modelColor(i), opacity: 0.45, borderColor: modelColor(i), borderWidth: 1, borderType: 'dashed' as const } })),
              tooltip: { valueFormatter: (v: unknown) => (typeof v === 'number' ? pct(v) : 'not scored') },
            },
          ]
        : []),
      {
        name: '95% interval',
        type: 'custom',
        renderItem: errorBars(offset, WHISKER),
        encode: { x: 0, y: [1, 2] },
        data: models.flatMap((m, i) => {
          const rate = automaticRate(m);
          return rate === null ? [] : [[i, rate.lower, rate.upper]];
        }),
        tooltip: { show: false },
        z: 10,
      },
      ...(overrides
        ? [
            {
              name: '95% interval, reviewed',
              type: 'custom' as const,
              renderItem: errorBars(0.15, WHISKER),
              encode: { x: 0, y: [1, 2] },
              data: reviewed.flatMap((r, i) => (r.reviewed.interval === null ? [] : [[i, r.reviewed.interval.lower, r.reviewed.interval.upper]])),
              tooltip: { show: false },
              z: 10,
            },
          ]
        : []),
    ],
  };
  const summary = models
    .map((m, i) => {
      const r = reviewed[i];
      const auto = automaticRate(m);
      const rate = auto === null ? 'not scored' : `${pct(auto.estimate)} passed (95% interval ${pct(auto.lower)}–${pct(auto.upper)}, n=${auto.n})`;
      const withReview = r !== undefined && r.overridden > 0 && r.reviewed.total > 0 ? `; ${pct(r.reviewed.passed / r.reviewed.total)} with ${r.overridden} review override${r.overridden === 1 ? '' : 's'}` : '';
      const verdict = m.comparison?.passRate?.verdict ?? m.comparison?.meanScore?.verdict;
      return `${m.label}: ${rate}${withReview}${verdict === undefined ? '' : `. ${verdict}`}`;
    })
    .join('. ');
  return <EChart label="Quality per model" summary={`${summary}.`} option={option} />;
}
