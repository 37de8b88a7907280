import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerationOutput, LoadedModelView } from '../../../shared/api';
import type { ModelSummary } from '../../../shared/models';
import { ensureFixtures, type FixtureSet } from '../gguf/fixtureCache';
import { createServices, type Services } from '../Services';
import { forkWorker } from './WorkerProcess';
import { callRouter } from '../testing/callRouter';

// The engine through the API contract, as the renderer uses it: ids in, events out.
let services: Services;
let fixtures: FixtureSet;
let home: string;

beforeAll(async () => {
  fixtures = await ensureFixtures();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-engine-api-'));
  services = createServices({
    home,
    host: 'browser',
    engine: { workerScript: process.env.EVALBENCH_TEST_WORKER ?? '', launch: forkWorker },
  });
}, 60_000);
afterAll(async () => {
  await services.close();
  fs.rmSync(home, { recursive: true, force: true });
});

function call<T>(name: string, input: unknown): Promise<T> {
  return callRouter<T>(services, name, input);
}

/** Starts a generation, catching its events from the first one on (they can beat the call's answer). */
async function generate(input: unknown): Promise<GenerationOutput[]> {
  const seen: GenerationOutput[] = [];
  let wanted: string | null = null;
  let finish: (outputs: GenerationOutput[]) => void = () => undefined;
  const done = new Promise<GenerationOutput[]>((resolve) => (finish = resolve));
  const settleIfDone = (): void => {
    const mine = seen.filter((o) => o.generationId === wanted);
    if (mine.at(-1)?.done === true) {
      stop();
      finish(mine);
    }
  };
  const stop = services.bus.listen((m) => {
    if (m.event !== 'engine.output') return;
    seen.push(m.payload as GenerationOutput);
    settleIfDone();
  });
  wanted = (await call<{ generationId: string }>('engine.generate', input)).generationId;
  settleIfDone();
  return done;
}

describe('engine calls', () => {
  it('loads a library model, streams a generation as events, and unloads', async () => {
    const { added } = await call<{ added: ModelSummary[] }>('models.add', { paths: [fixtures.files.q8_0] });
    const modelId = added[0]?.id ?? '';
    const loaded = await call<LoadedModelView>('engine.load', { modelId, options: { backend: 'cpu', contextSize: 128, threads: 1 } });
    expect(loaded.modelName).toBe('tiny-llama-q8_0');
    expect(await call<LoadedModelView[]>('engine.loaded', {})).toHaveLength(1);

    const outputs = await generate({
      loadId: loaded.loadId,
      input: { kind: 'completion', prompt: 'Once upon a time' },
      params: { maxTokens: 12 },
    });
    const last = outputs.at(-1);
    expect(last?.done).toBe(true);
    expect(last?.error).toBeNull();
    expect(outputs.map((o) => o.text).join('')).toBe(last?.result?.text);
    expect(last?.result?.timings.generatedTokens).toBeGreaterThan(0);

    await call('engine.unload', { loadId: loaded.loadId });
    expect(await call<LoadedModelView[]>('engine.loaded', {})).toEqual([]);
  });

  it('answers a chat in a template the user picks', async () => {
    const { added } = await call<{ added: ModelSummary[] }>('models.add', { paths: [fixtures.files.f16] });
    const loaded = await call<LoadedModelView>('engine.load', {
      modelId: added[0]?.id,
      options: { backend: 'cpu', contextSize: 256, threads: 1 },
    });
    const last = (
      await generate({
        loadId: loaded.loadId,
        input: {
          kind: 'chat',
          template: 'chatML',
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'user', content: 'Name a colour.' },
          ],
        },
        params: { maxTokens: 8 },
      })
    ).at(-1);
    expect(last?.error).toBeNull();
    // The chat template turned two short messages into a longer prompt.
    expect(last?.result?.timings.promptTokens).toBeGreaterThan(20);
    await call('engine.unload', { loadId: loaded.loadId });
  });

  it('refuses an unknown model and an unknown load with clear errors', async () => {
    const missing = await services.router('engine.load', { modelId: 'nope' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const gone = await services.router('engine.generate', { loadId: 'nope', input: { kind: 'completion', prompt: 'x' } });
    expect(gone).toMatchObject({ ok: false, error: { code: 'not_found', message: 'That model is no longer loaded.' } });
  });
});

describe('scoring one output', () => {
  it('scores with a case’s scorers as a run would', async () => {
    const result = await call<{ passed: boolean; score: number; scores: { label: string; passed: boolean }[] }>('scoring.score', {
      scorers: [{ type: 'contains' }, { type: 'length', max: 50 }],
      output: 'The capital is Paris.',
      expected: ['Paris'],
    });
    expect(result).toMatchObject({ passed: true, score: 1 });
    expect(result.scores.map((s) => s.label)).toEqual(['contains', 'length']);
  });
});
