import {
  bootstrapMeanCi,
  bootstrapPassRateCi,
  comparePassRates,
  compareScores,
  verdict,
  type BootstrapInterval,
} from '../../../shared/stats';
import type { MultipleChoiceFigures } from './multipleChoice';
import { textTable } from '../../../shared/textTable';

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
    const acc = m.figures.map((f) => f.acc === 1);
    const accNorm = m.figures.map((f) => f.accNorm === 1);
    const prob = m.figures.map((f) => f.probCorrect);
    let comparison: LoglikelihoodModelSummary['comparison'] = null;
    if (base !== undefined && m !== base) {
      if (base.figures.length !== m.figures.length)
        throw new RangeError(`${m.label} has ${m.figures.length} items but ${base.label} has ${base.figures.length}`);
      const names = { candidate: m.label, baseline: base.label, scale: 100, unit: 'percentage points' };
      comparison = {
        baseline: base.label,
        acc: verdict(
          comparePassRates(
            acc,
            base.figures.map((f) => f.acc === 1),
          ),
          names,
        ),
        accNorm: verdict(
          comparePassRates(
            accNorm,
            base.figures.map((f) => f.accNorm === 1),
          ),
          names,
        ),
        probCorrect: verdict(
          compareScores(
            prob,
            base.figures.map((f) => f.probCorrect),
          ),
          names,
        ),
      };
    }
    return {
      label: m.label,
      items: m.figures.length,
      acc: bootstrapPassRateCi(acc),
      accNorm: bootstrapPassRateCi(accNorm),
      probCorrect: bootstrapMeanCi(prob),
      comparison,
    };
  });
}

const pct = (i: BootstrapInterval): string =>
  `${(i.estimate * 100).toFixed(1)} % (${(i.lower * 100).toFixed(1)}–${(i.upper * 100).toFixed(1)})`;

/** A plain-text table of the summaries, then each comparison's verdicts. */
export function formatLoglikelihood(summaries: readonly LoglikelihoodModelSummary[]): string {
  const rows = summaries.map((s) => [s.label, String(s.items), pct(s.acc), pct(s.accNorm), pct(s.probCorrect)]);
  const header = ['Model', 'Items', 'acc (95% CI)', 'acc_norm (95% CI)', 'P(correct) (95% CI)'];
  const out = textTable(header, rows, { rule: false });
  for (const s of summaries) {
    if (s.comparison === null) continue;
    out.push(
      '',
      `${s.label} vs ${s.comparison.baseline}:`,
      `  acc:        ${s.comparison.acc}`,
      `  acc_norm:   ${s.comparison.accNorm}`,
      `  P(correct): ${s.comparison.probCorrect}`,
    );
  }
  return `${out.join('\n')}\n`;
}
