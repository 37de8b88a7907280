import { FAILURE_CATEGORIES, FAILURE_CATEGORY_LABELS, primaryFailureCategory, type FailureCategory } from '../failureCategory';
import type { ChartOption, ChartSpec } from './ChartOption';

const CATEGORY_COLORS: Record<FailureCategory, string> = {
  'runtime-error': '#7f3b08',
  'empty-output': '#999999',
  'max-tokens': '#E69F00',
  'broken-format': '#CC79A7',
  'too-long': '#56B4E9',
  'too-short': '#009E73',
  'wrong-answer': '#D55E00',
};

/**
 * Why each case failed, per model: `cases[case][model]` holds the categories of that model's
 * failed answers to the case (every repetition's together), empty or null where it did not fail.
 */
export type FailureGrid = readonly (readonly (readonly FailureCategory[] | null)[])[];

/** Failed cases per model in each category; a case counts in every category that describes it. */
export function failureCounts(cases: FailureGrid, modelCount: number): Record<FailureCategory, number[]> {
  const counts = Object.fromEntries(FAILURE_CATEGORIES.map((c) => [c, Array.from({ length: modelCount }, () => 0)])) as Record<
    FailureCategory,
    number[]
  >;
  for (const perModel of cases) {
    perModel.forEach((categories, i) => {
      for (const c of categories ?? []) counts[c][i] = (counts[c][i] ?? 0) + 1;
    });
  }
  return counts;
}

/** Why each model failed: failed cases per model in each failure category, side by side. */
export function failureChart(cases: FailureGrid, modelLabels: readonly string[]): ChartSpec {
  const counts = failureCounts(cases, modelLabels.length);
  const used = FAILURE_CATEGORIES.filter((c) => counts[c].some((n) => n > 0));
  // Each failed case once, under its main category.
  const failed = (i: number): number => cases.filter((perModel) => primaryFailureCategory(perModel[i] ?? []) !== null).length;
  const option: ChartOption = {
    grid: { left: 56, right: 16, top: used.length > 3 ? 64 : 44, bottom: 52 },
    legend: { top: 0, type: 'plain', itemWidth: 12, itemGap: 8, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      name: 'Model',
      nameLocation: 'middle',
      nameGap: 30,
      data: [...modelLabels],
      axisLabel: { interval: 0, overflow: 'truncate', width: 110 },
    },
    yAxis: { type: 'value', minInterval: 1, name: 'Failed cases (count)', nameLocation: 'middle', nameGap: 36 },
    series: used.map((c) => ({
      name: FAILURE_CATEGORY_LABELS[c],
      type: 'bar' as const,
      barMaxWidth: 28,
      itemStyle: { color: CATEGORY_COLORS[c] },
      data: counts[c],
    })),
  };
  const summary =
    used.length === 0
      ? 'No failed cases.'
      : modelLabels
          .map((label, i) => {
            const parts = used
              .filter((c) => (counts[c][i] ?? 0) > 0)
              .map((c) => `${counts[c][i] ?? 0} ${FAILURE_CATEGORY_LABELS[c].toLowerCase()}`);
            return `${label}: ${parts.length === 0 ? 'no failures' : `${failed(i)} failed (${parts.join(', ')})`}`;
          })
          .join('. ') + '. A failed case counts in every category that describes it.';
  return { id: 'failures', title: 'Failures by category', summary, option, height: 260 };
}
