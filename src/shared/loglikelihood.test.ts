import { describe, expect, it } from 'vitest';
import { expectedAnswers } from './loglikelihood';

describe('expectedAnswers', () => {
  it('gives a generated case its expected answers as written', () => {
    expect(expectedAnswers({ expected: ['Paris', 'paris'] })).toEqual(['Paris', 'paris']);
  });

  it('gives a log-likelihood case its right choice, since it has no expected answers of its own', () => {
    expect(expectedAnswers({ expected: [], loglikelihood: { choices: [' Rome', ' Paris'], answer: 1 } })).toEqual([' Paris']);
  });
});
