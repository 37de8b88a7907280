import { describe, expect, it } from 'vitest';
import { choiceMatch } from './choiceMatch';
import { extractChoiceLetter } from './extractChoiceLetter';

describe('extractChoiceLetter', () => {
  it.each([
    ['The answer is (B)', 'B', 'answer-phrase'],
    ['Answer: d', 'D', 'answer-phrase'],
    ['The correct answer is: **C**', 'C', 'answer-phrase'],
    ['Let me think. A is wrong, B is close. Final answer: C. So the answer is C', 'C', 'answer-phrase'],
    ['B.', 'B', 'whole-output'],
    ['(c)', 'C', 'whole-output'],
    ['**C**', 'C', 'whole-output'],
    ['B. Paris is the capital of France.', 'B', 'leading-letter'],
    ['I would pick **D** here.', 'D', 'bold'],
    ['So we get \\boxed{A}', 'A', 'boxed'],
    ['Options (A) and (C) look plausible; I choose (C)', 'C', 'parenthesized'],
  ])('%s → %s via %s', (output, letter, rule) => {
    expect(extractChoiceLetter(output)).toMatchObject({ letter, rule });
  });

  it('does not read an article as a letter', () => {
    expect(extractChoiceLetter('The answer is a bit more complicated than that.')).toBeNull();
  });

  it('only accepts letters the question offers', () => {
    expect(extractChoiceLetter('The answer is E', 4)).toBeNull();
    expect(extractChoiceLetter('The answer is E', 'ABCDE')?.letter).toBe('E');
    expect(extractChoiceLetter('Answer: b', ['A', 'B', 'C'])?.letter).toBe('B');
    expect(() => extractChoiceLetter('x', 'AAB')).toThrow(/distinct single letters/);
    expect(() => extractChoiceLetter('x', ['True', 'False'])).toThrow(/distinct single letters/);
  });
});

describe('choiceMatch', () => {
  it('compares the extracted letter with the accepted one and says how it read it', () => {
    const r = choiceMatch('After weighing them, the answer is (B).', 'b');
    expect(r).toMatchObject({ score: 1, passed: true });
    expect(r.explanation).toBe('Chose B as expected: read B from "answer is (B)" (answer phrase).');
    expect(choiceMatch('Answer: A', ['B', 'C']).explanation).toMatch(/^Chose A, expected B or C/);
    expect(choiceMatch('I am not sure.', 'A')).toMatchObject({
      passed: false,
      explanation: 'No answer letter found in the output; expected A.',
    });
  });

  it('rejects accepted answers that are not single letters', () => {
    expect(() => choiceMatch('A', 'Paris')).toThrow(/single letters/);
  });
});
