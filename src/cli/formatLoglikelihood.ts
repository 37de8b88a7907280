import { textTable } from '../shared/textTable';
import { percentInterval } from '../shared/formatPercent';

type Interval = { estimate: number; lower: number; upper: number };

/** One model's log-likelihood multiple-choice figures, as `evalbench loglikelihood` and a run's summary both give them. */
export interface LoglikelihoodFigures {
  label: string;
  items: number;
  acc: Interval;
  accNorm: Interval;
  probCorrect: Interval;
  /** The verdicts against the baseline on the same items; null for the baseline itself. */
  comparison: { baseline: string; acc: string; accNorm: string; probCorrect: string } | null;
}

/**
 * The log-likelihood table the CLI prints, for `evalbench loglikelihood` and `evalbench run`
 * alike: acc, acc_norm and mean P(correct) per model with their bootstrap 95% intervals, then
 * each model's three verdicts against the baseline under "<model> vs <baseline>:".
 */
export function formatLoglikelihood(models: readonly LoglikelihoodFigures[]): string[] {
  const header = ['Model', 'Items', 'acc (95% CI)', 'acc_norm (95% CI)', 'P(correct) (95% CI)'];
  const rows = models.map((m) => [
    m.label,
    String(m.items),
    percentInterval(m.acc),
    percentInterval(m.accNorm),
    percentInterval(m.probCorrect),
  ]);
  const out = textTable(header, rows);
  for (const { label, comparison } of models) {
    if (comparison === null) continue;
    out.push(
      '',
      `${label} vs ${comparison.baseline}:`,
      `  acc:        ${comparison.acc}`,
      `  acc_norm:   ${comparison.accNorm}`,
      `  P(correct): ${comparison.probCorrect}`,
    );
  }
  return out;
}
