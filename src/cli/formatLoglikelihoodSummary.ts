import type { RunSummary } from '../shared/runSummary';
import { textTable } from '../shared/textTable';

type Interval = { estimate: number; lower: number; upper: number };
const pct = (i: Interval): string => `${(i.estimate * 100).toFixed(1)}% (${(i.lower * 100).toFixed(1)}–${(i.upper * 100).toFixed(1)}%)`;

/**
 * The run's log-likelihood multiple-choice figures per model (acc, acc_norm, mean P(correct) with
 * bootstrap 95% intervals), then each model's verdicts against the baseline; empty lines when the
 * run scored no choices.
 */
export function formatLoglikelihoodSummary(summary: RunSummary): string[] {
  const models = summary.models.flatMap((m) => (m.loglikelihood === undefined ? [] : [{ label: m.label, ll: m.loglikelihood }]));
  if (models.length === 0) return [];
  const header = ['Model', 'Items', 'acc (95% CI)', 'acc_norm (95% CI)', 'P(correct) (95% CI)'];
  const rows = models.map(({ label, ll }) => [label, String(ll.items), pct(ll.acc), pct(ll.accNorm), pct(ll.probCorrect)]);
  const out = [
    'Log-likelihood multiple choice (lm-evaluation-harness acc, acc_norm per byte, probability of the right choice):',
    ...textTable(header, rows),
  ];
  for (const { ll } of models) {
    const c = ll.comparison;
    if (c === null) continue;
    out.push(`• acc: ${c.acc.verdict}`, `  acc_norm: ${c.accNorm.verdict}`, `  P(correct): ${c.probCorrect.verdict}`);
  }
  return out;
}
