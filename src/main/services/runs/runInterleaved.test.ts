import { describe, expect, it } from 'vitest';
import { RunCase } from '../../../shared/runs';
import { interleavedOrder } from './runInterleaved';
import type { WorkItem } from './caseWork';

const cases = ['c1', 'c2', 'c3'].map((id) => RunCase.parse({ id, input: { kind: 'completion', prompt: id } }));

function items(models: number[], repetitions: number): WorkItem[] {
  return models.flatMap((modelIndex) =>
    Array.from({ length: repetitions }, (_, repetition) =>
      cases.map((testCase) => ({ modelIndex, modelKey: `m${modelIndex}:x`, testCase, repetition })),
    ).flat(),
  );
}

const IDS = cases.map((c) => c.id);
const show = (order: WorkItem[]): string[] => order.map((i) => `${'ABC'[i.modelIndex] ?? '?'}${i.testCase.id}r${i.repetition}`);

describe('interleavedOrder', () => {
  it('rotates each case across the models in ABBA order, repetition after repetition', () => {
    expect(show(interleavedOrder(items([0, 1], 2), [0, 1], IDS))).toEqual([
      'Ac1r0',
      'Bc1r0',
      'Bc2r0',
      'Ac2r0',
      'Ac3r0',
      'Bc3r0',
      'Bc1r1',
      'Ac1r1',
      'Ac2r1',
      'Bc2r1',
      'Bc3r1',
      'Ac3r1',
    ]);
  });

  it('gives each model every position equally often over pairs of rounds, with three models too', () => {
    expect(show(interleavedOrder(items([0, 1, 2], 1), [0, 1, 2], IDS).slice(0, 6))).toEqual([
      'Ac1r0',
      'Bc1r0',
      'Cc1r0',
      'Cc2r0',
      'Bc2r0',
      'Ac2r0',
    ]);
  });

  it('leaves out models it was not given (remote ones) and what a resumed run has already done', () => {
    const pending = items([0, 1, 2], 1).filter((i) => !(i.modelIndex === 0 && i.testCase.id === 'c1'));
    expect(show(interleavedOrder(pending, [0, 2], IDS))).toEqual(['Cc1r0', 'Cc2r0', 'Ac2r0', 'Ac3r0', 'Cc3r0']);
  });
});
