import type { RobustnessFigures, RobustnessSummary } from '../shared/runSummary';
import { textTable } from '../shared/textTable';
import { percent, signedPoints } from '../shared/formatPercent';

function cells(f: RobustnessFigures): string[] {
  return [
    `${f.variants}${f.errors > 0 ? ` (+${f.errors} errors)` : ''}`,
    f.scoreDrop === null
      ? '—'
      : `${signedPoints(f.scoreDrop.estimate)} (${signedPoints(f.scoreDrop.lower)} to ${signedPoints(f.scoreDrop.upper)})`,
    f.answerConsistency === null ? '—' : `${percent(f.answerConsistency.share)} of ${f.answerConsistency.compared}`,
    f.passConsistency === null ? '—' : `${percent(f.passConsistency.share)} of ${f.passConsistency.compared}`,
  ];
}

/** The robustness section of `evalbench run`'s summary: one line per model and perturbation. */
export function formatRobustness(robustness: RobustnessSummary): string[] {
  const header = ['Model', 'Perturbation', 'Variants', 'Score drop, points (95% CI)', 'Same answer', 'Same pass/fail'];
  const rows = robustness.models.flatMap((m) => [[m.label, 'all', ...cells(m.overall)], ...m.byKind.map((k) => ['', k.kind, ...cells(k)])]);
  return [
    `Robustness: ${robustness.variantCases} perturbed variants (seed ${robustness.seed}), each against its original; the table above counts the originals only.`,
    '',
    ...textTable(header, rows),
  ];
}
