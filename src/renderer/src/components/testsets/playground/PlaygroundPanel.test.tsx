import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import arithmetic from '../../../../../../resources/examples/arithmetic.yaml?raw';
import type { CallOutput, GenerationOutput, LoadedModelView } from '../../../../../shared/api';
import type { GenerationResult } from '../../../../../shared/engine';
import type { ModelSummary } from '../../../../../shared/models';
import { createClient, setClient } from '../../../api/client';
import type { OpenTestSet } from '../../../stores/testSetsStore';
import { fakeBridge } from '../../../test/fakeBridge';
import { validateText } from '../../../stores/testSets/validateText';
import { PlaygroundPanel } from './PlaygroundPanel';
import { usePlaygroundStore } from '../../../stores/playgroundStore';

const memory = { peakRssBytes: 1000, rssBytes: 900, vramUsedBytes: null };

const loadedModel: LoadedModelView = {
  loadId: 'load-1',
  modelId: 'm1',
  modelName: 'Tiny Llama',
  options: {
    backend: 'auto',
    gpuLayers: 'auto',
    contextSize: 2048,
    flashAttention: false,
    kvCacheType: 'f16',
    useMmap: true,
    useMlock: false,
    sequences: 1,
    batchOrdering: 'sequence-id',
  },
  info: {
    backend: 'cpu',
    gpuName: null,
    layerCount: 22,
    gpuLayers: 0,
    contextSize: 2048,
    batchSize: 512,
    threads: 4,
    flashAttention: false,
    trainContextSize: 4096,
    hasChatTemplate: true,
    llamaCppRelease: 'b1',
    nodeLlamaCppVersion: '3.0.0',
    loadMs: 120,
    memory,
  },
};

const libraryModel: ModelSummary = {
  id: 'm2',
  name: 'Qwen Small',
  path: '/models/qwen.gguf',
  parts: ['/models/qwen.gguf'],
  sizeBytes: 1000,
  sha256: 'abc',
  status: 'ready',
  hashProgress: null,
  metadata: null,
  problems: [],
  addedAt: '2026-11-01T10:00:00Z',
};

const result: GenerationResult = {
  text: '85',
  stopReason: 'eos',
  timings: {
    timeToFirstTokenMs: 42,
    promptTokens: 30,
    promptTokensPerSecond: 700,
    generatedTokens: 2,
    generationTokensPerSecond: 25.5,
    totalMs: 90,
  },
  memory,
};

const scored: CallOutput<'scoring.score'> = {
  scores: [
    {
      label: 'numeric',
      type: 'numeric',
      weight: 1,
      score: 1,
      rawScore: 1,
      passed: true,
      explanation: '85 equals 85 within 0.001.',
      details: null,
      error: null,
    },
  ],
  passed: true,
  score: 1,
};

function tabOf(text: string): OpenTestSet {
  const validation = validateText(text, '/data/testsets/t1.yaml', 'yaml');
  return {
    id: 't1',
    summary: {
      id: 't1',
      name: 'Arithmetic',
      path: '/data/testsets/t1.yaml',
      caseCount: 22,
      updatedAt: '2026-11-01T10:00:00Z',
    },
    format: 'yaml',
    language: 'yaml',
    managed: true,
    fileMissing: false,
    savedText: text,
    baseHash: 'h',
    text,
    textVersion: 0,
    dirty: false,
    draft: { status: 'idle', savedAt: null, error: null },
    recovered: null,
    saving: false,
    saveError: null,
    conflict: false,
    validating: false,
    validation,
    validationError: null,
    lastValid: validation,
    importReport: null,
  };
}

type Answers = Parameters<typeof fakeBridge>[0];

function setup(answers: Answers = {}) {
  const fake = fakeBridge({
    'engine.loaded': () => ({ ok: true, value: [loadedModel] }),
    'models.list': () => ({ ok: true, value: [libraryModel] }),
    'engine.generate': () => ({ ok: true, value: { generationId: 'g1' } }),
    'engine.cancel': () => ({ ok: true, value: null }),
    'scoring.score': () => ({ ok: true, value: scored }),
    ...answers,
  });
  setClient(createClient(fake.bridge));
  render(<PlaygroundPanel tab={tabOf(arithmetic)} />);
  let seq = 0;
  const output = (payload: Partial<GenerationOutput>): void => {
    act(() => {
      fake.emit({
        event: 'engine.output',
        seq: ++seq,
        payload: {
          generationId: 'g1',
          text: '',
          done: false,
          result: null,
          error: null,
          ...payload,
        },
      });
    });
  };
  return { fake, output };
}

async function openPanel(): Promise<void> {
  fireEvent.click(screen.getByText('Playground'));
  await screen.findByRole('option', { name: 'Tiny Llama (cpu)' });
}

beforeEach(() => {
  usePlaygroundStore.setState(usePlaygroundStore.getInitialState(), true);
});
afterEach(cleanup);

describe('Playground panel', () => {
  it('runs a case on a loaded model, streams the output, then scores it', async () => {
    const { fake, output } = setup();
    await openPanel();
    const caseSelect = screen.getByLabelText('Case');
    expect(caseSelect).toHaveProperty('value', 'add-two-digit');
    expect(screen.getByRole('option', { name: 'Qwen Small' })).toBeTruthy();
    fireEvent.change(caseSelect, { target: { value: 'add-thousands' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run case' }));

    await waitFor(() => expect(fake.calls.some((c) => c.name === 'engine.generate')).toBe(true));
    expect(fake.calls.find((c) => c.name === 'engine.generate')?.input).toEqual({
      loadId: 'load-1',
      input: {
        kind: 'chat',
        messages: [
          {
            role: 'system',
            content: 'You are a careful calculator. Reply with the final number only, without units or explanation.',
          },
          { role: 'user', content: 'Calculate: 1256 + 3789' },
        ],
        template: 'model',
      },
      params: { temperature: 0, maxTokens: 48 },
    });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Stop' })).toHaveProperty('disabled', false));

    output({ text: '50' });
    output({ text: '45' });
    const region = screen.getByLabelText('Playground output');
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.textContent).toBe('5045');
    output({ done: true, result: { ...result, text: '5045' } });

    const scores = await screen.findByRole('list', { name: 'Scores' });
    const call = fake.calls.find((c) => c.name === 'scoring.score');
    expect(call?.input).toEqual({
      scorers: [{ type: 'numeric', tolerance: 0.001, extract: 'last', weight: 1 }],
      output: '5045',
      expected: ['5045'],
      vars: { problem: '1256 + 3789' },
    });
    expect(within(scores).getByText('pass').getAttribute('data-state')).toBe('pass');
    expect(scores.textContent).toContain('numeric');
    expect(scores.textContent).toContain('85 equals 85 within 0.001.');
    const dl = screen.getByLabelText('Timings');
    expect(dl.textContent).toContain('42 ms');
    expect(dl.textContent).toContain('25.5 tok/s');
    expect(screen.getByRole('button', { name: 'Stop' })).toHaveProperty('disabled', true);
  });

  it('shows a generation error as an alert and does not score', async () => {
    const { fake, output } = setup();
    await openPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Run case' }));
    await waitFor(() => expect(fake.calls.some((c) => c.name === 'engine.generate')).toBe(true));
    await waitFor(() => expect(usePlaygroundStore.getState().run?.generationId).toBe('g1'));
    output({ text: '8' });
    output({
      done: true,
      error: {
        code: 'worker_crashed',
        message: 'The model worker stopped.',
        logs: ['ggml: out of memory'],
      },
    });
    expect((await screen.findByRole('alert')).textContent).toContain('The model worker stopped.');
    expect(fake.calls.some((c) => c.name === 'scoring.score')).toBe(false);
  });

  it('loads a library model with a 2048-token context, and shows a load failure', async () => {
    const { fake } = setup({
      'engine.load': () => ({
        ok: false,
        error: {
          code: 'unavailable',
          message: 'Not enough memory to load Qwen Small.',
        },
      }),
    });
    await openPanel();
    fireEvent.change(screen.getByLabelText('Model'), {
      target: { value: 'library:m2' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Run case' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Not enough memory to load Qwen Small.');
    expect(fake.calls.find((c) => c.name === 'engine.load')?.input).toEqual({
      modelId: 'm2',
      options: { contextSize: 2048 },
    });
    expect(fake.calls.some((c) => c.name === 'engine.generate')).toBe(false);
  });

  it('stops a generation with engine.cancel', async () => {
    const { fake, output } = setup();
    await openPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Run case' }));
    await waitFor(() => expect(usePlaygroundStore.getState().run?.generationId).toBe('g1'));
    output({ text: '8' });
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(fake.calls.find((c) => c.name === 'engine.cancel')?.input).toEqual({ generationId: 'g1' }));
    output({
      done: true,
      result: { ...result, text: '8', stopReason: 'cancelled' },
    });
    expect(screen.getByRole('status').textContent).toBe('Stopped.');
    expect(fake.calls.some((c) => c.name === 'scoring.score')).toBe(false);
  });
});
