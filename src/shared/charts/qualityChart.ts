import type { BarSeriesOption, CustomSeriesOption } from 'echarts/charts';
import type { ModelRunSummary } from '../runSummary';
import type { ChartOption, ChartSpec } from './ChartOption';
import { errorBars } from './errorBars';
import { modelColor, NEUTRAL_GREY } from './palette';

/** A pass rate with its 95% interval, on 0–1. */
export interface RateWithInterval {
  estimate: number;
  lower: number;
  upper: number;
  n: number;
}

/**
 * One model's bars: the scorers' pass rate, the rate with review verdicts applied (null: not
 * known), how many results a review verdict overturned, and its verdict against the baseline.
 */
export interface QualityModel {
  label: string;
  automatic: RateWithInterval | null;
  reviewed: RateWithInterval | null;
  overridden: number;
  verdict: string | null;
}

/** A model's verdict against the baseline in words: on pass rate, or on mean score where pass rate has none; null for the baseline. */
export function baselineVerdict(model: Pick<ModelRunSummary, 'comparison'>): string | null {
  return model.comparison?.passRate?.verdict ?? model.comparison?.meanScore?.verdict ?? null;
}

const WHISKER = NEUTRAL_GREY;
const FADED = 0.45;

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

function whiskers(name: string, offset: number, rates: readonly (RateWithInterval | null)[]): CustomSeriesOption {
  return {
    name,
    type: 'custom',
    renderItem: errorBars(offset, WHISKER),
    encode: { x: 0, y: [1, 2] },
    data: rates.flatMap((r, i) => (r === null ? [] : [[i, r.lower, r.upper]])),
    tooltip: { show: false },
    z: 10,
  };
}

/**
 * Pass rate per model with its 95% interval, each model's verdict against the baseline, and,
 * once a review verdict overturns any result, the reviewed rate beside the automatic one.
 */
export function qualityChart(models: readonly QualityModel[]): ChartSpec {
  const overrides = models.some((m) => m.overridden > 0);
  // Two bars share a category side by side (30% of it each, no gap): their centres sit 15% either side.
  const barWidth = overrides ? '30%' : '40%';
  // The reviewed bars are faded and dashed, so they read as a second look at the same model.
  const bars = (name: string, rates: readonly (RateWithInterval | null)[], faded: boolean): BarSeriesOption => ({
    name,
    type: 'bar',
    barWidth,
    barGap: '0%',
    // The legend shows this grey; each bar has its model's colour.
    itemStyle: faded ? { color: WHISKER, opacity: FADED } : { color: WHISKER },
    data: rates.map((r, i) => ({
      value: r?.estimate ?? null,
      itemStyle: faded
        ? { color: modelColor(i), opacity: FADED, borderColor: modelColor(i), borderWidth: 1, borderType: 'dashed' as const }
        : { color: modelColor(i) },
    })),
    tooltip: { valueFormatter: (v) => (typeof v === 'number' ? pct(v) : 'not scored') },
  });
  const reviewed = models.map((m) => m.reviewed);
  const option: ChartOption = {
    grid: { left: 64, right: 16, top: overrides ? 40 : 24, bottom: 52 },
    legend: { top: 0, show: overrides, data: ['Automatic', 'With review'] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      name: 'Model',
      nameLocation: 'middle',
      nameGap: 30,
      data: models.map((m) => m.label),
      axisLabel: { interval: 0, overflow: 'truncate', width: 110 },
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
      bars(
        'Automatic',
        models.map((m) => m.automatic),
        false,
      ),
      ...(overrides ? [bars('With review', reviewed, true)] : []),
      whiskers(
        '95% interval',
        overrides ? -0.15 : 0,
        models.map((m) => m.automatic),
      ),
      ...(overrides ? [whiskers('95% interval, reviewed', 0.15, reviewed)] : []),
    ],
  };
  const summary = models
    .map((m) => {
      const rate =
        m.automatic === null
          ? 'not scored'
          : `${pct(m.automatic.estimate)} passed (95% interval ${pct(m.automatic.lower)}–${pct(m.automatic.upper)}, n=${m.automatic.n})`;
      const withReview =
        m.overridden > 0 && m.reviewed !== null
          ? `; ${pct(m.reviewed.estimate)} with ${m.overridden} review override${m.overridden === 1 ? '' : 's'}`
          : '';
      return `${m.label}: ${rate}${withReview}${m.verdict === null ? '' : `. ${m.verdict}`}`;
    })
    .join('. ');
  return { id: 'quality', title: 'Quality per model', summary: `${summary}.`, option, height: 280 };
}
