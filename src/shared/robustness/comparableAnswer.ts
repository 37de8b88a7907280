import { extractChoiceLetter } from '../scoring/extractChoiceLetter';
import { extractFinalNumber } from '../scoring/extractFinalNumber';
import { normalizeText } from '../scoring/normalizeText';
import type { RunCase } from '../runs';

/**
 * The answer in an output, in a form two outputs can be compared by: with a `choice` scorer the
 * chosen letter (for a shuffled variant, the letter its option had in the original), with a
 * `numeric` scorer the final number, else — or when neither is found — the output normalised
 * (case, punctuation and whitespace ignored).
 */
export function comparableAnswer(output: string, testCase: Pick<RunCase, 'scorers' | 'optionMap'>): string {
  const choice = testCase.scorers.find((s) => s.type === 'choice');
  if (choice !== undefined) {
    let letter: string | undefined;
    try {
      letter = extractChoiceLetter(output, choice.choices)?.letter;
    } catch {
      // Labels that are not single letters: compare the text instead.
      letter = undefined;
    }
    if (letter !== undefined) return `choice:${testCase.optionMap?.[letter] ?? letter}`;
  } else if (testCase.scorers.some((s) => s.type === 'numeric')) {
    const number = extractFinalNumber(output);
    if (number !== null) return `number:${number.value}`;
  }
  return `text:${normalizeText(output)}`;
}
