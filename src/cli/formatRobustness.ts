import type { RobustnessFigures, RobustnessSummary } from '../shared/runSummary';
import { textTable } from '../shared/textTable';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const points = (x: number): string => `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)}`;

function cells(f: RobustnessFigures): string[] {
  return [
    `${f.variants}${f.errors > 0 ? ` (+${f.errors} errors)` : ''}`,
    f.scoreDrop === null ? '—' : `${points(f.scoreDrop.estimate)} (${points(f.scoreDrop.lower)} to ${points(f.scoreDrop.upper)})`,
    f.answerConsistency === null ? '—' : `${pct(f.answerConsistency.share)} of ${f.answerConsistency.compared}`,
    f.passConsistency === null ? '—' : `${pct(f.passConsistency.share)} of ${f.passConsistency.compared}`,
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
