import { useId } from 'react';
import type { ModelColumn } from '../../stores/compareTypes';
import type { CaseRow } from './caseRows';

/**
 * A log-likelihood case's choices against every model: the summed log-probability each model gave
 * each choice, the one it picked (acc) marked, the right one named, as lm-evaluation-harness
 * scores them. Shown in the case details, where a researcher checks why a quantization flipped.
 */
export function ChoiceTable({ row, models }: { row: CaseRow; models: readonly ModelColumn[] }) {
  const titleId = useId();
  const ll = row.testCase.loglikelihood;
  if (ll === undefined) return null;
  const results = models.map((_, i) => row.cells[i]?.results[0]?.loglikelihood ?? null);
  return (
    <section aria-labelledby={titleId} className="choice-table">
      <h3 id={titleId}>Choices</h3>
      <p className="field-help">
        Summed log-probability of each choice after the prompt; the highest is the model’s pick (acc). P(correct) is the softmax over the
        choices at the right one.
      </p>
      <div className="table-scroll">
        <table aria-label="Log-likelihood of each choice">
          <thead>
            <tr>
              <th scope="col">Choice</th>
              {models.map((m, i) => {
                const r = results[i];
                return (
                  <th key={m.key} scope="col">
                    {m.label}
                    {r != null && <span className="muted"> · P(correct) {r.probCorrect.toFixed(3)}</span>}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {ll.choices.map((choice, c) => (
              <tr key={c} data-right={c === ll.answer}>
                <th scope="row">
                  <code className="break">{JSON.stringify(choice)}</code>
                  {c === ll.answer && <span className="choice-right"> right answer</span>}
                </th>
                {results.map((r, i) => {
                  const score = r?.choices[c];
                  return (
                    <td key={models[i]?.key ?? i} data-picked={r?.predicted === c}>
                      {score === undefined ? (
                        <span className="muted">—</span>
                      ) : (
                        <>
                          {score.logprob.toFixed(3)}
                          <span className="muted"> ({score.tokens} tok)</span>
                          {r?.predicted === c && <strong className="choice-picked"> picked</strong>}
                        </>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
