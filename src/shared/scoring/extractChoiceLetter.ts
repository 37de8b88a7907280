/** A multiple-choice letter found in a model's output, and how it was found. */
export interface ExtractedChoice {
  /** Upper-case letter, e.g. "B". */
  letter: string;
  /** The text it was read from, e.g. "The answer is (B)". */
  text: string;
  /** UTF-16 offset of `text` in the output. */
  index: number;
  /** Which rule found it, most explicit first. */
  rule: 'answer-phrase' | 'whole-output' | 'leading-letter' | 'boxed' | 'bold' | 'parenthesized';
}

/** The letters a question offers: a count (4 → A–D), the letters ("ABCDE") or a list (["A", "B"]); A–J by default. */
export type ChoiceLetters = number | string | readonly string[];

function letterSet(choices: ChoiceLetters): string {
  const letters =
    typeof choices === 'number' ? 'ABCDEFGHIJ'.slice(0, choices) : (typeof choices === 'string' ? choices : choices.join('')).toUpperCase();
  const singleLetters = typeof choices !== 'object' || choices.every((c) => c.length === 1);
  if (!singleLetters || !/^[A-Z]+$/.test(letters) || new Set(letters).size !== letters.length) {
    throw new RangeError(
      `Choice labels must be a count from 1 to 10 or distinct single letters such as "ABCD", got ${JSON.stringify(choices)}.`,
    );
  }
  return letters;
}

/**
 * After "answer is", a letter counts when it is wrapped — (B) [B] **B** — or written as a capital
 * not followed by another letter ("B.", "B because"), or as a small letter followed by punctuation
 * or the end ("Answer: d"). A bare small letter followed by a word ("the answer is a bit…") does not.
 */
function letterAfter(up: string, low: string): RegExp {
  return new RegExp(
    `\\s*(?:\\(\\s*([${up}${low}])\\s*\\)|\\[\\s*([${up}${low}])\\s*\\]|\\*\\*\\s*\\(?([${up}${low}])\\)?\\s*\\*\\*|\\\\boxed\\{\\s*([${up}${low}])\\s*\\}|([${up}])(?![\\p{L}\\p{N}])|([${low}])(?=\\s*(?:[.,;:!?)\\]]|\\n|$)))`,
    'uy',
  );
}

const ANSWER_PHRASE =
  /\b(?:final answer|correct answer|answer|(?:correct|right|best) (?:option|choice))\b\s*(?:is|would be|will be|should be|=|:)?\s*(?:(?:option|choice|letter)\b\s*)?[:\-–]?/giu;

function firstGroup(m: RegExpExecArray): string | undefined {
  // Groups that did not take part in the match are undefined at run time, whatever the typings say.
  return (m.slice(1) as (string | undefined)[]).find((g) => g !== undefined);
}

/**
 * Finds the letter a model chose: "The answer is (B)", "Answer: d", "**C**", "B. Paris", a bare
 * "B". An explicit answer phrase wins, and its last occurrence is taken (models restate their
 * answer at the end). Returns null when no rule finds a letter.
 */
export function extractChoiceLetter(output: string, choices: ChoiceLetters = 10): ExtractedChoice | null {
  const up = letterSet(choices);
  const low = up.toLowerCase();
  const after = letterAfter(up, low);

  let phrase: ExtractedChoice | null = null;
  for (const m of output.matchAll(ANSWER_PHRASE)) {
    after.lastIndex = m.index + m[0].length;
    const letter = after.exec(output);
    const found = letter ? firstGroup(letter) : undefined;
    if (letter && found !== undefined) {
      phrase = { letter: found.toUpperCase(), text: output.slice(m.index, after.lastIndex).trim(), index: m.index, rule: 'answer-phrase' };
    }
  }
  if (phrase) return phrase;

  const rules: readonly [ExtractedChoice['rule'], RegExp, 'first' | 'last'][] = [
    ['whole-output', new RegExp(`^\\s*[(\\[]?\\s*(?:\\*\\*)?\\s*([${up}${low}])\\s*(?:\\*\\*)?\\s*[)\\]]?\\s*[.:)]?\\s*$`, 'gu'), 'first'],
    ['leading-letter', new RegExp(`^\\s*(?:\\*\\*)?[(\\[]?([${up}])(?:[).:\\]]|\\*\\*)(?=\\s|$)`, 'gu'), 'first'],
    ['boxed', new RegExp(`\\\\boxed\\{\\s*(?:\\\\text\\{)?\\s*\\(?([${up}${low}])\\)?\\s*\\}?\\s*\\}`, 'gu'), 'last'],
    ['bold', new RegExp(`\\*\\*\\s*\\(?([${up}])\\)?[.:]?\\s*\\*\\*`, 'gu'), 'last'],
    ['parenthesized', new RegExp(`\\(([${up}])\\)`, 'gu'), 'last'],
  ];
  for (const [rule, pattern, which] of rules) {
    const matches = Array.from(output.matchAll(pattern));
    const m = which === 'first' ? matches[0] : matches[matches.length - 1];
    const letter = m?.[1];
    if (m && letter !== undefined) return { letter: letter.toUpperCase(), text: m[0].trim(), index: m.index, rule };
  }
  return null;
}
