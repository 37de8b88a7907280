import type { RunCase } from '../../../shared/runs';

/**
 * The test set's expected answers as one text, for perplexity and KL divergence on text of the
 * kind the models are asked for: every expected answer of every case, in order, a blank line
 * apart. Perturbed variants (robustness) repeat their original's answers and are left out.
 */
export function expectedAnswersText(cases: readonly RunCase[]): string {
  return cases
    .filter((c) => c.variantOf === undefined)
    .flatMap((c) => c.expected.map((e) => e.trim()))
    .filter((e) => e !== '')
    .join('\n\n');
}
