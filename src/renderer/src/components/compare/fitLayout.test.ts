import { describe, expect, it } from 'vitest';
import { promptText, sharedSystemPrompt, type CaseRow } from './caseRows';
import { fitColumns, MIN_COLUMN_WIDTH } from './useColumnWidths';

const chat = (id: string, system: string | null, user: string): CaseRow =>
  ({
    index: 0,
    testCase: {
      id,
      input: {
        kind: 'chat',
        messages: [...(system === null ? [] : [{ role: 'system', content: system }]), { role: 'user', content: user }],
      },
      expected: [],
      tags: [],
    },
    cells: [],
    haystack: '',
  }) as unknown as CaseRow;

describe('fitColumns', () => {
  it('fits the case column and every model column into the room there is', () => {
    for (const [available, models] of [
      [1140, 4],
      [740, 4],
      [740, 3],
    ] as const) {
      const { caseWidth, modelWidth } = fitColumns(available, models);
      expect(caseWidth + models * modelWidth).toBeLessThanOrEqual(available);
      expect(caseWidth + models * modelWidth).toBeGreaterThan(available - models);
      expect(caseWidth).toBeGreaterThanOrEqual(180);
      expect(caseWidth).toBeLessThanOrEqual(300);
    }
  });

  it('lets the grid scroll sideways only when a model column would be narrower than the least width', () => {
    expect(fitColumns(700, 8).modelWidth).toBe(MIN_COLUMN_WIDTH);
    expect(fitColumns(null, 4)).toEqual({ caseWidth: 300, modelWidth: 280 });
  });
});

describe('sharedSystemPrompt', () => {
  it('finds the system prompt every case shares, and leaves it out of each row’s prompt', () => {
    const first = chat('a', 'You are terse.', 'Capital of France?');
    const rows = [first, chat('b', 'You are terse.', '2 + 2?')];
    const shared = sharedSystemPrompt(rows);
    expect(shared).toBe('You are terse.');
    expect(promptText(first.testCase, shared)).toBe('user: Capital of France?');
    // Without it (the case detail, the review), the prompt is whole.
    expect(promptText(first.testCase)).toBe('system: You are terse.\nuser: Capital of France?');
  });

  it('is none when the cases’ system prompts differ, one has none, or there is a single case', () => {
    expect(sharedSystemPrompt([chat('a', 'One.', 'q'), chat('b', 'Two.', 'q')])).toBeNull();
    expect(sharedSystemPrompt([chat('a', 'One.', 'q'), chat('b', null, 'q')])).toBeNull();
    expect(sharedSystemPrompt([chat('a', 'One.', 'q')])).toBeNull();
  });
});
