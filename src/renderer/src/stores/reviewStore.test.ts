import { act } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReviewLabel } from '../../../shared/api';
import { createClient, setClient } from '../api/client';
import { fakeBridge } from '../test/fakeBridge';
import { useReviewStore } from './reviewStore';

const key = { runId: 'run-1', modelKey: 'm0:q8', caseId: 'c1', repetition: 0 };
const stored = (fields: Partial<ReviewLabel>): ReviewLabel => ({
  ...key,
  verdict: null,
  note: '',
  tags: [],
  updatedAt: '2026-11-01T10:00:00Z',
  ...fields,
});

function setup(answers: Parameters<typeof fakeBridge>[0] = {}) {
  const fake = fakeBridge({
    'review.list': () => ({ ok: true, value: [stored({ caseId: 'c9', verdict: 'pass' })] }),
    'review.set': (input) => {
      const i = input as ReviewLabel;
      return { ok: true, value: i.verdict === null && i.note === '' && i.tags.length === 0 ? null : stored(i) };
    },
    ...answers,
  });
  setClient(createClient(fake.bridge));
  return fake;
}

beforeEach(() => useReviewStore.setState(useReviewStore.getInitialState(), true));

describe('review store', () => {
  it('loads a run’s labels and stores a whole label for each change', async () => {
    const fake = setup();
    await useReviewStore.getState().load('run-1');
    expect(useReviewStore.getState().labels.size).toBe(1);
    await useReviewStore.getState().update(key, { verdict: 'fail' });
    await useReviewStore.getState().update(key, { note: 'off by one' });
    expect(fake.calls.filter((c) => c.name === 'review.set').map((c) => c.input)).toEqual([
      { ...key, verdict: 'fail', note: '', tags: [] },
      { ...key, verdict: 'fail', note: 'off by one', tags: [] },
    ]);
    expect(useReviewStore.getState().labels.get(`m0:q8\u0000c1\u00000`)).toMatchObject({ verdict: 'fail', note: 'off by one' });
  });

  it('undoes change by change, back to no label at all', async () => {
    const fake = setup();
    await useReviewStore.getState().load('run-1');
    await useReviewStore.getState().update(key, { verdict: 'fail' });
    await useReviewStore.getState().update(key, { verdict: 'pass' });
    expect(await useReviewStore.getState().undo()).toEqual(key);
    expect(useReviewStore.getState().labels.get(`m0:q8\u0000c1\u00000`)?.verdict).toBe('fail');
    await useReviewStore.getState().undo();
    expect(useReviewStore.getState().labels.has(`m0:q8\u0000c1\u00000`)).toBe(false);
    expect(fake.calls.at(-1)?.input).toEqual({ ...key, verdict: null, note: '', tags: [] });
    expect(await useReviewStore.getState().undo()).toBeNull();
  });

  it('shows a change at once and takes it back when main refuses it', async () => {
    setup({ 'review.set': () => ({ ok: false, error: { code: 'not_found', message: 'No result for case c1.' } }) });
    await useReviewStore.getState().load('run-1');
    const pending = useReviewStore.getState().update(key, { verdict: 'pass' });
    expect(useReviewStore.getState().labels.get(`m0:q8\u0000c1\u00000`)?.verdict).toBe('pass');
    expect(await pending).toBe(false);
    expect(useReviewStore.getState().labels.has(`m0:q8\u0000c1\u00000`)).toBe(false);
    expect(useReviewStore.getState().saveError?.message).toBe('No result for case c1.');
    expect(useReviewStore.getState().undoStack).toEqual([]);
  });

  it('follows labels changed in another window, for the open run only', async () => {
    const fake = setup();
    await useReviewStore.getState().load('run-1');
    const stop = useReviewStore.getState().start();
    act(() => fake.emit({ event: 'review.changed', seq: 1, payload: { ...key, label: stored({ verdict: 'unsure' }) } }));
    act(() =>
      fake.emit({
        event: 'review.changed',
        seq: 2,
        payload: { ...key, runId: 'other', label: stored({ runId: 'other', verdict: 'fail' }) },
      }),
    );
    expect(useReviewStore.getState().labels.get(`m0:q8\u0000c1\u00000`)?.verdict).toBe('unsure');
    act(() => fake.emit({ event: 'review.changed', seq: 3, payload: { ...key, caseId: 'c9', label: null } }));
    expect(useReviewStore.getState().labels.size).toBe(1);
    stop();
  });
});
