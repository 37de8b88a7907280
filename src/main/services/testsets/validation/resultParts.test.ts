import { describe, expect, it } from 'vitest';
import { parseTestSetText } from '../../../../shared/testset/parseTestSetText';
import { joinResult, splitResult } from './resultParts';

const jsonl = (lines: object[]): string => lines.map((l) => JSON.stringify(l)).join('\n');

describe('splitResult / joinResult', () => {
  it('cut a result into slices of at most the size given and put it back exactly', () => {
    // 25 cases without ids (25 generated ids), 7 of them with an unknown field (7 warnings or errors).
    const valid = parseTestSetText(jsonl(Array.from({ length: 25 }, (_, i) => ({ prompt: `p${i}`, expected: 'e' }))), { file: 'v.jsonl' });
    const broken = parseTestSetText(
      jsonl(
        Array.from({ length: 25 }, (_, i) =>
          i % 4 === 0 ? { prompt: `p${i}`, expected: 'e', colour: i } : { prompt: `p${i}`, expected: 'e' },
        ),
      ),
      { file: 'b.jsonl' },
    );
    expect(valid.testSet?.cases).toHaveLength(25);
    expect(broken.testSet).toBeNull();
    for (const result of [valid, broken]) {
      const copy = structuredClone(result);
      for (const size of [1, 7, 1000]) {
        const { head, parts } = splitResult(copy, size);
        for (const p of parts) expect(p.cases.length + p.diagnostics.length + p.generatedIds.length).toBeLessThanOrEqual(size);
        expect((head.testSet?.cases.length ?? 0) + head.diagnostics.length + head.generatedIds.length).toBeLessThanOrEqual(size);
        const rebuilt = structuredClone(head);
        for (const p of parts) joinResult(rebuilt, structuredClone(p));
        expect(rebuilt).toEqual(result);
      }
      expect(copy).toEqual(result);
    }
  });
});
