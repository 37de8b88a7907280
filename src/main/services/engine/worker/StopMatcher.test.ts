import { describe, expect, it } from 'vitest';
import { StopMatcher } from './StopMatcher';

describe('StopMatcher', () => {
  it('finds the earliest stop string, including one that straddles the previous check', () => {
    const m = new StopMatcher(['\n\n', 'Question:']);
    expect(m.firstStop('abc Quest', 0)).toBe(-1);
    expect(m.firstStop('abc Question: x', 7)).toBe(4);
    expect(m.firstStop('a\n\nQuestion:', 0)).toBe(1);
  });

  it('holds back a tail that could become a stop string, and only that', () => {
    const m = new StopMatcher(['Question:', '###']);
    expect(m.heldBack('The answer is 4. Ques')).toBe(4);
    expect(m.heldBack('The answer is 4. ##')).toBe(2);
    expect(m.heldBack('The answer is 4.')).toBe(0);
    expect(new StopMatcher([]).heldBack('anything')).toBe(0);
  });
});
