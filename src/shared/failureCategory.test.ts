import { describe, expect, it } from 'vitest';
import { failureCategories, primaryFailureCategory } from './failureCategory';
import type { CaseResult, CaseScore } from './runs';

function score(overrides: Partial<CaseScore> = {}): CaseScore {
  const passed = overrides.passed ?? true;
  return {
    label: 'exact',
    type: 'exact',
    weight: 1,
    score: passed ? 1 : 0,
    rawScore: passed ? 1 : 0,
    passed,
    explanation: passed ? 'Matches.' : 'Does not match.',
    details: null,
    error: null,
    ...overrides,
  };
}

/** What the categories look at in a result: a clean answer with one passing scorer unless told otherwise. */
function result(overrides: Partial<Pick<CaseResult, 'error' | 'output' | 'stopReason'> & { scores: CaseScore[] }> = {}) {
  return { error: null, output: 'Paris', stopReason: 'eos' as const, scores: [score()], ...overrides };
}

const failed = [score({ passed: false })];

describe('failureCategories', () => {
  it('gives nothing for a result that passed, and a wrong answer for one a person failed', () => {
    expect(failureCategories(result(), ['Paris'])).toEqual([]);
    expect(failureCategories(result(), ['Paris'], { failed: true })).toEqual(['wrong-answer']);
  });

  it('names a harness error alone, whatever else is true', () => {
    const r = result({ error: { kind: 'crashed', message: 'worker died', logs: [] }, output: null, stopReason: null, scores: [] });
    expect(failureCategories(r, ['Paris'])).toEqual(['runtime-error']);
  });

  it('tells an empty output apart from a wrong one', () => {
    expect(failureCategories(result({ output: '  \n', scores: failed }), ['Paris'])).toEqual(['empty-output']);
    expect(failureCategories(result({ output: 'Lyon', scores: failed }), ['Paris'])).toEqual(['wrong-answer']);
  });

  it('notes a cut-off at the token limit together with what it did to the answer', () => {
    const long = 'The capital of France is a city that '.repeat(6);
    expect(failureCategories(result({ output: long, stopReason: 'max_tokens', scores: failed }), ['Paris'])).toEqual([
      'max-tokens',
      'too-long',
      'wrong-answer',
    ]);
  });

  it('counts a log-likelihood case’s wrong pick as a wrong answer, whatever the length of the choice it picked', () => {
    const picked = ' a river that runs through three countries and two seas';
    const loglikelihood = {
      choices: [],
      acc: 0 as const,
      accNorm: 0 as const,
      probCorrect: 0.1,
      predicted: 1,
      predictedNorm: 1,
      totalMs: 3,
    };
    expect(failureCategories({ ...result({ output: picked, scores: failed }), loglikelihood }, [' 4'])).toEqual(['wrong-answer']);
    // The same text generated is far too long.
    expect(failureCategories(result({ output: picked, scores: failed }), [' 4'])).toContain('too-long');
  });

  it('judges length against the accepted answers, with a margin for short ones', () => {
    expect(failureCategories(result({ output: 'The answer is Lyon.', scores: failed }), ['Paris'])).toEqual(['wrong-answer']);
    const expected = ['A full sentence that explains the reason at some length.'];
    expect(failureCategories(result({ output: 'No.', scores: failed }), expected)).toEqual(['too-short', 'wrong-answer']);
    expect(failureCategories(result({ output: 'x'.repeat(300), scores: failed }), ['Paris', 'Paris, France'])).toEqual([
      'too-long',
      'wrong-answer',
    ]);
  });

  it('calls invalid JSON and a missing choice letter broken format, a wrong letter a wrong answer', () => {
    expect(failureCategories(result({ output: '{"a":', scores: [score({ type: 'json-valid', passed: false })] }), [])).toEqual([
      'broken-format',
    ]);
    expect(failureCategories(result({ output: '{"a":1}', scores: [score({ type: 'json-schema', passed: false })] }), [])).toEqual([
      'broken-format',
    ]);
    const noLetter = score({ type: 'choice', passed: false, details: { extracted: null, accepted: ['B'] } });
    const wrongLetter = score({
      type: 'choice',
      passed: false,
      details: { extracted: { letter: 'C', text: 'C', rule: 'bare-letter' }, accepted: ['B'] },
    });
    expect(failureCategories(result({ output: 'I think so', scores: [noLetter] }), ['B'])).toEqual(['broken-format']);
    expect(failureCategories(result({ output: 'C', scores: [wrongLetter] }), ['B'])).toEqual(['wrong-answer']);
    expect(
      failureCategories(result({ output: '{"a":1}', scores: [score({ type: 'json-valid' }), score({ type: 'exact', passed: false })] }), [
        '{"a":2}',
      ]),
    ).toEqual(['wrong-answer']);
  });

  it('ignores scorers that could not run or do not count', () => {
    expect(failureCategories(result({ scores: [score({ passed: null, score: null, error: 'bad regex' })] }), ['Paris'])).toEqual([]);
    expect(failureCategories(result({ scores: [score({ passed: false, weight: 0 })] }), ['Paris'])).toEqual([]);
  });

  it('counts a failure under its first category', () => {
    expect(primaryFailureCategory(['max-tokens', 'too-long', 'wrong-answer'])).toBe('max-tokens');
    expect(primaryFailureCategory([])).toBeNull();
  });
});
