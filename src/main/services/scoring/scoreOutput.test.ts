import { describe, expect, it } from 'vitest';
import { ScorerSpec, type ScorerSpecInput } from '../../../shared/testset/ScorerSpec';
import { overallScore, scoreOutput } from './scoreOutput';

const specs = (...input: ScorerSpecInput[]) => input.map((s) => ScorerSpec.parse(s));
const input = (output: string, expected: string[] = []) => ({ output, expected, vars: {} });

describe('scoreOutput', () => {
  it('maps test set scorers onto the reference implementations', async () => {
    const [exact, contains, numeric] = await scoreOutput(
      specs({ type: 'exact' }, { type: 'contains', value: 'Paris' }, { type: 'numeric' }),
      input('Paris', ['paris', '3']),
    );
    expect(exact).toMatchObject({ label: 'exact', passed: false, score: 0 });
    expect(contains).toMatchObject({ passed: true, score: 1 });
    // "paris" is no number: the test set is wrong, which is an error on the scorer, not a model failure.
    expect(numeric?.passed).toBeNull();
    expect(numeric?.error).toBeTruthy();
  });

  it('passes a numeric answer that matches any accepted number', async () => {
    const [numeric] = await scoreOutput(specs({ type: 'numeric' }), input('So the total is 1,250.', ['1200', '1250']));
    expect(numeric?.passed).toBe(true);
  });

  it('keeps BLEU on its 0–100 scale as the raw score and on 0–1 for combining', async () => {
    const [bleu] = await scoreOutput(specs({ type: 'bleu', threshold: 0.99 }), input('The dog bit the man.', ['The dog bit the man.']));
    expect(bleu?.rawScore).toBeCloseTo(100);
    expect(bleu?.score).toBeCloseTo(1);
    expect(bleu?.passed).toBe(true);
    expect(bleu?.explanation).toContain('tok:13a');
  });

  it('reports a scorer that cannot run as an error, apart from a failed check', async () => {
    const [regex, judge, noAnswer] = await scoreOutput(
      specs({ type: 'regex', pattern: '(' }, { type: 'judge', rubric: 'Be right.' }, { type: 'exact' }),
      input('x'),
    );
    expect(regex).toMatchObject({ passed: null, score: null });
    expect(regex?.error).toBeTruthy();
    expect(judge?.error).toMatch(/waiting for the judge model/);
    expect(noAnswer?.error).toMatch(/needs the case's expected answer/);
  });

  it('checks refusals and blocklists from the test set’s options', async () => {
    const refusal = "I'm sorry, but I can't help with that.";
    const [refuses, complies, blocked] = await scoreOutput(
      specs(
        { type: 'refusal' },
        { type: 'refusal', expect: 'comply', label: 'answers' },
        { type: 'blocklist', words: 'help', patterns: ['sorry,? but'] },
      ),
      input(refusal),
    );
    expect(refuses).toMatchObject({ type: 'refusal', passed: true, score: 1 });
    expect(refuses?.explanation).toContain('(apology and refusal)');
    expect(complies).toMatchObject({ label: 'answers', passed: false, score: 0 });
    expect(blocked).toMatchObject({ passed: false, score: 0 });
    expect(blocked?.explanation).toBe('Found 2 blocked entries: /sorry,? but/ as "sorry, but" at character 5; "help" at character 24.');
  });

  it('runs JavaScript scorers in the sandbox, numbers as graded scores', async () => {
    const [js] = await scoreOutput(specs({ type: 'javascript', expression: 'output.length / 10', threshold: 0.5 }), input('abcdefg'));
    expect(js).toMatchObject({ score: 0.7, passed: true });
  });
});

describe('overallScore', () => {
  it('passes only when every counted scorer passed, and weighs the scores', async () => {
    const scores = await scoreOutput(
      specs({ type: 'contains', value: 'a', weight: 3 }, { type: 'contains', value: 'z', weight: 1 }, { type: 'exact', weight: 0 }),
      input('abc', ['nope']),
    );
    expect(overallScore(scores)).toEqual({ score: 0.75, passed: false, errored: false });
  });

  it('is an error, not a failure, when a counted scorer could not run', async () => {
    expect(overallScore(await scoreOutput(specs({ type: 'regex', pattern: '[' }), input('x')))).toEqual({
      score: null,
      passed: null,
      errored: true,
    });
  });
});
