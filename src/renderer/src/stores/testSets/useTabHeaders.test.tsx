import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestSetSummary } from '../../../../shared/api';
import { tabFromDocument } from './openTestSet';
import { useTabHeaders, useTestSetsStore } from '../testSetsStore';
import type { ValidationResult } from './validateText';

const summary: TestSetSummary = {
  id: 't1',
  name: 'Sums',
  path: '/data/testsets/sums.yaml',
  caseCount: 1,
  updatedAt: '2026-11-01T10:00:00Z',
};
const tab = tabFromDocument({ summary, format: 'yaml', text: 'cases: []\n', hash: 'h1', fileMissing: false, managed: true, draft: null });
const validation = (errorCount: number): ValidationResult => ({ errorCount }) as ValidationResult;

beforeEach(() => useTestSetsStore.setState({ ...useTestSetsStore.getInitialState(), tabs: [tab] }, true));
afterEach(cleanup);

describe('useTabHeaders', () => {
  it('keeps the same headers while a validation changes nothing the tab strip shows, and follows a rename, an edit and new errors', () => {
    let renders = 0;
    const { result } = renderHook(() => {
      renders++;
      return useTabHeaders();
    });
    const first = result.current;
    expect(first).toEqual([{ id: 't1', name: 'Sums', path: '/data/testsets/sums.yaml', dirty: false, errors: 0 }]);

    act(() => useTestSetsStore.setState({ tabs: [{ ...tab, validating: true, validation: validation(0) }] }));
    expect(result.current).toBe(first);
    expect(renders).toBe(1);

    act(() =>
      useTestSetsStore.setState({ tabs: [{ ...tab, dirty: true, validation: validation(2), summary: { ...summary, name: 'Adds' } }] }),
    );
    expect(result.current).toEqual([{ id: 't1', name: 'Adds', path: '/data/testsets/sums.yaml', dirty: true, errors: 2 }]);
  });
});
