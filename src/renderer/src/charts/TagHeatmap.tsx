import { tagChart, type TagCounts } from '../../../shared/charts/tagChart';
import type { CaseRow } from '../components/compare/caseRows';
import type { ModelColumn } from '../stores/compareTypes';
import { EChart } from './EChart';

/** Pass counts per tag and model, from the rows' outcomes (review labels applied), tags in alphabetical order. */
export function tagPassRates(rows: readonly CaseRow[], models: readonly ModelColumn[]): TagCounts[] {
  const byTag = new Map<string, { passed: number; total: number }[]>();
  for (const row of rows) {
    for (const tag of row.testCase.tags) {
      let counts = byTag.get(tag);
      if (counts === undefined) byTag.set(tag, (counts = models.map(() => ({ passed: 0, total: 0 }))));
      row.cells.forEach((cell, i) => {
        const c = counts[i];
        if (cell === null || c === undefined) return;
        c.passed += cell.passed;
        c.total += cell.counted;
      });
    }
  }
  return [...byTag].sort(([a], [b]) => a.localeCompare(b)).map(([tag, perModel]) => ({ tag, perModel }));
}

/** Pass rate by test set tag (rows) and model (columns), with review labels applied. */
export function TagHeatmap({ rows, models }: { rows: readonly CaseRow[]; models: readonly ModelColumn[] }) {
  const spec = tagChart(
    tagPassRates(rows, models),
    models.map((m) => m.label),
  );
  return <EChart label={spec.title} summary={spec.summary} option={spec.option} height={spec.height} />;
}
