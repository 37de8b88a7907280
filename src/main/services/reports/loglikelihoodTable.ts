import type { Report } from './Report';
import { percentInterval } from '../../../shared/formatPercent';
import type { TextTable } from './reportTables';

/**
 * Log-likelihood multiple choice per model: acc, acc_norm and mean P(correct) with bootstrap
 * intervals, and the acc verdict against the baseline; null when the run scored no choices.
 */
export function loglikelihoodTable(report: Report): TextTable | null {
  const models = report.summary.models.filter((m) => m.loglikelihood !== undefined);
  if (models.length === 0) return null;
  return {
    caption:
      'Log-likelihood multiple choice, as lm-evaluation-harness computes it: acc picks the choice with the highest summed log-probability after the context, acc_norm the highest per byte of the choice; P(correct) is the softmax over the choices at the right one. Bootstrap 95% intervals; against the baseline, McNemar’s exact test on acc.',
    headers: ['Model', 'Items', 'acc (95% CI)', 'acc_norm (95% CI)', 'P(correct) (95% CI)', 'acc against the baseline'],
    rows: models.flatMap((m) => {
      const ll = m.loglikelihood;
      if (ll === undefined) return [];
      return [
        [
          m.label,
          String(ll.items),
          percentInterval(ll.acc),
          percentInterval(ll.accNorm),
          percentInterval(ll.probCorrect),
          ll.comparison === null ? '–' : ll.comparison.acc.verdict,
        ],
      ];
    }),
  };
}
