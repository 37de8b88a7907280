import { comparableAnswer } from '../../../../shared/robustness/comparableAnswer';
import { isVariant } from '../../../../shared/robustness/expandRobustness';
import type { PerturbationKind } from '../../../../shared/robustness/RobustnessOptions';
import type { CaseCell, CaseRow } from './caseRows';
import type { RunCaseView, ScoredResult } from '../../stores/compareTypes';
import type { VariantScope } from '../../stores/compareView';

export const VARIANT_SCOPES: readonly { scope: VariantScope; text: string }[] = [
  { scope: 'originals', text: 'Originals only' },
  { scope: 'all', text: 'With variants' },
  { scope: 'variants', text: 'Variants only' },
];

/** How each perturbation is named on screen. */
export const PERTURBATION_LABELS: Record<PerturbationKind, string> = {
  typos: 'Typos',
  casing: 'Casing',
  whitespace: 'Whitespace',
  'shuffle-options': 'Shuffled options',
  preamble: 'Preamble',
};

/** Whether a case belongs to the cases a scope shows. */
export function inScope(testCase: Pick<RunCaseView, 'variantOf'>, scope: VariantScope): boolean {
  switch (scope) {
    case 'originals':
      return !isVariant(testCase);
    case 'all':
      return true;
    case 'variants':
      return isVariant(testCase);
    default:
      return scope satisfies never;
  }
}

/** "typos #1 of q1" for a variant (the number from its id, `<case>~<kind>#<n>`); null for a case of the test set. */
export function variantName(testCase: Pick<RunCaseView, 'id' | 'variantOf' | 'perturbation'>): string | null {
  if (testCase.variantOf === undefined) return null;
  const kind = testCase.perturbation === undefined ? 'variant' : PERTURBATION_LABELS[testCase.perturbation].toLowerCase();
  const number = /#(\d+)$/.exec(testCase.id)?.[1];
  return `${kind}${number === undefined ? '' : ` #${number}`} of ${testCase.variantOf}`;
}

/** Each original's variant rows, in run order, by the original's id. */
export function variantsByOriginal(rows: readonly CaseRow[]): Map<string, CaseRow[]> {
  const byOriginal = new Map<string, CaseRow[]>();
  for (const row of rows) {
    const original = row.testCase.variantOf;
    if (original === undefined) continue;
    const list = byOriginal.get(original);
    if (list === undefined) byOriginal.set(original, [row]);
    else list.push(row);
  }
  return byOriginal;
}

/** The answer a result gives, as the robustness summary compares answers; null when it has none (a harness error). */
function answerOf(result: ScoredResult, testCase: RunCaseView): string | null {
  return result.error !== null || result.output === null ? null : comparableAnswer(result.output, testCase);
}

/**
 * Whether a variant's result gives another answer than the same model's original at the same
 * repetition: the chosen letter mapped back for shuffled options, the final number, or the
 * normalised text, as in the run's robustness summary. Null when either has no answer to compare.
 */
export function answerChanged(
  variant: ScoredResult,
  variantCase: RunCaseView,
  original: ScoredResult | undefined,
  originalCase: RunCaseView,
): boolean | null {
  if (original === undefined) return null;
  const a = answerOf(original, originalCase);
  const b = answerOf(variant, variantCase);
  return a === null || b === null ? null : a !== b;
}

/** Over one model's repetitions of a variant: how many gave the original's answer, of how many compared. */
export interface AnswerAgreement {
  same: number;
  compared: number;
}

export function answerAgreement(
  variant: CaseCell,
  variantCase: RunCaseView,
  original: CaseCell | null,
  originalCase: RunCaseView,
): AnswerAgreement {
  let same = 0;
  let compared = 0;
  for (const r of variant.results) {
    const changed = answerChanged(
      r,
      variantCase,
      original?.results.find((o) => o.repetition === r.repetition),
      originalCase,
    );
    if (changed === null) continue;
    compared += 1;
    if (!changed) same += 1;
  }
  return { same, compared };
}
