import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, setClient } from '../../api/client';
import { useAppStore } from '../../stores/appStore';
import { useRunsStore } from '../../stores/runsStore';
import { appInfo, fakeBridge } from '../../test/fakeBridge';
import { NewRunForm } from './NewRunForm';
import type { ModelMetadata, ModelSummary } from '../../../../shared/models';
import { EMPTY_DRAFT } from './newRunDraft';

function renderForm(physicalCores: number, answers: Parameters<typeof fakeBridge>[0] = {}, models: ModelSummary[] = []) {
  useAppStore.setState({ info: { data: { ...appInfo, physicalCores }, status: 'ready', error: null } });
  setClient(createClient(fakeBridge(answers).bridge));
  render(
    <NewRunForm initial={EMPTY_DRAFT} source={null} testSets={[]} models={models} onStarted={() => undefined} onReset={() => undefined} />,
  );
  return screen.getByRole('form', { name: 'New run' });
}

/** A library model whose GGUF header says it was trained on `contextLength` tokens. */
function model(name: string, contextLength: number): ModelSummary {
  const metadata: ModelMetadata = {
    architecture: 'llama',
    name,
    parameterCount: 1000,
    fileType: 'Q4_0',
    dominantTensorType: 'Q4_0',
    bitsPerWeight: 4.5,
    contextLength,
    layerCount: 2,
    embeddingLength: 64,
    headCount: 4,
    headCountKv: 4,
    vocabularySize: 256,
    tokenizer: 'llama',
    chatTemplate: null,
    ggufVersion: 3,
    tensorCount: 10,
    tensorBytes: 1000,
  };
  return {
    id: name,
    name,
    path: `/m/${name}.gguf`,
    parts: [`/m/${name}.gguf`],
    sizeBytes: 1000,
    sha256: null,
    status: 'ready',
    hashProgress: null,
    metadata,
    problems: [],
    addedAt: 'now',
  };
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
    expect(
      within(form).getByText(/^Blank is auto: 1, 4 or 8 threads: each model times these counts when it loads and keeps the fastest/),
    ).toBeTruthy();
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

describe('the New run form says which settings its cases will run with', () => {
  it('tells that the test set sets max tokens for its cases, so the field does not apply to them', async () => {
    const form = renderForm(2, {
      'runs.testSetParams': (input) => {
        expect(input).toEqual({ testSetPath: '/sets/short.yaml' });
        return {
          ok: true,
          value: {
            caseCount: 12,
            overrides: [
              {
                param: 'maxTokens',
                values: [{ value: 32, cases: 12 }],
                cases: 12,
                total: 12,
              },
              {
                param: 'topK',
                values: [{ value: 20, cases: 3 }],
                cases: 3,
                total: 12,
              },
            ],
          },
        };
      },
    });
    expect(within(form).queryByText(/the test set sets/i)).toBeNull();
    fireEvent.change(within(form).getByLabelText('Test set file'), {
      target: { value: '/sets/short.yaml' },
    });
    expect(await within(form).findByText('The test set sets 32 for its 12 cases; this field applies to none of them.')).toBeTruthy();
    expect(within(form).getByText('Also set by the test set, with no field here: topK (20 for 3 of 12 cases).')).toBeTruthy();
  });

  it('warns when the context goes past the context a picked model was trained on', () => {
    const form = renderForm(
      2,
      {
        'models.estimateMemory': () => ({
          ok: false,
          error: { code: 'not_found', message: 'no estimate' },
        }),
      },
      [model('tiny-q4', 256), model('big', 4096)],
    );
    fireEvent.click(within(form).getByRole('checkbox', { name: /tiny-q4/ }));
    fireEvent.click(within(form).getByRole('checkbox', { name: /big/ }));
    const warnings = () => within(form).queryAllByText(/was trained on a/);
    expect(warnings().map((w) => w.textContent)).toEqual([
      'tiny-q4 was trained on a 256-token context; 2,048 goes past it, and what it generates beyond 256 tokens is not what it learned. Use 256 or less.',
    ]);
    fireEvent.change(within(form).getByLabelText('Context size'), {
      target: { value: '256' },
    });
    expect(warnings()).toHaveLength(0);
  });
});

describe('the order of a timing run', () => {
  it('offers interleaved (ABBA) order in latency mode, says what it costs, and warms up once by default', () => {
    const form = renderForm(2);
    expect(within(form).getByLabelText<HTMLInputElement>('Warm-up runs').value).toBe('1');
    const order = within(form).getByRole('combobox', { name: 'Order' });
    fireEvent.change(order, { target: { value: 'interleaved' } });
    expect(
      within(form).getByText(/Each case runs on every model in turn \(A B, then B A\).*the run needs the sum of their memory/),
    ).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Mode'), { target: { value: 'throughput' } });
    expect(within(form).queryByRole('combobox', { name: 'Order' })).toBeNull();
  });
});
