import { useEffect } from 'react';
import type { RobustnessFigures, RobustnessSummary } from '../../../../shared/runSummary';
import { useCompareStore, useOpenRunId, useRunDetail, useRunSummary } from '../../stores/compareStore';
import { PERTURBATION_LABELS } from './variants';
import './robustness.css';
import { DataTable } from '../ui/DataTable';
import { percent, signedPoints } from '../../../../shared/formatPercent';

const KIND_LABELS: Readonly<Record<string, string>> = PERTURBATION_LABELS;

function agreement(a: RobustnessFigures['answerConsistency']): string {
  return a === null ? '—' : `${percent(a.share)} (${a.agreeing}/${a.compared})`;
}

function Row({ model, kind, f }: { model: string; kind: string; f: RobustnessFigures }) {
  const drop = f.scoreDrop;
  return (
    <tr data-kind={kind}>
      <th scope="row">{kind === 'all' ? model : ''}</th>
      <td>{kind === 'all' ? 'All perturbations' : (KIND_LABELS[kind] ?? kind)}</td>
      <td className="num">
        {f.variants}
        {f.errors > 0 && <span className="muted"> ({f.errors} errors)</span>}
      </td>
      <td className="num">
        {f.originalMeanScore === null || f.variantMeanScore === null
          ? '—'
          : `${(f.originalMeanScore * 100).toFixed(1)} → ${(f.variantMeanScore * 100).toFixed(1)}`}
      </td>
      <td className="num" data-worse={drop !== null && drop.lower > 0}>
        {drop === null ? '—' : `${signedPoints(drop.estimate)} (${signedPoints(drop.lower)} to ${signedPoints(drop.upper)})`}
      </td>
      <td className="num">{agreement(f.answerConsistency)}</td>
      <td className="num">{agreement(f.passConsistency)}</td>
    </tr>
  );
}

/** Per model: how much perturbed variants lower the score and how often they keep the original's answer. */
export function RobustnessTable({ robustness }: { robustness: RobustnessSummary }) {
  return (
    <section className="robustness" aria-labelledby="robustness-title">
      <h3 id="robustness-title">Robustness</h3>
      <p className="muted">
        {robustness.variantCases} perturbed variants (seed {robustness.seed}), each compared with the original it was made from. Score drop:
        original minus variants, in score points with a bootstrap 95% interval. Every other figure counts the originals only; the grid’s
        Variants control shows the variants as rows of their own (ids with ~), and a case’s details list its variants.
      </p>
      <DataTable
        label="Robustness"
        className="robustness-table"
        columns={[
          'Model',
          'Perturbation',
          'Variants',
          'Score: original → variants',
          'Score drop (95% CI)',
          'Same answer',
          'Same pass/fail',
        ]}
      >
        {robustness.models.flatMap((m) => [
          <Row key={`${m.modelKey}-all`} model={m.label} kind="all" f={m.overall} />,
          ...m.byKind.map((k) => <Row key={`${m.modelKey}-${k.kind}`} model={m.label} kind={k.kind} f={k} />),
        ])}
      </DataTable>
    </section>
  );
}

/** The open run's robustness table, for runs made with perturbed variants; nothing otherwise. */
export function RobustnessPanel() {
  const runId = useOpenRunId();
  const detail = useRunDetail();
  const summary = useRunSummary();
  const wantSummary = useCompareStore((s) => s.wantSummary);
  const robust = detail.data?.spec.robustness !== undefined;
  useEffect(() => {
    if (runId !== null && robust) wantSummary();
  }, [runId, robust, wantSummary]);
  if (!robust) return null;
  const section = summary.data?.robustness;
  if (section === undefined)
    return <p className="muted robustness">Robustness: {summary.status === 'error' ? 'the summary could not be loaded.' : 'computing…'}</p>;
  return <RobustnessTable robustness={section} />;
}
