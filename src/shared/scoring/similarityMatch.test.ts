import { expect, it } from 'vitest';
import { sentenceBleu } from './bleu';
import { similarityMatch } from './similarityMatch';

it('grades with the chosen metric on its own scale', () => {
  const bleu = similarityMatch('The dog bit the man.', 'The dog bit the man.', { metric: 'bleu', threshold: 50 });
  expect(bleu).toMatchObject({ passed: true, details: { signature: 'nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.x' } });
  expect(bleu.score).toBeCloseTo(100, 10);
  const expected = sentenceBleu('the cat sat on the mat', 'the cat is on the mat').score;
  expect(similarityMatch('the cat sat on the mat', 'the cat is on the mat', { metric: 'bleu', threshold: 50 })).toMatchObject({
    score: expected,
    passed: false,
  });

  const rouge = similarityMatch('the cat was under the bed', ['a dog', 'The cat was found under the bed.'], {
    metric: 'rougeL',
    threshold: 0.9,
  });
  expect(rouge.score).toBeCloseTo(12 / 13, 12);
  expect(rouge.passed).toBe(true);
  expect(rouge.explanation).toBe('rougeL F 0.923 reaches the pass mark 0.9 (2 references).');
  const recall = similarityMatch('the cat was under the bed', 'The cat was found under the bed.', {
    metric: 'rougeL',
    threshold: 0.9,
    rougeMeasure: 'recall',
  });
  expect(recall.score).toBeCloseTo(6 / 7, 12);
  expect(recall.passed).toBe(false);

  const chrfpp = similarityMatch('a b', 'a c', { metric: 'chrf++', threshold: 30 });
  expect(chrfpp.score).toBeCloseTo(25, 10);
  expect(chrfpp.explanation).toBe('chrF2++ 25.0 is below the pass mark 30 (1 reference).');
});
