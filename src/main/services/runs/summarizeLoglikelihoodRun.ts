import type { LoglikelihoodResult } from '../../../shared/loglikelihood';
import type { CaseResult } from '../../../shared/runs';
import type { LoglikelihoodRunSummary, ModelRunSummary } from '../../../shared/runSummary';
import { verdict, type PairedComparison } from '../../../shared/stats';
import { compareLoglikelihood, loglikelihoodIntervals } from '../loglikelihood/summarizeLoglikelihood';

type Figures = Map<string, LoglikelihoodResult>;

function paired(
  c: PairedComparison,
  names: { candidate: string; baseline: string },
  unit: string,
): NonNullable<LoglikelihoodRunSummary['comparison']>['acc'] {
  return {
    difference: c.difference,
    lower: c.lower,
    upper: c.upper,
    pValue: c.pValue,
    n: c.n,
    verdict: verdict(c, { ...names, scale: 100, unit }),
  };
}

/**
 * Adds each model's log-likelihood figures to its summary: acc, acc_norm and mean P(correct) with
 * bootstrap intervals over its scored results, and against the baseline, on the results (case and
 * repetition) both scored, McNemar's exact test for acc and acc_norm and a paired permutation test
 * for P(correct), as `summarizeLoglikelihood` gives them for `evalbench loglikelihood`.
 */
export function addLoglikelihoodSummaries(
  models: ModelRunSummary[],
  results: readonly CaseResult[],
  baseline: ModelRunSummary | undefined,
): void {
  const byModel = new Map<string, Figures>();
  for (const r of results) {
    if (r.loglikelihood === null || r.error !== null) continue;
    const figures = byModel.get(r.modelKey) ?? new Map<string, LoglikelihoodResult>();
    figures.set(`${r.caseId}\u0000${r.repetition}`, r.loglikelihood);
    byModel.set(r.modelKey, figures);
  }
  const base = baseline === undefined ? undefined : byModel.get(baseline.modelKey);
  for (const model of models) {
    const mine = byModel.get(model.modelKey);
    if (mine === undefined || mine.size === 0) continue;
    const all = [...mine.values()];
    let comparison: LoglikelihoodRunSummary['comparison'] = null;
    if (baseline !== undefined && model !== baseline && base !== undefined) {
      const pairs = [...mine.entries()].flatMap(([key, f]) => {
        const b = base.get(key);
        return b === undefined ? [] : [{ c: f, b }];
      });
      if (pairs.length > 0) {
        const names = { candidate: model.label, baseline: baseline.label };
        const c = compareLoglikelihood(
          pairs.map((p) => p.c),
          pairs.map((p) => p.b),
        );
        comparison = {
          baseline: baseline.label,
          acc: paired(c.acc, names, 'percentage points'),
          accNorm: paired(c.accNorm, names, 'percentage points'),
          probCorrect: paired(c.probCorrect, names, 'percentage points'),
        };
      }
    }
    model.loglikelihood = { ...loglikelihoodIntervals(all), comparison };
  }
}
