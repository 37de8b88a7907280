import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemoryEstimate, ModelDownload, ModelMetadata, ModelSummary } from '../../../shared/models';
import type { RawBridge } from '../../../shared/bridge';
import { createClient, setClient } from '../api/client';
import { useModelsStore } from '../stores/modelsStore';
import { fakeBridge } from '../test/fakeBridge';
import { ModelsPage } from './ModelsPage';

const metadata: ModelMetadata = {
  architecture: 'llama',
  name: 'Llama 3 8B Instruct',
  parameterCount: 8_030_261_248,
  fileType: 'Q4_K_M',
  dominantTensorType: 'Q4_K',
  bitsPerWeight: 4.8912,
  contextLength: 8192,
  layerCount: 32,
  embeddingLength: 4096,
  headCount: 32,
  headCountKv: 8,
  vocabularySize: 128_256,
  tokenizer: 'gpt2',
  chatTemplate: '{% for m in messages %}{{ m.content }}{% endfor %}',
  ggufVersion: 3,
  tensorCount: 291,
  tensorBytes: 4_920_733_696,
};

function model(overrides: Partial<ModelSummary> = {}): ModelSummary {
  return {
    id: 'm1',
    name: 'Llama-3-8B-Q4_K_M',
    path: '/models/Llama-3-8B-Q4_K_M.gguf',
    parts: ['/models/Llama-3-8B-Q4_K_M.gguf'],
    sizeBytes: 4_920_734_208,
    sha256: 'ab'.repeat(32),
    status: 'ready',
    hashProgress: null,
    metadata,
    problems: [],
    addedAt: '2026-11-01T10:00:00Z',
    ...overrides,
  };
}

const estimate: MemoryEstimate = {
  contextSize: 4096,
  weightsBytes: 4_920_733_696,
  kvCacheBytes: 536_870_912,
  computeBytes: 300_000_000,
  totalBytes: 5_757_604_608,
  machineRamBytes: 4 * 1024 ** 3,
  machineFreeRamBytes: 2 * 1024 ** 3,
  gpus: [],
  gpuFits: null,
  fits: 'no',
  message:
    "Needs about 5.4 GiB at 4096 tokens of context, more than this machine's 4.0 GiB of RAM: offload layers to a GPU or pick a smaller quantization or context.",
};

function download(overrides: Partial<ModelDownload> = {}): ModelDownload {
  return {
    id: 'd1',
    reference: 'hf:someone/some-model-GGUF/model-Q4_K_M.gguf',
    file: 'model-Q4_K_M.gguf',
    receivedBytes: 0,
    totalBytes: 4_000_000_000,
    bytesPerSecond: 0,
    state: 'downloading',
    error: null,
    modelId: null,
    ...overrides,
  };
}

type Answers = Parameters<typeof fakeBridge>[0];

function setup(answers: Answers = {}, bridgeExtras: Partial<RawBridge> = {}) {
  const fake = fakeBridge({
    'models.list': () => ({ ok: true, value: [] }),
    'models.downloads': () => ({ ok: true, value: [] }),
    'apiKeys.list': () => ({ ok: true, value: [] }),
    ...answers,
  });
  setClient(createClient({ ...fake.bridge, ...bridgeExtras }));
  const view = render(<ModelsPage />);
  let seq = 0;
  return {
    ...fake,
    view,
    /** Pushes an event the way main does, with a fresh sequence number. */
    push(event: 'models.changed' | 'models.downloads' | 'models.notice', payload: unknown) {
      act(() => fake.emit({ event, seq: ++seq, payload }));
    },
  };
}

beforeEach(() => useModelsStore.setState(useModelsStore.getInitialState(), true));
afterEach(cleanup);

describe('Models page', () => {
  it('keeps the empty state, with the add and download forms usable right there', async () => {
    setup();
    const empty = await screen.findByRole('region', { name: 'No models yet' });
    expect(within(empty).getByRole('heading', { name: 'No models yet' })).toBeTruthy();
    expect(within(empty).getByLabelText('File or folder path')).toBeTruthy();
    expect(within(empty).getByLabelText('URL or hf: reference')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Models' })).toBeNull();
  });

  it('adds every pasted path, one a line, and says which were skipped and why', async () => {
    const fake = setup({
      'models.add': () => ({
        ok: true,
        value: {
          added: [model()],
          skipped: [
            { path: '/models/notes.txt', reason: 'Not a .gguf file.' },
            { path: '/models/empty', reason: 'No .gguf files in this folder or below it.' },
          ],
        },
      }),
    });
    const field = await screen.findByLabelText('File or folder path');
    fireEvent.change(field, { target: { value: '  /models/Llama-3-8B-Q4_K_M.gguf\n\n"/models/notes.txt"\r\n/models/empty  \n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));

    const skipped = await screen.findByRole('list', { name: 'Skipped paths' });
    expect(fake.calls).toContainEqual({
      name: 'models.add',
      input: { paths: ['/models/Llama-3-8B-Q4_K_M.gguf', '/models/notes.txt', '/models/empty'] },
    });
    expect(within(skipped).getByText(/Not a \.gguf file\./).textContent).toContain('/models/notes.txt');
    expect(within(skipped).getByText(/No \.gguf files in this folder/).textContent).toContain('/models/empty');
    expect(screen.getByText('Added 1 model.')).toBeTruthy();
    // The confirmed addition shows even before main's event arrives, and the field is ready for the next paths.
    expect(within(screen.getByRole('table', { name: 'Models' })).getByRole('button', { name: 'Llama-3-8B-Q4_K_M' })).toBeTruthy();
    expect(screen.getByLabelText<HTMLTextAreaElement>('File or folder path').value).toBe('');
  });

  it('does not call main for an empty path field, and shows what main refused', async () => {
    const fake = setup({
      'models.add': () => ({ ok: false, error: { code: 'invalid_input', message: 'paths: too small', hint: 'Give at least one path.' } }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Add' }));
    expect(await screen.findByText(/Enter the path of a \.gguf file/)).toBeTruthy();
    expect(fake.calls.some((c) => c.name === 'models.add')).toBe(false);

    fireEvent.change(screen.getByLabelText('File or folder path'), { target: { value: '/x.gguf' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('paths: too small');
    expect(alert.textContent).toContain('Give at least one path.');
  });

  it('shows what the library did on its own, until dismissed', async () => {
    const fake = setup();
    await screen.findByRole('heading', { name: 'No models yet' });
    fake.push('models.notice', {
      message: 'copy has the same content as original, which is already in the library, so it was not added twice.',
    });
    const notices = await screen.findByRole('status', { name: 'Library notices' });
    expect(notices.textContent).toContain('not added twice');
    fireEvent.click(within(notices).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('status', { name: 'Library notices' })).toBeNull();
  });

  it('follows models.changed: rows appear, hash progress moves, the change is announced', async () => {
    const fake = setup();
    await screen.findByRole('heading', { name: 'No models yet' });
    fake.push('models.changed', [model({ status: 'hashing', sha256: null, hashProgress: 0.42 })]);

    const table = screen.getByRole('table', { name: 'Models' });
    const row = within(table).getByRole('button', { name: 'Llama-3-8B-Q4_K_M' }).closest('tr');
    expect(row).not.toBeNull();
    const cells = within(row as HTMLElement)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells.slice(1)).toEqual(['Q4_K_M · Q4_K', '8.03 B', '4.89', '4.6 GiB', '8,192', 'hashing 42%']);
    expect(screen.queryByRole('heading', { name: 'No models yet' })).toBeNull();

    fake.push('models.changed', [model()]);
    expect(within(row as HTMLElement).getByText('ready')).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Library updates' }).textContent).toBe('Llama-3-8B-Q4_K_M is ready.');

    fake.push('models.changed', []);
    expect(screen.getByRole('status', { name: 'Library updates' }).textContent).toBe('Llama-3-8B-Q4_K_M was removed from the library.');
    expect(await screen.findByRole('heading', { name: 'No models yet' })).toBeTruthy();
  });

  it('stops listening to main when the page goes away', async () => {
    const fake = setup();
    await screen.findByRole('heading', { name: 'No models yet' });
    fake.view.unmount();
    fake.push('models.changed', [model()]);
    fake.push('models.downloads', [download()]);
    expect(useModelsStore.getState().data).toEqual([]);
    expect(useModelsStore.getState().downloads.data).toEqual([]);
  });

  it('sorts by a column, and back', async () => {
    setup({
      'models.list': () => ({
        ok: true,
        value: [
          model({ id: 'a', name: 'm-Q8_0', metadata: { ...metadata, fileType: 'Q8_0', dominantTensorType: 'Q8_0', bitsPerWeight: 8.5 } }),
          model({ id: 'b', name: 'm-Q2_K', metadata: { ...metadata, fileType: 'Q2_K', dominantTensorType: 'Q2_K', bitsPerWeight: 2.96 } }),
          model({ id: 'c', name: 'm-F16', metadata: { ...metadata, fileType: 'F16', dominantTensorType: 'F16', bitsPerWeight: 16 } }),
        ],
      }),
    });
    const table = await screen.findByRole('table', { name: 'Models' });
    const names = () =>
      within(table)
        .getAllByRole('button', { name: /^m-/ })
        .map((b) => b.textContent);
    expect(names()).toEqual(['m-F16', 'm-Q2_K', 'm-Q8_0']);
    fireEvent.click(within(table).getByRole('button', { name: 'Bits per weight' }));
    expect(names()).toEqual(['m-Q2_K', 'm-Q8_0', 'm-F16']);
    expect(within(table).getByRole('columnheader', { name: 'Bits per weight' }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(within(table).getByRole('button', { name: 'Bits per weight' }));
    expect(names()).toEqual(['m-F16', 'm-Q8_0', 'm-Q2_K']);
  });

  it('shows an invalid model’s problems in its details, errors apart from warnings, each with its hint', async () => {
    setup({
      'models.list': () => ({
        ok: true,
        value: [
          model({
            id: 'bad',
            name: 'half',
            path: '/tmp/half.gguf',
            status: 'invalid',
            sha256: null,
            problems: [
              {
                code: 'unchecked',
                severity: 'warning',
                message: 'half.gguf: architecture was not fully checked',
                hint: 'See the llama.cpp log.',
              },
              {
                code: 'tensor-out-of-bounds',
                severity: 'error',
                message: 'half.gguf: tensor "a" data ends at byte 97,856 but the file has 90,192 bytes (truncated download?)',
                hint: 'The file is incomplete. Download or copy it again.',
              },
              {
                code: 'tensor-out-of-bounds',
                severity: 'error',
                message: 'half.gguf: tensor "b" data ends at byte 98,112 but the file has 90,192 bytes (truncated download?)',
                hint: 'The file is incomplete. Download or copy it again.',
              },
            ],
          }),
        ],
      }),
    });
    const table = await screen.findByRole('table', { name: 'Models' });
    expect(within(table).getByText('invalid')).toBeTruthy();
    fireEvent.click(within(table).getByRole('button', { name: 'half' }));

    const details = screen.getByRole('region', { name: 'half' });
    const problems = within(details).getByRole('region', { name: /Problems/ });
    expect(within(problems).getByRole('heading').textContent).toContain('2 errors, 1 warning');
    const items = within(problems)
      .getAllByRole('listitem')
      .filter((li) => li.classList.contains('problem'));
    expect(items.map((li) => li.dataset.severity)).toEqual(['error', 'warning']);
    expect(items[0]?.textContent).toContain('tensor "a" data ends at byte 97,856');
    expect(items[0]?.textContent).toContain('1 more like this');
    expect(items[0]?.textContent).toContain('The file is incomplete. Download or copy it again.');
    expect(items[1]?.textContent).toContain('Warning');
    expect(items[1]?.textContent).toContain('See the llama.cpp log.');
  });

  it('shows every header field, the hash, and the parts of a split model', async () => {
    const first = '/m/big-00001-of-00002.gguf';
    const parts = [first, '/m/big-00002-of-00002.gguf'];
    setup({
      'models.list': () => ({
        ok: true,
        value: [model({ name: 'big', path: first, parts, sha256: null, status: 'hashing', hashProgress: 0.5 })],
      }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'big' }));
    const details = screen.getByRole('region', { name: 'big' });
    const fact = (label: string) => within(details).getByText(label, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(fact('Architecture')).toBe('llama');
    expect(fact('Name in file')).toBe('Llama 3 8B Instruct');
    expect(fact('Parameters')).toBe('8.03 B (8,030,261,248)');
    expect(fact('File type')).toBe('Q4_K_M');
    expect(fact('Main tensor type')).toBe('Q4_K');
    expect(fact('Bits per weight')).toBe('4.89');
    expect(fact('Context length')).toBe('8,192');
    expect(fact('KV heads')).toBe('8');
    expect(fact('Vocabulary')).toBe('128,256');
    expect(fact('Tokenizer')).toBe('gpt2');
    expect(fact('SHA-256')).toBe('hashing… 50%');
    expect(
      within(within(details).getByRole('list', { name: 'Parts' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(parts);
    fireEvent.click(within(details).getByRole('button', { name: 'Close details' }));
    expect(screen.queryByRole('region', { name: 'big' })).toBeNull();
  });

  it('estimates memory for the context size typed, and warns clearly when it does not fit', async () => {
    const fake = setup({
      'models.list': () => ({ ok: true, value: [model()] }),
      'models.estimateMemory': (input) => ({
        ok: true,
        value: { ...estimate, contextSize: (input as { contextSize: number }).contextSize },
      }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Llama-3-8B-Q4_K_M' }));
    const context = screen.getByLabelText<HTMLInputElement>('Context size');
    expect(context.value).toBe('4096');
    fireEvent.change(context, { target: { value: '8192' } });

    const details = screen.getByRole('region', { name: 'Llama-3-8B-Q4_K_M' });
    const fact = (label: string) => within(details).getByText(label, { selector: 'dt' }).nextElementSibling?.textContent;
    await waitFor(() => expect(fact('Total')).toBe('5.4 GiB at 8,192 tokens'));
    expect(fact('This machine')).toBe('4.0 GiB RAM, 2.0 GiB free now');
    expect(fake.calls.filter((c) => c.name === 'models.estimateMemory').at(-1)).toEqual({
      name: 'models.estimateMemory',
      input: { id: 'm1', contextSize: 8192 },
    });
    const warning = screen.getByRole('alert');
    expect(warning.textContent).toContain('Does not fit in this machine’s RAM.');
    expect(warning.textContent).toContain('offload layers to a GPU');

    fireEvent.change(context, { target: { value: '5' } });
    expect(screen.getByText(/Enter a whole number of tokens from 16/)).toBeTruthy();
  });

  it('says a fitting estimate plainly, and a tight one as a warning', async () => {
    let fits: MemoryEstimate['fits'] = 'yes';
    const fake = setup({
      'models.list': () => ({ ok: true, value: [model()] }),
      'models.estimateMemory': () => ({
        ok: true,
        value: {
          ...estimate,
          totalBytes: 1024 ** 3,
          machineRamBytes: 64 * 1024 ** 3,
          machineFreeRamBytes: 32 * 1024 ** 3,
          gpus: [{ name: 'NVIDIA H100 80GB HBM3', vramTotalBytes: 80 * 1024 ** 3, vramFreeBytes: 79 * 1024 ** 3 }],
          gpuFits: 'yes',
          fits,
          message: `Verdict ${fits}.`,
        },
      }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Llama-3-8B-Q4_K_M' }));
    expect(await screen.findByText('Fits: needs 1.0 GiB of the 32.0 GiB of RAM free now.')).toBeTruthy();
    expect(screen.getByText('Fully offloaded, it fits in the 79.0 GiB of VRAM free on NVIDIA H100 80GB HBM3.')).toBeTruthy();
    expect(screen.getByText('GPU', { selector: 'dt' }).nextElementSibling?.textContent).toBe(
      'NVIDIA H100 80GB HBM3: 80.0 GiB VRAM, 79.0 GiB free now',
    );
    expect(screen.queryByRole('alert')).toBeNull();

    fits = 'tight';
    fireEvent.change(screen.getByLabelText('Context size'), { target: { value: '2048' } });
    const warning = await screen.findByRole('alert');
    expect(warning.textContent).toBe('Tight: more than the RAM free now. Verdict tight.');
    expect(fake.calls.filter((c) => c.name === 'models.estimateMemory')).toHaveLength(2);
  });

  it('shows the next model’s estimate frame with the GPU rows the machine has, so nothing below moves when it arrives', async () => {
    const withGpu = {
      ...estimate,
      gpus: [{ name: 'NVIDIA H100 80GB HBM3', vramTotalBytes: 80 * 1024 ** 3, vramFreeBytes: 79 * 1024 ** 3 }],
      gpuFits: 'yes' as const,
    };
    setup({
      'models.list': () => ({ ok: true, value: [model(), model({ id: 'm2', name: 'Other-Q8_0' })] }),
      // The second model's estimate never comes back: its frame stays on screen.
      'models.estimateMemory': (input) =>
        (input as { id: string }).id === 'm1' ? { ok: true, value: withGpu } : (new Promise(() => undefined) as never),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Llama-3-8B-Q4_K_M' }));
    await screen.findByText('NVIDIA H100 80GB HBM3: 80.0 GiB VRAM, 79.0 GiB free now');
    fireEvent.click(screen.getByRole('button', { name: 'Other-Q8_0' }));
    const details = await screen.findByRole('region', { name: 'Other-Q8_0' });
    expect(within(details).getByText('Estimating…')).toBeTruthy();
    expect(within(details).getByText('GPU', { selector: 'dt' }).nextElementSibling?.textContent).toBe('…');
  });

  it('removes a model from the library only after confirmation, saying the file stays', async () => {
    const fake = setup({ 'models.list': () => ({ ok: true, value: [model()] }), 'models.remove': () => ({ ok: true, value: null }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Llama-3-8B-Q4_K_M' }));
    expect(screen.getByText(/the file on disk is never deleted/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove from library' }));
    const confirm = screen.getByRole('group', { name: 'Confirm removal' });
    expect(confirm.textContent).toContain('The file stays on disk at /models/Llama-3-8B-Q4_K_M.gguf');
    expect(fake.calls.some((c) => c.name === 'models.remove')).toBe(false);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Yes, remove' }));
    expect(await screen.findByRole('heading', { name: 'No models yet' })).toBeTruthy();
    expect(fake.calls).toContainEqual({ name: 'models.remove', input: { id: 'm1' } });
  });

  it('explains that drag-and-drop needs the desktop app when the browser hides the path', async () => {
    const fake = setup();
    const page = (await screen.findByRole('heading', { level: 1, name: 'Models' })).parentElement as HTMLElement;
    const file = new File(['GGUF'], 'model-Q4_K_M.gguf');
    fireEvent.drop(page, { dataTransfer: { files: [file], types: ['Files'] } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Drag-and-drop needs the desktop app');
    expect(alert.textContent).toContain('“model-Q4_K_M.gguf”');
    expect(alert.textContent).toContain('Paste the full path into “File or folder path” instead.');
    expect(fake.calls.some((c) => c.name === 'models.add')).toBe(false);
  });

  it('adds dropped files by their path in the desktop app', async () => {
    const fake = setup(
      { 'models.add': () => ({ ok: true, value: { added: [], skipped: [] } }) },
      { pathForFile: (file: File) => `/home/me/models/${file.name}` },
    );
    const page = (await screen.findByRole('heading', { level: 1, name: 'Models' })).parentElement as HTMLElement;
    fireEvent.drop(page, { dataTransfer: { files: [new File(['GGUF'], 'a.gguf'), new File(['GGUF'], 'b.gguf')], types: ['Files'] } });
    expect(await screen.findByText('No model added.')).toBeTruthy();
    expect(fake.calls).toContainEqual({ name: 'models.add', input: { paths: ['/home/me/models/a.gguf', '/home/me/models/b.gguf'] } });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('starts a download and shows its live progress, speed, and a cancel button', async () => {
    const fake = setup({
      'models.download': (input) => ({
        ok: true,
        value: download({ reference: (input as { reference: string }).reference, file: null, totalBytes: null }),
      }),
      'models.cancelDownload': () => ({ ok: true, value: null }),
    });
    fireEvent.change(await screen.findByLabelText('URL or hf: reference'), {
      target: { value: ' hf:someone/some-model-GGUF/model-Q4_K_M.gguf ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    const pending = await screen.findByRole('progressbar', { name: 'hf:someone/some-model-GGUF/model-Q4_K_M.gguf' });
    expect(pending.hasAttribute('aria-valuenow')).toBe(false);
    expect(fake.calls).toContainEqual({ name: 'models.download', input: { reference: 'hf:someone/some-model-GGUF/model-Q4_K_M.gguf' } });

    fake.push('models.downloads', [download({ receivedBytes: 1_000_000_000, bytesPerSecond: 50 * 1024 ** 2 })]);
    const bar = screen.getByRole('progressbar', { name: 'model-Q4_K_M.gguf' });
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    const item = bar.closest('li') as HTMLElement;
    expect(item.textContent).toContain('50.0 MiB/s');
    expect(item.textContent).toContain('Downloading');
    fireEvent.click(within(item).getByRole('button', { name: 'Cancel model-Q4_K_M.gguf' }));
    expect(fake.calls).toContainEqual({ name: 'models.cancelDownload', input: { id: 'd1' } });

    fake.push('models.downloads', [
      download({ state: 'failed', receivedBytes: 1_000_000_000, error: 'model-Q4_K_M.gguf: the server answered 404 Not Found.' }),
    ]);
    expect(item.textContent).toContain('Failed');
    expect(item.textContent).toContain('the server answered 404 Not Found.');
    expect(within(item).queryByRole('button', { name: /Cancel/ })).toBeNull();
  });

  it('refuses what is neither a URL nor an hf: reference before asking main', async () => {
    const fake = setup();
    fireEvent.change(await screen.findByLabelText('URL or hf: reference'), { target: { value: 'llama 3 8b' } });
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect(await screen.findByText(/is neither a URL/)).toBeTruthy();
    expect(fake.calls.some((c) => c.name === 'models.download')).toBe(false);
  });

  it('offers the folders other tools keep models in, and adds one with a click', async () => {
    const fake = setup({
      'models.knownFolders': () => ({
        ok: true,
        value: [
          { source: 'LM Studio', path: '/home/u/.lmstudio/models', ggufFiles: 3, countComplete: true },
          { source: 'Hugging Face cache', path: '/home/u/.cache/huggingface/hub', ggufFiles: 0, countComplete: true },
        ],
      }),
      'models.add': () => ({ ok: true, value: { added: [], skipped: [] } }),
    });
    const panel = await screen.findByRole('region', { name: 'Models you already have' });
    // A folder with no GGUF files is not offered.
    expect(within(panel).queryByText(/huggingface/)).toBeNull();
    fireEvent.click(within(panel).getByRole('button', { name: 'Add the 3 GGUF files in LM Studio (/home/u/.lmstudio/models)' }));
    await waitFor(() => expect(fake.calls.find((c) => c.name === 'models.add')?.input).toEqual({ paths: ['/home/u/.lmstudio/models'] }));
  });
});
