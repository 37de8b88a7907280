import { describe, expect, it } from 'vitest';
import { StopMatcher } from './StopMatcher';

/** Pushes pieces one at a time, as tokens arrive; returns what was emitted and whether it stopped. */
function run(stops: string[], pieces: string[]): { emitted: string; stopped: boolean } {
  const m = new StopMatcher(stops);
  let emitted = '';
  for (const piece of pieces) {
    const r = m.push(piece);
    emitted += r.text;
    if (r.stopped) return { emitted, stopped: true };
  }
  return { emitted: emitted + m.end(), stopped: false };
}

describe('StopMatcher', () => {
  it('finds a stop string split across token boundaries and emits only what comes before it', () => {
    expect(run(['Question:'], ['The answer is 4.', ' Que', 'st', 'ion', ': next'])).toEqual({
      emitted: 'The answer is 4. ',
      stopped: true,
    });
    expect(run(['\n\n'], ['a', '\n', '\nb'])).toEqual({ emitted: 'a', stopped: true });
  });

  it('finds the earliest of several stop strings', () => {
    expect(run(['\n\n', 'Question:'], ['a\n\nQuestion:'])).toEqual({ emitted: 'a', stopped: true });
  });

  it('stops when the output begins with a stop string, emitting nothing', () => {
    expect(run(['###'], ['#', '##', ' more'])).toEqual({ emitted: '', stopped: true });
  });

  it('holds back a tail that could become a stop string, and releases it when it does not', () => {
    const m = new StopMatcher(['Question:', '###']);
    expect(m.push('The answer is 4. Ques')).toEqual({ text: 'The answer is 4. ', stopped: false });
    expect(m.push('ts')).toEqual({ text: 'Quests', stopped: false });
    expect(m.push(' ##')).toEqual({ text: ' ', stopped: false });
    expect(m.end()).toBe('##');
    expect(run(['Question:'], ['Ques', 'ts'])).toEqual({ emitted: 'Quests', stopped: false });
  });

  it('keeps only a bounded tail, however long the output', () => {
    const m = new StopMatcher(['Question:']);
    for (let i = 0; i < 1000; i++) expect(m.push('word Q').text).toBe(i === 0 ? 'word ' : 'Qword ');
    expect(m.end()).toBe('Q');
  });

  it('passes text straight through without stop strings', () => {
    expect(run([], ['a', 'b'])).toEqual({ emitted: 'ab', stopped: false });
    expect(run([''], ['a', 'b'])).toEqual({ emitted: 'ab', stopped: false });
  });
});
