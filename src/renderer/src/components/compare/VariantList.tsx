import type { CaseRow } from './caseRows';
import { OutcomeBadge } from './OutcomeBadge';
import type { ModelColumn } from '../../stores/compareTypes';
import { answerAgreement, variantName, type AnswerAgreement } from './variants';

interface VariantListProps {
  /** The original case. */
  row: CaseRow;
  variants: readonly CaseRow[];
  models: readonly ModelColumn[];
  onOpenCase: (caseId: string) => void;
}

const SNIPPET_LENGTH = 140;

function agreementText({ same, compared }: AnswerAgreement, repetitions: number): string {
  if (compared === 0) return 'not compared';
  if (repetitions === 1) return same === 1 ? 'same answer' : 'answer changed';
  return `same answer in ${same} of ${compared}`;
}

/** An original case's perturbed variants, each model's answer to each, and whether it is still the original's answer. */
export function VariantList({ row, variants, models, onOpenCase }: VariantListProps) {
  return (
    <section className="variant-list" aria-labelledby={`variants-of-${row.index}`}>
      <h3 id={`variants-of-${row.index}`}>Variants ({variants.length})</h3>
      <p className="muted">
        Answers compared as the robustness table compares them: the chosen option (mapped back when the options were shuffled), the final
        number, or the text ignoring case and punctuation.
      </p>
      <table className="variant-table" aria-label="Variants">
        <thead>
          <tr>
            <th scope="col">Variant</th>
            {models.map((m) => (
              <th key={m.key} scope="col">
                {m.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {variants.map((variant) => (
            <tr key={variant.testCase.id}>
              <th scope="row">
                <button
                  type="button"
                  className="case-link"
                  aria-label={`Open variant ${variant.testCase.id}`}
                  onClick={() => onOpenCase(variant.testCase.id)}
                >
                  {variantName(variant.testCase)}
                </button>
              </th>
              {models.map((m, i) => {
                const cell = variant.cells[i] ?? null;
                if (cell === null) {
                  return (
                    <td key={m.key} className="muted">
                      not run yet
                    </td>
                  );
                }
                const agreement = answerAgreement(cell, variant.testCase, row.cells[i] ?? null, row.testCase);
                const first = cell.results[0];
                const output =
                  first?.error != null
                    ? `${first.error.kind}: ${first.error.message}`
                    : first?.output === ''
                      ? '(empty output)'
                      : (first?.output ?? '');
                return (
                  <td key={m.key}>
                    <div className="variant-verdict">
                      <OutcomeBadge outcome={cell.outcome} reviewed={cell.outcome !== cell.automatic} />
                      <span className="answer-agreement" data-changed={agreement.compared > 0 && agreement.same < agreement.compared}>
                        {agreementText(agreement, cell.results.length)}
                      </span>
                    </div>
                    <p className="variant-output">{output.length > SNIPPET_LENGTH ? `${output.slice(0, SNIPPET_LENGTH)}…` : output}</p>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
