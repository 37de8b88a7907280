import { useEffect } from 'react';
import type { ModelRunSummary } from '../../../../shared/runSummary';
import { useCompareStore, useOpenRunId, useRunDetail, useRunSummary } from '../../stores/compareStore';
import './robustness.css';
import { percentInterval } from '../../../../shared/formatPercent';

/** Per model: log-likelihood multiple-choice acc, acc_norm and P(correct) with intervals, and the acc verdict against the baseline. */
export function LoglikelihoodTable({ models }: { models: readonly ModelRunSummary[] }) {
  const scored = models.filter((m) => m.loglikelihood !== undefined);
  return (
    <section className="robustness" aria-labelledby="loglikelihood-title">
      <h3 id="loglikelihood-title">Log-likelihood multiple choice</h3>
      <p className="muted">
        As lm-evaluation-harness computes them: acc picks the choice with the highest summed log-probability after the context, acc_norm the
        highest per byte of the choice; P(correct) is the probability the choices’ softmax gives the right one. Bootstrap 95% intervals;
        against the baseline, McNemar’s exact test on acc.
      </p>
      <table aria-label="Log-likelihood multiple choice" className="robustness-table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Items</th>
            <th scope="col">acc</th>
            <th scope="col">acc_norm</th>
            <th scope="col">P(correct)</th>
            <th scope="col">acc against the baseline</th>
          </tr>
        </thead>
        <tbody>
          {scored.map((m) => {
            const ll = m.loglikelihood;
            if (ll === undefined) return null;
            return (
              <tr key={m.modelKey}>
                <th scope="row">{m.label}</th>
                <td className="num">{ll.items}</td>
                <td className="num">{percentInterval(ll.acc)}</td>
                <td className="num">{percentInterval(ll.accNorm)}</td>
                <td className="num">{percentInterval(ll.probCorrect)}</td>
                <td>{ll.comparison === null ? '—' : ll.comparison.acc.verdict}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** The open run's log-likelihood figures, when it has log-likelihood cases; nothing otherwise. */
export function LoglikelihoodPanel() {
  const runId = useOpenRunId();
  const detail = useRunDetail();
  const summary = useRunSummary();
  const wantSummary = useCompareStore((s) => s.wantSummary);
  const hasChoices = detail.data?.cases.some((c) => c.loglikelihood !== undefined) === true;
  useEffect(() => {
    if (runId !== null && hasChoices) wantSummary();
  }, [runId, hasChoices, wantSummary]);
  if (!hasChoices) return null;
  const models = summary.data?.models;
  if (models === undefined)
    return (
      <p className="muted robustness">
        Log-likelihood multiple choice: {summary.status === 'error' ? 'the summary could not be loaded.' : 'computing…'}
      </p>
    );
  return <LoglikelihoodTable models={models} />;
}
