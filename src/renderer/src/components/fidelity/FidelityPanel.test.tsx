import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelFidelity, RunFidelity } from '../../../../shared/fidelity';
import { createClient, setClient } from '../../api/client';
import { useFidelityStore } from '../../stores/fidelityStore';
import { fakeBridge } from '../../test/fakeBridge';
import { FidelityPanel } from './FidelityPanel';

const models = [
  { key: 'm0:a', label: 'F16', modelId: 'a', index: 0 },
  { key: 'm1:b', label: 'Q4_K_M', modelId: 'b', index: 1 },
];
const m = { value: 0, uncertainty: 0 };
const measured: ModelFidelity = {
  modelKey: 'm1:b',
  label: 'Q4_K_M',
  referenceKey: 'm0:a',
  referenceLabel: 'F16',
  text: { kind: 'file', path: '/texts/wiki.txt' },
  contextSize: 512,
  chunks: 20,
  tokens: 10240,
  precision: 'float32',
  measuredAt: '2026-11-01T10:00:00Z',
  report: {
    positions: 5100,
    basePerplexity: { value: 6.2, uncertainty: 0.04 },
    candidatePerplexity: { value: 6.41, uncertainty: 0.04 },
    logPerplexityRatio: m,
    nllCorrelation: 0.98,
    meanKld: { value: 0.0313, uncertainty: 0.0004 },
    kldPercentiles: { max: 2.1, p99: 0.31, median: 0.012 },
    meanDeltaP: m,
    rmsDeltaP: { value: 0.04, uncertainty: 0 },
    deltaPPercentiles: {},
    sameTop: { value: 0.919, uncertainty: 0.003 },
  },
};

function setup(stored: RunFidelity['models']) {
  let list = stored;
  const fake = fakeBridge({
    'runs.fidelity': () => ({ ok: true, value: { runId: 'r1', running: false, models: list } }),
    'runs.measureFidelity': () => ({ ok: true, value: null }),
  });
  setClient(createClient(fake.bridge));
  render(<FidelityPanel runId="r1" models={models} />);
  return { fake, store: (next: ModelFidelity[]) => (list = next) };
}

beforeEach(() => useFidelityStore.setState(useFidelityStore.getInitialState(), true));
afterEach(cleanup);

describe('FidelityPanel', () => {
  it('measures on a text file against the chosen reference, shows progress, then the chart', async () => {
    const { fake, store } = setup([]);
    const form = await screen.findByRole('form', { name: 'Measure fidelity' });
    fireEvent.change(within(form).getByLabelText('Reference model'), { target: { value: 'm0:a' } });
    fireEvent.click(within(form).getByRole('radio', { name: /A text file/ }));
    const button = within(form).getByRole('button', { name: 'Measure fidelity' });
    expect(button).toHaveProperty('disabled', true);
    fireEvent.change(within(form).getByRole('textbox', { name: 'Text file path' }), { target: { value: '/texts/wiki.txt' } });
    fireEvent.click(button);
    await waitFor(() =>
      expect(fake.calls.find((c) => c.name === 'runs.measureFidelity')?.input).toEqual({
        runId: 'r1',
        reference: 'm0:a',
        text: { kind: 'file', path: '/texts/wiki.txt' },
      }),
    );
    act(() =>
      fake.emit({
        event: 'runs.fidelityProgress',
        seq: 1,
        payload: { runId: 'r1', message: 'Q4_K_M: chunk 3/20', done: false, error: null },
      }),
    );
    expect(screen.getByRole('status').textContent).toContain('Q4_K_M: chunk 3/20');
    store([measured]);
    act(() =>
      fake.emit({
        event: 'runs.fidelityProgress',
        seq: 2,
        payload: { runId: 'r1', message: 'Measured 1 model.', done: true, error: null },
      }),
    );
    const figure = await screen.findByRole('figure', { name: 'Quantisation fidelity' });
    expect(figure.textContent).toContain('Q4_K_M: mean KL divergence 0.0313, p99 0.3100, perplexity 6.410 ± 0.040, same top token 91.9%');
    expect(screen.queryByRole('form', { name: 'Measure fidelity' })).toBeNull();
    expect(screen.getByText(/Against F16 on \/texts\/wiki\.txt: 20 chunks of 512 tokens/)).toBeTruthy();
  });

  it('shows why a measurement failed', async () => {
    const { fake } = setup([]);
    await screen.findByRole('form', { name: 'Measure fidelity' });
    fireEvent.click(screen.getByRole('button', { name: 'Measure fidelity' }));
    act(() =>
      fake.emit({
        event: 'runs.fidelityProgress',
        seq: 1,
        payload: {
          runId: 'r1',
          message: 'x',
          done: true,
          error: { code: 'invalid_input', message: 'The run’s test set has no expected answers to measure on.' },
        },
      }),
    );
    expect((await screen.findByRole('alert')).textContent).toContain('no expected answers');
  });
});
