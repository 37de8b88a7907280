import { describe, expect, it } from 'vitest';
import { GenerationParams } from '../engine';
import { GenerationParamsOverride } from './GenerationParamsOverride';

describe('GenerationParamsOverride', () => {
  it('offers every engine generation parameter, so a new one cannot be forgotten here', () => {
    expect(Object.keys(GenerationParamsOverride.shape).sort()).toEqual(Object.keys(GenerationParams.shape).sort());
  });

  it('records only what the author wrote, without the engine’s defaults', () => {
    expect(GenerationParamsOverride.parse({ maxTokens: 16 })).toEqual({ maxTokens: 16 });
  });

  it('keeps the engine’s limits', () => {
    expect(GenerationParamsOverride.safeParse({ topP: 1.5 }).success).toBe(false);
    expect(GenerationParamsOverride.safeParse({ maxTokens: 0 }).success).toBe(false);
    expect(GenerationParamsOverride.safeParse({ temprature: 0 }).success).toBe(false);
  });
});
