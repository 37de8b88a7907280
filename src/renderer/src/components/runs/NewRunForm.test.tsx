import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, setClient } from '../../api/client';
import { useAppStore } from '../../stores/appStore';
import { useRunsStore } from '../../stores/runsStore';
import { appInfo, fakeBridge } from '../../test/fakeBridge';
import { NewRunForm } from './NewRunForm';
import { EMPTY_DRAFT } from './newRunDraft';

function renderForm(physicalCores: number) {
  useAppStore.setState({ info: { data: { ...appInfo, physicalCores }, status: 'ready', error: null } });
  setClient(createClient(fakeBridge({}).bridge));
  render(<NewRunForm initial={EMPTY_DRAFT} source={null} testSets={[]} models={[]} onStarted={() => undefined} onReset={() => undefined} />);
  return screen.getByRole('form', { name: 'New run' });
}

beforeEach(() => {
  useRunsStore.setState(useRunsStore.getInitialState(), true);
});
afterEach(cleanup);

describe('the Threads field of the New run form', () => {
  it('says what blank means: auto among the counts this machine will time', () => {
    const form = renderForm(8);
    const threads = within(form).getByLabelText<HTMLInputElement>('Threads');
    expect(threads.value).toBe('');
    expect(threads.placeholder).toBe('auto: 1, 4 or 8 threads');
    expect(within(form).getByText(/^Blank is auto: 1, 4 or 8 threads: each model times these counts when it loads and keeps the fastest/)).toBeTruthy();
  });

  it('names the two counts of a two-core machine, and drops the hint once a count is typed', () => {
    const form = renderForm(2);
    const threads = within(form).getByLabelText<HTMLInputElement>('Threads');
    expect(threads.placeholder).toBe('auto: 1 or 2 threads');
    fireEvent.change(threads, { target: { value: '1' } });
    expect(within(form).queryByText(/^Blank is auto/)).toBeNull();
    expect(within(form).getByText('This many threads for every model.')).toBeTruthy();
  });
});
