import { describe, expect, it } from 'vitest';
import { runDetail } from '../compare/testing/runFixtures';
import { draftFromRun, draftToRequest, EMPTY_DRAFT } from './newRunDraft';
import { followOutput, LIVE_OUTPUT_MAX_CHARS } from '../../stores/liveOutput';
import { formatDuration, perModelProgress } from './runProgress';

describe('draftToRequest', () => {
  it('says what is missing or out of range, field by field', () => {
    const { request, problems } = draftToRequest({ ...EMPTY_DRAFT, temperature: '9', maxTokens: '0', threads: 'two' });
    expect(request).toBeNull();
    expect(Object.keys(problems).sort()).toEqual(['maxTokens', 'models', 'temperature', 'testSetPath', 'threads']);
  });

  it('builds the runs.start request, one load for every model and the stop strings one a line', () => {
    const { request } = draftToRequest({
      ...EMPTY_DRAFT,
      testSetPath: ' /sets/a.yaml ',
      models: [{ modelId: 'q8' }, { modelId: 'q4' }],
      backend: 'cpu',
      contextSize: '256',
      threads: '1',
      maxTokens: '16',
      stop: '\n\nQ:\n',
      mode: 'throughput',
      parallel: '2',
      repetitions: '3',
    });
    expect(request).toEqual({
      testSetPath: '/sets/a.yaml',
      models: [
        { modelId: 'q8', load: { backend: 'cpu', contextSize: 256, threads: 1 } },
        { modelId: 'q4', load: { backend: 'cpu', contextSize: 256, threads: 1 } },
      ],
      params: { temperature: 0, maxTokens: 16, seed: 0, stop: ['Q:'] },
      mode: 'throughput',
      order: 'model-by-model',
      repetitions: 3,
      // One untimed generation per model unless the form says otherwise.
      warmup: 1,
      parallel: 2,
      useCache: false,
    });
  });

  it('asks for an interleaved (ABBA) order when picked, and a re-run keeps it', () => {
    const { request } = draftToRequest({ ...EMPTY_DRAFT, testSetPath: '/sets/a.yaml', models: [{ modelId: 'q8' }], order: 'interleaved' });
    expect(request).toMatchObject({ order: 'interleaved', warmup: 1 });
    const detail = runDetail(['c1'], ['q8', 'q4']);
    expect(draftFromRun({ ...detail, spec: { ...detail.spec, order: 'interleaved' } }, '/sets/a.yaml').order).toBe('interleaved');
  });

  it('re-runs a run with its own settings, each model keeping its load options', () => {
    const detail = runDetail(['c1'], ['q8', 'q4']);
    const draft = draftFromRun(detail, '/sets/capitals.yaml');
    expect(draft).toMatchObject({
      name: 'Capitals',
      testSetPath: '/sets/capitals.yaml',
      maxTokens: '32',
      contextSize: '256',
      backend: 'cpu',
    });
    const { request } = draftToRequest(draft);
    expect(request?.models.map((m) => [m.modelId, m.label, m.load])).toEqual([
      ['q8', 'Q8', detail.spec.models[0]?.load],
      ['q4', 'Q4', detail.spec.models[1]?.load],
    ]);
    expect(request?.name).toBe('Capitals');
  });

  it('asks for robustness variants only when a perturbation is ticked, and checks its seed', () => {
    const base = { ...EMPTY_DRAFT, testSetPath: '/sets/a.yaml', models: [{ modelId: 'q8' }] };
    expect(draftToRequest(base).request).not.toHaveProperty('robustness');
    expect(draftToRequest({ ...base, robustnessSeed: 'x' }).problems).toEqual({});
    const picked = { ...base, perturbations: ['typos' as const, 'shuffle-options' as const], robustnessSeed: '42', variantsPerKind: '2' };
    expect(draftToRequest(picked).request?.robustness).toEqual({
      seed: 42,
      perturbations: ['typos', 'shuffle-options'],
      variantsPerKind: 2,
      perturbVariables: false,
    });
    expect(Object.keys(draftToRequest({ ...picked, robustnessSeed: '-1', variantsPerKind: '11' }).problems)).toEqual([
      'robustnessSeed',
      'variantsPerKind',
    ]);
    const rerun = draftFromRun(
      {
        ...runDetail(['c1'], ['q8']),
        spec: {
          ...runDetail(['c1'], ['q8']).spec,
          robustness: { seed: 7, perturbations: ['casing'], variantsPerKind: 3, perturbVariables: true },
        },
      },
      '/sets/a.yaml',
    );
    expect(rerun).toMatchObject({ perturbations: ['casing'], robustnessSeed: '7', variantsPerKind: '3', perturbVariables: true });
  });
});

describe('perModelProgress', () => {
  it('fills the models in run order', () => {
    expect(perModelProgress(7, 3, 5)).toEqual([
      { done: 5, total: 5, state: 'done' },
      { done: 2, total: 5, state: 'running' },
      { done: 0, total: 5, state: 'waiting' },
    ]);
    expect(perModelProgress(0, 2, 5).map((p) => p.state)).toEqual(['running', 'waiting']);
    expect(perModelProgress(10, 2, 5).map((p) => p.state)).toEqual(['done', 'done']);
  });

  it('formats durations for people', () => {
    expect([formatDuration(12.4), formatDuration(185), formatDuration(3720)]).toEqual(['12 s', '3 min 5 s', '1 h 2 min']);
  });
});

describe('followOutput', () => {
  const piece = (caseId: string, first: boolean, text: string) => ({
    model: 'Q8',
    modelKey: 'm0:q8',
    caseId,
    repetition: 0,
    first,
    text,
    ttftMs: 42,
  });

  it('appends a case’s pieces, starts again at the next case’s first piece, and keeps its time to first token', () => {
    let live = followOutput(undefined, piece('a', true, 'The '));
    live = followOutput(live, piece('a', false, 'answer'));
    expect(live).toMatchObject({ caseId: 'a', text: 'The answer', ttftMs: 42, model: 'Q8' });
    live = followOutput(live, piece('b', true, 'Next'));
    expect(live).toMatchObject({ caseId: 'b', text: 'Next' });
  });

  it('follows the newest case when cases run at once, and keeps only the end of a long output', () => {
    let live = followOutput(undefined, piece('a', true, 'A1'));
    live = followOutput(live, piece('b', true, 'B1'));
    live = followOutput(live, piece('a', false, 'A2'));
    expect(live?.text).toBe('B1');
    live = followOutput(live, piece('b', false, 'x'.repeat(LIVE_OUTPUT_MAX_CHARS)));
    expect(live?.text).toHaveLength(LIVE_OUTPUT_MAX_CHARS);
    expect(live?.text.endsWith('x')).toBe(true);
  });
});
