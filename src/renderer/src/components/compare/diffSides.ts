import type { CaseRow } from './caseRows';
import type { ModelColumn, ScoredResult } from '../../stores/compareTypes';

/** What the case detail's diff puts side by side: an output against an expected answer, or two models' outputs. */
export type DiffMode = 'expected' | 'models';

/** One model's answer to the case (one repetition), as a side of the diff. */
export interface CaseAnswer {
  /** `<model index>:<repetition index>`, the value the pickers use. */
  id: string;
  modelKey: string;
  label: string;
  /** The output, or what happened instead, in words (the diff shows text, not a missing value). */
  text: string;
}

/** One side of the diff: what it is and its text. */
export interface DiffSide {
  label: string;
  text: string;
}

/** The text a result shows in the diff: its output, or why there is none. */
export function answerText(result: ScoredResult | undefined): string {
  if (result === undefined) return '(not run yet)';
  if (result.error !== null) return `(could not run: ${result.error.kind}: ${result.error.message})`;
  return result.output ?? '(no output)';
}

/** Every model's answers to the case, in model order, one per repetition. */
export function caseAnswers(row: CaseRow, models: readonly ModelColumn[]): CaseAnswer[] {
  return models.flatMap((model, i) => {
    const results = row.cells[i]?.results ?? [];
    if (results.length === 0) return [{ id: `${i}:0`, modelKey: model.key, label: model.label, text: answerText(undefined) }];
    return results.map((result, r) => ({
      id: `${i}:${r}`,
      modelKey: model.key,
      label: results.length > 1 ? `${model.label} · repetition ${result.repetition + 1}` : model.label,
      text: answerText(result),
    }));
  });
}

/** The answers the diff opens with: the focused model's (else the first), and the next model's beside it. */
export function initialPair(answers: readonly CaseAnswer[], focusModel: string | null): { a: string; b: string } {
  const a = answers.find((x) => x.modelKey === focusModel) ?? answers[0];
  const b = answers.find((x) => x.modelKey !== a?.modelKey) ?? answers.find((x) => x.id !== a?.id) ?? a;
  return { a: a?.id ?? '', b: b?.id ?? '' };
}

/**
 * Left (original) and right (modified) of the diff. Expected mode: the chosen expected answer on
 * the left, model A's output on the right, so additions are what the model said beyond it.
 * Models mode: model A left, model B right.
 */
export function diffSides(
  answers: readonly CaseAnswer[],
  expected: readonly string[],
  choice: { mode: DiffMode; a: string; b: string; expectedIndex: number },
): { original: DiffSide; modified: DiffSide } {
  const find = (id: string): DiffSide => {
    const answer = answers.find((x) => x.id === id) ?? answers[0];
    return answer === undefined ? { label: 'No model', text: '' } : { label: answer.label, text: answer.text };
  };
  if (choice.mode === 'models') return { original: find(choice.a), modified: find(choice.b) };
  const index = Math.min(Math.max(0, choice.expectedIndex), Math.max(0, expected.length - 1));
  const label = expected.length > 1 ? `Expected (answer ${index + 1} of ${expected.length})` : 'Expected';
  return { original: { label, text: expected[index] ?? '' }, modified: find(choice.a) };
}
