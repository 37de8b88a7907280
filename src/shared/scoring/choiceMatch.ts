import { extractChoiceLetter, type ChoiceLetters, type ExtractedChoice } from './extractChoiceLetter';
import type { ScoreResult } from './ScoreResult';
import { answerList, quote } from './scorerText';

/** The letter extracted and the letter(s) accepted. */
export interface ChoiceMatchDetails {
  extracted: ExtractedChoice | null;
  accepted: string[];
}

/**
 * Grades a multiple-choice answer: extracts the chosen letter (see {@link extractChoiceLetter})
 * and compares it with the accepted letter(s), ignoring case. Score 1/0.
 */
export function choiceMatch(
  output: string,
  accepted: string | readonly string[],
  choices: ChoiceLetters = 10,
): ScoreResult<ChoiceMatchDetails> {
  const letters = answerList(accepted).map((a) =>
    a
      .trim()
      .replace(/^\(|\)$/g, '')
      .toUpperCase(),
  );
  if (letters.length === 0 || letters.some((l) => !/^[A-Z]$/.test(l))) {
    throw new RangeError(`choiceMatch expects single letters as accepted answers, got ${JSON.stringify(accepted)}.`);
  }
  const extracted = extractChoiceLetter(output, choices);
  const expected = letters.join(' or ');
  if (extracted === null) {
    return {
      score: 0,
      passed: false,
      explanation: `No answer letter found in the output; expected ${expected}.`,
      details: { extracted, accepted: letters },
    };
  }
  const passed = letters.includes(extracted.letter);
  const how = `read ${extracted.letter} from ${quote(extracted.text, 60)} (${extracted.rule.replace('-', ' ')})`;
  return {
    score: passed ? 1 : 0,
    passed,
    explanation: passed ? `Chose ${extracted.letter} as expected: ${how}.` : `Chose ${extracted.letter}, expected ${expected}: ${how}.`,
    details: { extracted, accepted: letters },
  };
}
