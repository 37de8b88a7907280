import { describe, expect, it } from 'vitest';
import { encodePair, multipleChoiceFigures } from './multipleChoice';
import { parseMultipleChoiceJsonl } from './parseMultipleChoiceJsonl';
import { MAX_CHOICE_LENGTH, MAX_CHOICES } from '../../../shared/testset/choiceLimits';

const score = (logprob: number) => ({ logprob, tokens: 1, greedy: false });

describe('multipleChoiceFigures (lm-evaluation-harness acc, acc_norm)', () => {
  it('acc takes the largest sum, acc_norm the largest sum per byte of the choice text', () => {
    // " a long answer" has 13 bytes (delimiter left out), " b" 1: -6.5/13 = -0.5 beats -1/1.
    const item = { choices: [' a long answer', ' b'], answer: 0 };
    const f = multipleChoiceFigures(item, [score(-6.5), score(-1)]);
    expect(f).toMatchObject({ acc: 0, accNorm: 1, predicted: 1, predictedNorm: 0 });
    expect(f.probCorrect).toBeCloseTo(Math.exp(-6.5) / (Math.exp(-6.5) + Math.exp(-1)), 12);
  });

  it('breaks ties towards the first choice, as numpy argmax does', () => {
    expect(multipleChoiceFigures({ choices: [' x', ' y'], answer: 1 }, [score(-2), score(-2)])).toMatchObject({
      acc: 0,
      predicted: 0,
      probCorrect: 0.5,
    });
  });

  it('counts bytes, not characters, for acc_norm', () => {
    // "é" is 2 bytes: -3/2 = -1.5 loses to -1.2/1.
    expect(multipleChoiceFigures({ choices: [' é', ' e'], answer: 0 }, [score(-3), score(-1.2)]).accNorm).toBe(0);
  });
});

describe('encodePair (lm-eval _encode_pair)', () => {
  const words = (text: string): number[] => text.split(/(?= )/).map((w) => w.length * 100 + w.charCodeAt(w.length - 1));
  it("moves the context's trailing spaces to the continuation and splits the joint tokenization after the context's tokens", () => {
    const pair = encodePair(words, 'Q: sky is ', 'blue', 1);
    expect(pair.context).toEqual([1, ...words('Q: sky is')]);
    expect(pair.continuation).toEqual(words(' blue'));
  });
  it('conditions an empty context on BOS alone', () => {
    expect(encodePair(words, '', ' yes', 1)).toEqual({ context: [1], continuation: words(' yes') });
    expect(() => encodePair(words, '', ' yes', null)).toThrow(/BOS/);
  });
});

describe('parseMultipleChoiceJsonl', () => {
  it('reads MMLU, ARC, HellaSwag and Evalbench rows, and names the file and line of a bad one', () => {
    const text = [
      JSON.stringify({ question: 'Largest planet?', choices: ['Mars', 'Jupiter'], answer: 1 }),
      JSON.stringify({ id: 'arc-1', question: 'Water boils at?', choices: { text: ['50 C', '100 C'], label: ['A', 'B'] }, answerKey: 'B' }),
      JSON.stringify({ activity_label: 'Baking', ctx: 'She puts the cake', endings: ['in the oven.', 'in the sea.'], label: '0' }),
      JSON.stringify({ context: '2+2 =', choices: [' 4', ' 5'], answer: ' 4' }),
      '{"question": "no answer", "choices": ["a", "b"]}',
      'not json',
      '',
    ].join('\n');
    const { items, errors } = parseMultipleChoiceJsonl(text, 'mc.jsonl');
    expect(items).toEqual([
      { id: 'line-1', context: 'Question: Largest planet?\nAnswer:', choices: [' Mars', ' Jupiter'], answer: 1 },
      { id: 'arc-1', context: 'Question: Water boils at?\nAnswer:', choices: [' 50 C', ' 100 C'], answer: 1 },
      { id: 'line-3', context: 'Baking: She puts the cake', choices: [' in the oven.', ' in the sea.'], answer: 0 },
      { id: 'line-4', context: '2+2 =', choices: [' 4', ' 5'], answer: 0 },
    ]);
    expect(errors).toEqual([
      'mc.jsonl:5: the answer is missing (a choice index, a label such as "B", or the choice text)',
      'mc.jsonl:6: this line is not valid JSON',
    ]);
  });

  it('refuses an item with more choices than a test set case may have, or a choice too long, at its file and line', () => {
    const text = [
      JSON.stringify({ question: 'Fine?', choices: Array.from({ length: MAX_CHOICES }, (_, i) => `c${i}`), answer: 0 }),
      JSON.stringify({ id: 'wide', question: 'Which?', choices: Array.from({ length: 3000 }, (_, i) => `c${i}`), answer: 0 }),
      JSON.stringify({ context: 'x =', choices: [' a', 'b'.repeat(MAX_CHOICE_LENGTH + 1)], answer: 0 }),
    ].join('\n');
    const { items, errors } = parseMultipleChoiceJsonl(text, 'big.jsonl');
    expect(items.map((i) => i.id)).toEqual(['line-1']);
    expect(errors).toEqual([
      'big.jsonl:2: item "wide" lists 3,000 choices, more than the 64 Evalbench scores in one case. Each choice costs a forward pass: keep at most 64 candidates, the answer among them, or split them over several cases of at most 64 choices, each with its own answer.',
      expect.stringMatching(/^big\.jsonl:3: item "line-3": choice 1 is 4,097 characters long, more than the 4,096 /),
    ]);
  });
});
