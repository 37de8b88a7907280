import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunListItem } from '../../../shared/api';
import type { MemoryEstimate, ModelSummary } from '../../../shared/models';
import { createClient, setClient } from '../api/client';
import { listItem } from '../components/compare/testing/fakeRun';
import { runDetail } from '../components/compare/testing/runFixtures';
import { fakeBridge } from '../test/fakeBridge';
import { useCompareStore } from '../stores/compareStore';
import { useModelsStore } from '../stores/modelsStore';
import { useRunsStore } from '../stores/runsStore';
import { useTestSetsStore } from '../stores/testSetsStore';
import { useUiStore } from '../stores/uiStore';
import { RunsPage } from './RunsPage';
import { modelRunSummary } from '../../../shared/testing/modelRunSummary';

function model(id: string, name: string): ModelSummary {
  return {
    id,
    name,
    path: `/models/${name}.gguf`,
    parts: [`/models/${name}.gguf`],
    sizeBytes: 160_000,
    sha256: id.repeat(64).slice(0, 64),
    status: 'ready',
    hashProgress: null,
    metadata: null,
    problems: [],
    addedAt: '2026-11-01T10:00:00Z',
  };
}

function estimate(totalBytes: number, fits: MemoryEstimate['fits']): MemoryEstimate {
  return {
    contextSize: 256,
    weightsBytes: totalBytes,
    kvCacheBytes: 0,
    computeBytes: 0,
    totalBytes,
    machineRamBytes: 8e9,
    machineFreeRamBytes: 4e9,
    gpus: [],
    gpuFits: null,
    fits,
    message: 'estimate',
  };
}

function setup(runs: RunListItem[] = [], answers: Parameters<typeof fakeBridge>[0] = {}) {
  let list = runs;
  const fake = fakeBridge({
    'runs.list': () => ({ ok: true, value: list }),
    'models.list': () => ({ ok: true, value: [model('a', 'tiny-q8_0'), model('b', 'tiny-q4_0')] }),
    'testSets.list': () => ({ ok: true, value: [] }),
    'models.estimateMemory': (input) => ({
      ok: true,
      value: (input as { id: string }).id === 'a' ? estimate(1.5 * 1024 ** 3, 'yes') : estimate(9e9, 'no'),
    }),
    'runs.start': () => ({ ok: true, value: { runId: 'new-run' } }),
    'runs.rename': () => ({ ok: true, value: null }),
    'runs.pause': () => ({ ok: true, value: null }),
    'runs.resume': () => ({ ok: true, value: null }),
    'runs.cancel': () => ({ ok: true, value: null }),
    'runs.delete': () => {
      list = [];
      return { ok: true, value: null };
    },
    'runs.get': () => ({ ok: true, value: runDetail(['c1'], ['a', 'b']) }),
    'runs.telemetry': () => ({ ok: true, value: { samples: [], markers: [] } }),
    ...answers,
  });
  setClient(createClient(fake.bridge));
  render(<RunsPage />);
  return fake;
}

beforeEach(() => {
  useRunsStore.setState(useRunsStore.getInitialState(), true);
  useModelsStore.setState(useModelsStore.getInitialState(), true);
  useTestSetsStore.setState(useTestSetsStore.getInitialState(), true);
  useCompareStore.setState(useCompareStore.getInitialState(), true);
  useUiStore.setState({ page: 'runs' });
});
afterEach(cleanup);

describe('Runs page', () => {
  it('starts a run of the models ticked, in that order, with each one’s estimated memory shown first', async () => {
    const fake = setup();
    const form = await screen.findByRole('form', { name: 'New run' });
    fireEvent.click(within(form).getByRole('button', { name: 'Start run' }));
    expect(within(form).getByText('Choose a test set, or enter the path of a test set file.')).toBeTruthy();
    expect(within(form).getByText(/Pick at least one model/)).toBeTruthy();
    expect(fake.calls.some((c) => c.name === 'runs.start')).toBe(false);

    fireEvent.change(within(form).getByLabelText('Test set file'), { target: { value: '/tmp/set.yaml' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: /tiny-q4_0/ }));
    fireEvent.click(within(form).getByRole('checkbox', { name: /tiny-q8_0/ }));
    fireEvent.change(within(form).getByLabelText('Context size'), { target: { value: '256' } });
    fireEvent.change(within(form).getByLabelText('Backend'), { target: { value: 'cpu' } });
    fireEvent.change(within(form).getByLabelText('Threads'), { target: { value: '1' } });
    fireEvent.change(within(form).getByLabelText('Max tokens'), { target: { value: '16' } });
    fireEvent.change(within(form).getByLabelText('Mode'), { target: { value: 'throughput' } });
    fireEvent.change(within(form).getByLabelText('Parallel cases'), { target: { value: '2' } });
    fireEvent.change(within(form).getByLabelText('Warm-up runs'), { target: { value: '1' } });
    expect(await within(form).findByText('needs ~1.5 GiB')).toBeTruthy();
    expect(within(form).getByText(/does not fit in RAM/)).toBeTruthy();
    expect(fake.calls.filter((c) => c.name === 'models.estimateMemory').map((c) => c.input)).toContainEqual({ id: 'b', contextSize: 256 });

    fireEvent.click(within(form).getByRole('button', { name: 'Start run' }));
    await waitFor(() => expect(fake.calls.some((c) => c.name === 'runs.start')).toBe(true));
    const load = { backend: 'cpu', contextSize: 256, threads: 1 };
    expect(fake.calls.find((c) => c.name === 'runs.start')?.input).toEqual({
      testSetPath: '/tmp/set.yaml',
      models: [
        { modelId: 'b', load },
        { modelId: 'a', load },
      ],
      params: { temperature: 0, maxTokens: 16, seed: 0, stop: [] },
      mode: 'throughput',
      order: 'model-by-model',
      repetitions: 1,
      warmup: 1,
      parallel: 2,
      useCache: false,
    });
  });

  it('shows a running run live: per-model progress, the current case and its streamed output, TTFT, speed, ETA and errors', async () => {
    const fake = setup([listItem({ id: 'r1', status: 'running', done: 0, total: 10, caseCount: 5, name: 'Capitals' })]);
    const live = await screen.findByRole('region', { name: 'Running: Capitals' });
    act(() =>
      fake.emit({
        event: 'runs.progress',
        seq: 1,
        payload: {
          runId: 'r1',
          status: 'running',
          done: 7,
          total: 10,
          errors: 1,
          currentModel: 'Q4',
          currentCase: 'c3',
          tokensPerSecond: 41.25,
          etaSeconds: 75,
        },
      }),
    );
    expect(within(live).getByRole('progressbar', { name: 'Capitals: overall' }).getAttribute('aria-valuenow')).toBe('70');
    expect(within(live).getByRole('progressbar', { name: 'Q8' }).getAttribute('aria-valuetext')).toBe('5 of 5');
    expect(within(live).getByRole('progressbar', { name: 'Q4' }).getAttribute('aria-valuetext')).toBe('2 of 5');
    expect(live.textContent).toContain('Q4 · c3');
    expect(live.textContent).toContain('41.3 tokens/s');
    expect(live.textContent).toContain('about 1 min 15 s');
    expect(within(live).getByRole('figure', { name: 'Live memory: Capitals' })).toBeTruthy();
    // The current case's output as it streams, and its time to first token.
    const piece = { runId: 'r1', modelKey: 'm1:q4', model: 'Q4', caseId: 'c3', repetition: 0, ttftMs: 123.4 };
    act(() => fake.emit({ event: 'runs.output', seq: 1, payload: { ...piece, first: true, text: 'Paris is ' } }));
    act(() => fake.emit({ event: 'runs.output', seq: 2, payload: { ...piece, first: false, text: 'the capital' } }));
    expect(within(live).getByRole('log', { name: 'Output of the current case' }).textContent).toBe('Paris is the capital');
    expect(live.textContent).toContain('Output: Q4 · c3');
    expect(live.textContent).toContain('TTFT123 ms');
    await waitFor(() => expect(fake.calls.some((c) => c.name === 'runs.telemetry')).toBe(true));
    fireEvent.click(within(live).getByRole('button', { name: 'Pause' }));
    await waitFor(() => expect(fake.calls.find((c) => c.name === 'runs.pause')?.input).toEqual({ runId: 'r1' }));
  });

  it('renames in place, deletes only after asking, and re-runs with the same settings', async () => {
    const fake = setup([listItem({ id: 'r1', name: 'Capitals' })]);
    const table = await screen.findByRole('table', { name: 'Runs' });
    const actions = within(table).getByRole('group', { name: 'Actions for Capitals' });
    fireEvent.click(within(actions).getByRole('button', { name: 'Rename' }));
    fireEvent.change(within(table).getByRole('textbox', { name: 'New name' }), { target: { value: 'Capitals, Q8 vs Q4' } });
    fireEvent.click(within(table).getByRole('button', { name: 'Save' }));
    expect(await within(table).findByText('Capitals, Q8 vs Q4')).toBeTruthy();
    expect(fake.calls.find((c) => c.name === 'runs.rename')?.input).toEqual({ runId: 'r1', name: 'Capitals, Q8 vs Q4' });

    fireEvent.click(within(table).getByRole('button', { name: 'Re-run' }));
    await waitFor(() => expect(screen.getByText(/Same settings as “Capitals”/)).toBeTruthy());
    // The form was filled afresh from the run.
    const form = screen.getByRole('form', { name: 'New run' });
    expect(within(form).getByRole('checkbox', { name: /tiny-q8_0/ })).toHaveProperty('checked', true);
    expect(within(form).getByLabelText<HTMLInputElement>('Max tokens').value).toBe('32');
    expect(within(form).getByText(/2 models keep their load options/)).toBeTruthy();

    fireEvent.click(within(table).getByRole('button', { name: 'Delete' }));
    const confirm = within(table).getByRole('group', { name: /Confirm deleting/ });
    expect(fake.calls.some((c) => c.name === 'runs.delete')).toBe(false);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Yes, delete' }));
    expect(await screen.findByRole('heading', { name: 'No runs yet' })).toBeTruthy();
    // The first-run hint points at the example run on the trained fixture.
    expect(screen.getByText('fixture:skilled-llama-f32')).toBeTruthy();
    expect(screen.getByText('npx evalbench run resources/examples/quant-compare.run.yaml')).toBeTruthy();
  });

  it('resumes or cancels a paused run, and offers no delete while one runs', async () => {
    const fake = setup([
      listItem({ id: 'r1', name: 'Paused one', status: 'paused', done: 3 }),
      listItem({ id: 'r2', name: 'Busy one', status: 'running', done: 1 }),
    ]);
    const paused = await screen.findByRole('group', { name: 'Actions for Paused one' });
    fireEvent.click(within(paused).getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(fake.calls.find((c) => c.name === 'runs.resume')?.input).toEqual({ runId: 'r1' }));
    fireEvent.click(within(paused).getByRole('button', { name: 'Cancel run' }));
    await waitFor(() => expect(fake.calls.find((c) => c.name === 'runs.cancel')?.input).toEqual({ runId: 'r1' }));
    const busy = screen.getByRole('group', { name: 'Actions for Busy one' });
    expect(within(busy).queryByRole('button', { name: 'Delete' })).toBeNull();
    expect(within(busy).queryByRole('button', { name: 'Resume' })).toBeNull();
  });

  it('shows a run left running by a stopped host as interrupted, offers Resume, and re-runs it from its test set file', async () => {
    const fake = setup([
      listItem({ id: 'r1', name: 'Crashed one', status: 'running', active: false, done: 4, testSetPath: '/sets/crashed.yaml' }),
    ]);
    const table = await screen.findByRole('table', { name: 'Runs' });
    expect(within(table).getByText('interrupted')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Running: Crashed one' })).toBeNull();
    const actions = within(table).getByRole('group', { name: 'Actions for Crashed one' });
    fireEvent.click(within(actions).getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(fake.calls.find((c) => c.name === 'runs.resume')?.input).toEqual({ runId: 'r1' }));
    fireEvent.click(within(actions).getByRole('button', { name: 'Re-run' }));
    const form = await screen.findByRole('form', { name: 'New run' });
    await waitFor(() => expect(within(form).getByLabelText<HTMLInputElement>('Test set file').value).toBe('/sets/crashed.yaml'));
  });

  it('opens a run with results in Compare', async () => {
    setup([listItem({ id: 'r1', name: 'Capitals' })], {
      'runs.results': () => ({ ok: true, value: [] }),
      'runs.summary': () => ({ ok: false, error: { code: 'internal', message: 'x' } }),
    });
    const actions = await screen.findByRole('group', { name: 'Actions for Capitals' });
    fireEvent.click(within(actions).getByRole('button', { name: 'Compare' }));
    expect(useUiStore.getState().page).toBe('compare');
    expect(useCompareStore.getState().runId).toBe('r1');
  });

  it('opens a run’s details from its name: id to copy, duration, settings, each model’s pass rate and how it loaded', async () => {
    const detail = runDetail(['c1', 'c2'], ['a', 'b']);
    const environment = {
      cpu: { model: 'Test CPU', physicalCores: 2, logicalCores: 4 },
      ramBytes: 8 * 1024 ** 3,
      gpus: [],
      os: { platform: 'linux', distro: 'Debian', release: '12', kernel: '6.1', arch: 'x64' },
      versions: { evalbench: '0.1.0', node: '20.20.2', electron: null, nodeLlamaCpp: '3.22.1' },
      models: {},
    };
    const interval = { estimate: 0.5, lower: 0.25, upper: 0.75, confidence: 0.95, resamples: 10_000, seed: 1, n: 2 };
    const figures = (modelKey: string, label: string) =>
      modelRunSummary(label, { modelKey, results: 2, passRate: interval, automaticPassRate: interval });
    const written: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: (text: string) => (written.push(text), Promise.resolve()) },
    });
    setup(
      [
        listItem({
          id: '834acf10-1111-4222-8333-444455556666',
          name: 'Capitals',
          createdAt: '2026-11-01T10:00:00Z',
          finishedAt: '2026-11-01T10:03:05Z',
          testSetPath: '/sets/capitals.yaml',
        }),
      ],
      {
        'runs.get': () => ({ ok: true, value: { ...detail, environment } }),
        'runs.summary': () => ({
          ok: true,
          value: {
            runId: detail.id,
            name: 'Capitals',
            status: 'completed',
            mode: 'latency',
            repetitions: 1,
            cases: 2,
            baseline: 'A',
            models: [figures('m0:a', 'A'), figures('m1:b', 'B')],
          },
        }),
      },
    );
    const name = await screen.findByRole('button', { name: 'Details of Capitals' });
    expect(name.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(name);
    const details = await screen.findByRole('region', { name: 'Capitals' });
    expect(within(details).getByText('834acf10-1111-4222-8333-444455556666')).toBeTruthy();
    expect(within(details).getByText(/took 3 min 05 s/)).toBeTruthy();
    expect(within(details).getByText('evalbench report 834acf10 --format html')).toBeTruthy();
    const models = await within(details).findByRole('table', { name: 'Models of the run' });
    expect(within(models).getAllByText('50.0% (25.0%–75.0%)')).toHaveLength(2);
    expect(within(details).getByText(/Test CPU \(2 cores, 4 threads\)/)).toBeTruthy();
    fireEvent.click(within(details).getByRole('button', { name: 'Copy the run id' }));
    await waitFor(() => expect(written).toEqual(['834acf10-1111-4222-8333-444455556666']));
    expect(await within(details).findByText(/Copied/)).toBeTruthy();
    fireEvent.click(within(details).getByRole('button', { name: 'Close the details of Capitals' }));
    expect(screen.queryByRole('region', { name: 'Capitals' })).toBeNull();
  });
});
