import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCase } from '../../../shared/testset/renderCase';
import { loadTestSetFile } from './loadTestSetFile';

const dir = path.resolve(import.meta.dirname, '../../../../resources/examples');

describe('example test sets in resources/examples', async () => {
  // Run files (*.run.yaml) live beside the test sets they run.
  const files = (await readdir(dir)).filter((f) => /\.(ya?ml|jsonl)$/.test(f) && !/\.run\.ya?ml$/.test(f)).sort();

  it('cover arithmetic, factual QA, JSON extraction, summarisation, multiple choice and Chinese QA', () => {
    expect(files).toEqual(['arithmetic.yaml', 'chinese-qa.yaml', 'factual-qa.yaml', 'json-extraction.yaml', 'multiple-choice.yaml', 'summarization.yaml']);
  });

  it.each(files)('%s validates clean, with every id written, and renders every case', async (file) => {
    const result = await loadTestSetFile(path.join(dir, file), file);
    expect(result.diagnostics).toEqual([]);
    expect(result.generatedIds).toEqual([]);
    const set = result.testSet;
    expect(set).not.toBeNull();
    if (set === null) return;
    expect(set.cases.length).toBeGreaterThanOrEqual(10);
    expect(set.cases.length).toBeLessThanOrEqual(30);
    for (const c of set.cases) {
      const rendered = renderCase(c, set.defaults);
      expect(rendered.missingVariables, c.id).toEqual([]);
      expect(rendered.scorers.length, c.id).toBeGreaterThan(0);
      expect(rendered.expected.length, c.id).toBeGreaterThan(0);
      const text = rendered.input.kind === 'chat' ? rendered.input.messages.map((m) => m.content).join('\n') : rendered.input.prompt;
      expect(text, c.id).not.toMatch(/\{\{|\}\}/);
    }
  });

  it('multiple choice shows the four options to the model', async () => {
    const set = (await loadTestSetFile(path.join(dir, 'multiple-choice.yaml'))).testSet;
    const first = set === null ? undefined : set.cases[0];
    const input = first === undefined || set === null ? undefined : renderCase(first, set.defaults).input;
    expect(input?.kind === 'chat' ? input.messages.at(-1)?.content : undefined).toBe('Which planet is known as the Red Planet?\nA. Venus\nB. Mars\nC. Jupiter\nD. Mercury\nAnswer:');
  });
});
