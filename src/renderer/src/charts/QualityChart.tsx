import { baselineVerdict, qualityChart } from '../../../shared/charts/qualityChart';
import type { ModelRunSummary } from '../../../shared/runSummary';
import type { ModelReviewStats } from '../components/review/reviewedStats';
import { EChart } from './EChart';

interface QualityChartProps {
  models: readonly ModelRunSummary[];
  /** Pass rates with review labels applied, in the same model order; drawn beside the automatic ones when any label overrides. */
  reviewed: readonly ModelReviewStats[];
}

/** Pass rate per model with its 95% bootstrap interval, the reviewed rate beside it, and each model's verdict against the baseline. */
export function QualityChart({ models, reviewed }: QualityChartProps) {
  const spec = qualityChart(
    models.map((m, i) => {
      const r = reviewed[i];
      const interval = r?.reviewed.interval ?? null;
      return {
        label: m.label,
        // The scorers' own rate: `passRate` counts review verdicts once main applies them to the summary.
        automatic: m.automaticPassRate ?? m.passRate,
        reviewed:
          r === undefined || interval === null
            ? null
            : { estimate: r.reviewed.passed / r.reviewed.total, lower: interval.lower, upper: interval.upper, n: r.reviewed.total },
        overridden: r?.overridden ?? 0,
        verdict: baselineVerdict(m),
      };
    }),
  );
  return <EChart label={spec.title} summary={spec.summary} option={spec.option} height={spec.height} />;
}
