import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { layoutOf } from './llamaMath';
import { SKILLED_SETTINGS } from './skilledModel';
import { heldOutCases } from './skills';
import { decayMaskOf, freshState, trainStep } from './trainer';

function trainedHash(steps: number): string {
  const layout = layoutOf(SKILLED_SETTINGS.shape);
  const state = freshState(SKILLED_SETTINGS);
  const heldOut = new Set(heldOutCases().map((c) => c.prompt));
  const mask = decayMaskOf(layout);
  for (let s = 0; s < steps; s++) trainStep(SKILLED_SETTINGS, layout, state, heldOut, mask);
  return createHash('sha256')
    .update(Buffer.from(Float32Array.from(state.P).buffer))
    .digest('hex')
    .slice(0, 16);
}

describe('the skilled fixture trainer', () => {
  it('is deterministic: the same seed gives the same bytes, here and on every machine', () => {
    const first = trainedHash(2);
    expect(trainedHash(2)).toBe(first);
    // Pinned: single-threaded float64 arithmetic in a fixed order and V8's own Math.exp/cos/sin.
    expect(first).toBe('998dba683ed4e9c0');
  });

  it('lowers the loss on the skill set', () => {
    const layout = layoutOf(SKILLED_SETTINGS.shape);
    const state = freshState(SKILLED_SETTINGS);
    const heldOut = new Set(heldOutCases().map((c) => c.prompt));
    const mask = decayMaskOf(layout);
    const losses = Array.from({ length: 8 }, () => trainStep(SKILLED_SETTINGS, layout, state, heldOut, mask));
    expect(losses.slice(-3).reduce((a, b) => a + b, 0)).toBeLessThan(losses.slice(0, 3).reduce((a, b) => a + b, 0));
  });
});
