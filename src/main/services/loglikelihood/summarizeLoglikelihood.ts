import {
  bootstrapMeanCi,
  bootstrapPassRateCi,
  comparePassRates,
  compareScores,
  verdict,
  type BootstrapInterval,
  type PairedComparison,
} from '../../../shared/stats';
import type { MultipleChoiceFigures } from './multipleChoice';

/** One model's figures over a multiple-choice set, as lm-evaluation-harness reports them, with bootstrap 95% intervals. */
export interface LoglikelihoodModelSummary {
  label: string;
  items: number;
  acc: BootstrapInterval;
  accNorm: BootstrapInterval;
  /** Mean softmax probability of the right choice among the choices. */
  probCorrect: BootstrapInterval;
  /** Against the baseline on the same items (McNemar's exact test for acc and acc_norm, a permutation test for the probability); null for the baseline. */
  comparison: { baseline: string; acc: string; accNorm: string; probCorrect: string } | null;
}

/** The per-item figures the statistics read: from `multipleChoiceFigures`, or stored with a run's result. */
export type ChoiceOutcome = Pick<MultipleChoiceFigures, 'acc' | 'accNorm' | 'probCorrect'>;

/** acc, acc_norm and mean P(correct) over `items`, each with a percentile bootstrap 95% interval. */
export function loglikelihoodIntervals(items: readonly ChoiceOutcome[]): {
  items: number;
  acc: BootstrapInterval;
  accNorm: BootstrapInterval;
  probCorrect: BootstrapInterval;
} {
  return {
    items: items.length,
    acc: bootstrapPassRateCi(items.map((f) => f.acc === 1)),
    accNorm: bootstrapPassRateCi(items.map((f) => f.accNorm === 1)),
    probCorrect: bootstrapMeanCi(items.map((f) => f.probCorrect)),
  };
}

/**
 * A candidate against its baseline on the same items, paired by position: McNemar's exact test
 * for acc and acc_norm, a paired permutation test for P(correct).
 */
export function compareLoglikelihood(
  candidate: readonly ChoiceOutcome[],
  baseline: readonly ChoiceOutcome[],
): { acc: PairedComparison; accNorm: PairedComparison; probCorrect: PairedComparison } {
  return {
    acc: comparePassRates(
      candidate.map((f) => f.acc === 1),
      baseline.map((f) => f.acc === 1),
    ),
    accNorm: comparePassRates(
      candidate.map((f) => f.accNorm === 1),
      baseline.map((f) => f.accNorm === 1),
    ),
    probCorrect: compareScores(
      candidate.map((f) => f.probCorrect),
      baseline.map((f) => f.probCorrect),
    ),
  };
}

/**
 * Summarises per-item figures per model (every model scored on the same items, in the same
 * order) with the statistics every other score gets: percentile bootstrap intervals, and paired
 * comparisons against the first model, the baseline.
 */
export function summarizeLoglikelihood(
  models: readonly { label: string; figures: readonly MultipleChoiceFigures[] }[],
): LoglikelihoodModelSummary[] {
  const base = models[0];
  return models.map((m) => {
    let comparison: LoglikelihoodModelSummary['comparison'] = null;
    if (base !== undefined && m !== base) {
      if (base.figures.length !== m.figures.length)
        throw new RangeError(`${m.label} has ${m.figures.length} items but ${base.label} has ${base.figures.length}`);
      const names = { candidate: m.label, baseline: base.label, scale: 100, unit: 'percentage points' };
      const c = compareLoglikelihood(m.figures, base.figures);
      comparison = {
        baseline: base.label,
        acc: verdict(c.acc, names),
        accNorm: verdict(c.accNorm, names),
        probCorrect: verdict(c.probCorrect, names),
      };
    }
    return { label: m.label, ...loglikelihoodIntervals(m.figures), comparison };
  });
}
