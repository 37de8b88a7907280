import { describe, expect, it } from 'vitest';
import { seededRandom } from '../stats/seededRandom';
import { normalizeSquadAnswer, squadF1Match, squadTokenF1 } from './squadF1Match';

describe('SQuAD normalisation and token F1', () => {
  it('normalises as the official script does', () => {
    expect(normalizeSquadAnswer('The  Eiffel-Tower, in Paris!')).toBe('eiffeltower in paris');
    expect(normalizeSquadAnswer('An apple a day')).toBe('apple day');
    expect(normalizeSquadAnswer('theatre')).toBe('theatre'); // articles only as whole words
  });

  it('computes F1 by hand', () => {
    // "the cat sat on the mat" → [cat sat on mat]; "a cat on a mat" → [cat on mat]: 3 shared,
    // P = 3/4, R = 3/3, F1 = 2·0.75·1 / 1.75 = 6/7.
    expect(squadTokenF1('the cat sat on the mat', 'a cat on a mat')).toBeCloseTo(6 / 7, 12);
    expect(squadTokenF1('Paris', 'London')).toBe(0);
    expect(squadTokenF1('the', 'a')).toBe(1); // both normalise to nothing (SQuAD 2.0 rule)
    expect(squadTokenF1('the', 'Paris')).toBe(0);
  });

  it('is symmetric and within 0–1', () => {
    const random = seededRandom(3);
    const words = ['the', 'cat', 'a', 'mat', 'on', 'sat', 'Paris'];
    const text = (): string => Array.from({ length: random.nextInt(8) }, () => words[random.nextInt(words.length)]).join(' ');
    for (let i = 0; i < 200; i++) {
      const [a, b] = [text(), text()];
      const f = squadTokenF1(a, b);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThanOrEqual(1);
      expect(f).toBeCloseTo(squadTokenF1(b, a), 12);
    }
  });
});

describe('squadF1Match', () => {
  it('scores the best accepted answer and passes from 0.5 by default', () => {
    const r = squadF1Match('It is the Eiffel Tower.', ['Eiffel Tower', 'the Eiffel Tower in Paris']);
    expect(r.score).toBeCloseTo(2 / 3, 12); // [it is eiffel tower] vs [eiffel tower]: P 2/4, R 2/2, F1 = 1/1.5
    expect(r.passed).toBe(true);
    expect(r.details?.bestAnswer).toBe('Eiffel Tower');
    expect(r.details?.exactMatch).toBe(false);
    expect(squadF1Match('the Eiffel Tower!', ['Eiffel Tower'], 1).passed).toBe(true);
    expect(squadF1Match('It is the Eiffel Tower.', 'Eiffel Tower', 1).passed).toBe(false);
    expect(squadF1Match('Paris', 'the Eiffel Tower').passed).toBe(false);
  });
});
