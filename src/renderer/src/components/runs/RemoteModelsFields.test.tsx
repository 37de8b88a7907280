import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calls, type RunListItem } from '../../../../shared/api';
import type { ModelSummary } from '../../../../shared/models';
import { createClient, setClient } from '../../api/client';
import { RunsPage } from '../../pages/RunsPage';
import { useApiKeysStore } from '../../stores/apiKeysStore';
import { useAppStore } from '../../stores/appStore';
import { useModelsStore } from '../../stores/modelsStore';
import { useRunsStore } from '../../stores/runsStore';
import { useTestSetsStore } from '../../stores/testSetsStore';
import { appInfo, fakeBridge } from '../../test/fakeBridge';
import { listItem } from '../compare/testing/fakeRun';
import { runDetail } from '../compare/testing/runFixtures';

const library: ModelSummary = {
  id: 'a',
  name: 'tiny-q8_0',
  path: '/models/tiny-q8_0.gguf',
  parts: ['/models/tiny-q8_0.gguf'],
  sizeBytes: 160_000,
  sha256: 'a'.repeat(64),
  status: 'ready',
  hashProgress: null,
  metadata: null,
  problems: [],
  addedAt: '2026-11-01T10:00:00Z',
};

function setup(host: 'electron' | 'browser', runs: RunListItem[] = [], models: ModelSummary[] = [library]) {
  useAppStore.setState({ info: { data: { ...appInfo, host }, status: 'ready', error: null } });
  const detail = runDetail(['c1'], ['a']);
  const withRemote = calls['runs.get'].output.parse({
    ...detail,
    spec: {
      ...detail.spec,
      models: [
        ...detail.spec.models,
        {
          modelId: 'remote:served',
          label: 'served',
          remote: {
            api: 'chat',
            endpoints: [{ baseUrl: 'http://box:8080/v1', model: 'tiny', apiKeyEnv: 'WORKER_TOKEN', dialect: 'evalbench' }],
          },
        },
      ],
    },
  });
  const fake = fakeBridge({
    'runs.list': () => ({ ok: true, value: runs }),
    'models.list': () => ({ ok: true, value: models }),
    'testSets.list': () => ({ ok: true, value: [] }),
    'models.estimateMemory': () => ({ ok: false, error: { code: 'not_found', message: 'no such model' } }),
    'apiKeys.list': () => ({ ok: true, value: ['vllm-prod'] }),
    'runs.start': () => ({ ok: true, value: { runId: 'new-run' } }),
    'runs.get': () => ({ ok: true, value: withRemote }),
  });
  setClient(createClient(fake.bridge));
  render(<RunsPage />);
  return fake;
}

beforeEach(() => {
  useRunsStore.setState(useRunsStore.getInitialState(), true);
  useModelsStore.setState(useModelsStore.getInitialState(), true);
  useTestSetsStore.setState(useTestSetsStore.getInitialState(), true);
  useApiKeysStore.setState(useApiKeysStore.getInitialState(), true);
});
afterEach(cleanup);

describe('remote models in the New run form', () => {
  it('adds a remote model beside a library model and starts a run with its endpoints', async () => {
    const fake = setup('electron');
    const form = await screen.findByRole('form', { name: 'New run' });
    const toggle = within(form).getByRole('button', { name: 'Remote models' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.change(within(form).getByLabelText('Test set file'), { target: { value: '/tmp/set.yaml' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: /tiny-q8_0/ }));
    fireEvent.click(within(form).getByRole('button', { name: 'Add remote model' }));
    expect(
      within(form)
        .getByRole('button', { name: /^Remote models \(1\)/ })
        .getAttribute('aria-expanded'),
    ).toBe('true');

    const card = within(form).getByRole('group', { name: 'Remote model: remote model 2' });
    fireEvent.change(within(card).getByLabelText('Label'), { target: { value: 'vLLM BF16' } });
    const named = within(form).getByRole('group', { name: 'Remote model: vLLM BF16' });
    expect(within(named).getByText('memory unknown (remote)')).toBeTruthy();
    fireEvent.change(within(named).getByLabelText('API'), { target: { value: 'chat' } });
    fireEvent.change(within(named).getByLabelText('Base URL'), { target: { value: 'http://gpu-1:8000/v1' } });
    fireEvent.change(within(named).getByLabelText('Model name'), { target: { value: 'Qwen/Qwen2.5-7B' } });
    fireEvent.change(within(named).getByLabelText('Server'), { target: { value: 'vllm' } });
    fireEvent.change(within(named).getByLabelText('API key'), { target: { value: 'stored' } });
    await waitFor(() => expect(within(named).getByRole('option', { name: 'vllm-prod' })).toBeTruthy());
    fireEvent.change(within(named).getByLabelText('Stored key'), { target: { value: 'vllm-prod' } });
    fireEvent.change(within(named).getByLabelText('Requests at once'), { target: { value: '4' } });
    fireEvent.click(within(named).getByRole('button', { name: 'Add endpoint' }));
    const second = within(named).getByRole('group', { name: 'Endpoint 2' });
    expect(within(second).getByLabelText<HTMLInputElement>('Model name').value).toBe('Qwen/Qwen2.5-7B');
    fireEvent.change(within(second).getByLabelText('Base URL'), { target: { value: 'http://gpu-2:8000/v1' } });
    fireEvent.change(within(second).getByLabelText('Timeout (s)'), { target: { value: '120' } });

    fireEvent.click(within(form).getByRole('button', { name: 'Start run' }));
    await waitFor(() => expect(fake.calls.some((c) => c.name === 'runs.start')).toBe(true));
    const endpoint = { model: 'Qwen/Qwen2.5-7B', dialect: 'vllm', apiKeyName: 'vllm-prod', concurrency: 4, retries: 3 };
    expect((fake.calls.find((c) => c.name === 'runs.start')?.input as { models: unknown[] }).models).toEqual([
      { modelId: 'a', load: { backend: 'auto', contextSize: 2048 } },
      {
        modelId: 'remote:vLLM BF16',
        label: 'vLLM BF16',
        remote: {
          api: 'chat',
          endpoints: [
            { baseUrl: 'http://gpu-1:8000/v1', timeoutMs: 60_000, ...endpoint },
            { baseUrl: 'http://gpu-2:8000/v1', timeoutMs: 120_000, ...endpoint },
          ],
        },
      },
    ]);
    // Only the library model is estimated: a remote model's memory is unknown, not zero.
    expect(fake.calls.filter((c) => c.name === 'models.estimateMemory').map((c) => c.input)).toEqual([{ id: 'a', contextSize: 2048 }]);
  });

  it('marks each wrong field with its own message and starts nothing', async () => {
    const fake = setup('browser', [], []);
    const form = await screen.findByRole('form', { name: 'New run' });
    expect(within(form).getByText('No models in the library yet.')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Test set file'), { target: { value: '/tmp/set.yaml' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add remote model' }));
    const card = within(form).getByRole('group', { name: /^Remote model:/ });
    expect(within(card).getByRole<HTMLOptionElement>('option', { name: 'Stored key (desktop app only)' }).disabled).toBe(true);
    fireEvent.change(within(card).getByLabelText('Base URL'), { target: { value: 'gpu-box:8080' } });
    fireEvent.change(within(card).getByLabelText('Model name'), { target: { value: 'm' } });
    fireEvent.change(within(card).getByLabelText('API key'), { target: { value: 'env' } });
    fireEvent.change(within(card).getByLabelText('Variable name'), { target: { value: 'sk-live-123' } });
    fireEvent.change(within(card).getByLabelText('Requests at once'), { target: { value: '0' } });
    // Collapsed, the section opens again when a start is refused for one of its fields.
    const toggle = within(form).getByRole('button', { name: 'Remote models (1)' });
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(within(form).queryByRole('group', { name: /^Remote model:/ })).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Start run' }));
    expect(toggle.getAttribute('aria-expanded')).toBe('true');

    expect(within(card).getByText(/Give the model a label/)).toBeTruthy();
    expect(within(card).getByLabelText('Variable name').getAttribute('aria-invalid')).toBe('true');
    expect(within(card).getByText(/not the key itself/)).toBeTruthy();
    expect(within(card).getByText('A whole number of requests at once, from 1 to 256.')).toBeTruthy();
    expect(within(form).getByText('Fix the marked fields first.')).toBeTruthy();

    fireEvent.change(within(card).getByLabelText('Label'), { target: { value: 'box' } });
    fireEvent.change(within(card).getByLabelText('Variable name'), { target: { value: 'BOX_KEY' } });
    fireEvent.change(within(card).getByLabelText('Requests at once'), { target: { value: '2' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Start run' }));
    // What the schema refuses once the form's own checks pass: a base URL without http(s)://.
    const url = within(card).getByLabelText('Base URL');
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(within(card).getByText(/http:\/\/ or https:\/\//)).toBeTruthy();
    expect(fake.calls.some((c) => c.name === 'runs.start')).toBe(false);
    fireEvent.click(within(card).getByRole('button', { name: 'Remove box' }));
    expect(within(form).queryByRole('group', { name: /^Remote model:/ })).toBeNull();
  });

  it('re-runs a run with a remote model: the form keeps it, in its place, and starts it again', async () => {
    const fake = setup('browser', [listItem({ id: 'r1', name: 'Capitals', models: ['A', 'served'], testSetPath: '/sets/capitals.yaml' })]);
    const table = await screen.findByRole('table', { name: 'Runs' });
    fireEvent.click(within(table).getByRole('button', { name: 'Re-run' }));
    const form = await screen.findByRole('form', { name: 'New run' });
    const card = await within(form).findByRole('group', { name: 'Remote model: served' });
    expect(within(card).getByLabelText<HTMLInputElement>('Base URL').value).toBe('http://box:8080/v1');
    expect(within(card).getByLabelText<HTMLInputElement>('Variable name').value).toBe('WORKER_TOKEN');
    expect(within(card).getByLabelText<HTMLSelectElement>('Server').value).toBe('evalbench');
    fireEvent.click(within(form).getByRole('button', { name: 'Start run' }));
    await waitFor(() => expect(fake.calls.some((c) => c.name === 'runs.start')).toBe(true));
    const models = (fake.calls.find((c) => c.name === 'runs.start')?.input as { models: { modelId: string; remote?: unknown }[] }).models;
    expect(models.map((m) => m.modelId)).toEqual(['a', 'remote:served']);
    expect(models[1]?.remote).toEqual({
      api: 'chat',
      endpoints: [
        {
          baseUrl: 'http://box:8080/v1',
          model: 'tiny',
          apiKeyEnv: 'WORKER_TOKEN',
          dialect: 'evalbench',
          concurrency: 1,
          timeoutMs: 60_000,
          retries: 3,
        },
      ],
    });
  });
});
