import { failureChart } from '../../../shared/charts/failureChart';
import type { CaseRow } from '../components/compare/caseRows';
import type { ModelColumn } from '../stores/compareTypes';
import { EChart } from './EChart';

/** Why each model failed: failed cases per model in each failure category, side by side. */
export function FailureChart({ rows, models }: { rows: readonly CaseRow[]; models: readonly ModelColumn[] }) {
  const spec = failureChart(
    rows.map((r) => r.cells.map((cell) => cell?.categories ?? null)),
    models.map((m) => m.label),
  );
  return <EChart label={spec.title} summary={spec.summary} option={spec.option} height={spec.height} />;
}
