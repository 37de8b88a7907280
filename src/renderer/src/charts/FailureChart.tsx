import type { CaseRow } from '../components/compare/caseRows';
import { FAILURE_CATEGORIES, FAILURE_CATEGORY_LABELS, primaryFailureCategory, type FailureCategory } from '../components/compare/failureCategory';
import type { ModelColumn } from '../components/compare/types';
import { EChart } from './EChart';
import type { ChartOption } from './echarts';

const CATEGORY_COLORS: Record<FailureCategory, string> = {
  'runtime-error': '#7f3b08',
  'empty-output': '#999999',
  'max-tokens': '#E69F00',
  'broken-format': '#CC79A7',
  'too-long': '#56B4E9',
  'too-short': '#009E73',
  'wrong-answer': '#D55E00',
};

/** Failed cases per model in each category; a case counts in every category that describes it. */
export function failureCounts(rows: readonly CaseRow[], models: readonly ModelColumn[]): Record<FailureCategory, number[]> {
  const counts = Object.fromEntries(FAILURE_CATEGORIES.map((c) => [c, models.map(() => 0)])) as Record<FailureCategory, number[]>;
  for (const row of rows) {
    row.cells.forEach((cell, i) => {
      for (const c of cell?.categories ?? []) counts[c][i] = (counts[c][i] ?? 0) + 1;
    });
  }
  return counts;
}

/** Failed cases per model, each once, under its main category. */
function failedCases(rows: readonly CaseRow[], index: number): number {
  return rows.filter((r) => primaryFailureCategory(r.cells[index]?.categories ?? []) !== null).length;
}

/** Why each model failed: failed cases per model in each failure category, side by side. */
export function FailureChart({ rows, models }: { rows: readonly CaseRow[]; models: readonly ModelColumn[] }) {
  const counts = failureCounts(rows, models);
  const used = FAILURE_CATEGORIES.filter((c) => counts[c].some((n) => n > 0));
  const option: ChartOption = {
    grid: { left: 40, right: 16, top: used.length > 3 ? 64 : 44, bottom: 40 },
    legend: { top: 0, type: 'plain', itemWidth: 12, itemGap: 8, textStyle: { fontSize: 11 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: models.map((m) => m.label), axisLabel: { interval: 0, overflow: 'truncate', width: 110 } },
    yAxis: { type: 'value', minInterval: 1, name: 'cases' },
    series: used.map((c) => ({ name: FAILURE_CATEGORY_LABELS[c], type: 'bar' as const, barMaxWidth: 28, itemStyle: { color: CATEGORY_COLORS[c] }, data: counts[c] })),
  };
  const summary =
    used.length === 0
      ? 'No failed cases.'
      : models
          .map((m, i) => {
            const parts = used.filter((c) => (counts[c][i] ?? 0) > 0).map((c) => `${counts[c][i] ?? 0} ${FAILURE_CATEGORY_LABELS[c].toLowerCase()}`);
            const failed = failedCases(rows, i);
            return `${m.label}: ${parts.length === 0 ? 'no failures' : `${failed} failed (${parts.join(', ')})`}`;
          })
          .join('. ') + '. A failed case counts in every category that describes it.';
  return <EChart label="Failures by category" summary={summary} option={option} height={260} />;
}
