import { describe, expect, it } from 'vitest';
import { LoadOptions } from '../../../shared/engine';
import type { Engine } from '../engine/Engine';
import type { ModelLibrary } from '../models/ModelLibrary';
import { engineRunner } from './ModelRunner';

describe('engineRunner', () => {
  it('hands the run’s signal to the engine’s log-likelihood scoring, so a pause or cancel stops it between forward passes', async () => {
    const calls: { context: string; choices: string[]; signal: AbortSignal | undefined }[] = [];
    const engine = {
      load: () => Promise.resolve({ id: 'loaded-1', info: null }),
      pid: () => 42,
      scoreChoices: (_id: string, context: string, choices: string[], options: { signal?: AbortSignal } = {}) => {
        calls.push({ context, choices, signal: options.signal });
        return Promise.resolve(choices.map(() => ({ logprob: -1, tokens: 1, greedy: true })));
      },
    } as unknown as Engine;
    const library = { get: () => ({ name: 'm', path: '/models/m.gguf', sha256: null }) } as unknown as ModelLibrary;
    const runner = await engineRunner(engine, library).load('m', LoadOptions.parse({}));
    const controller = new AbortController();
    await runner.scoreChoices?.({ context: 'a =', choices: [' b', ' c'] }, { signal: controller.signal });
    expect(calls).toEqual([{ context: 'a =', choices: [' b', ' c'], signal: controller.signal }]);
  });
});
