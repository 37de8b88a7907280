import { describe, expect, it } from 'vitest';
import { formatTestSetYaml } from './formatTestSetYaml';
import { parseTestSetText } from './parseTestSetText';
import type { TestSetInput } from './TestSet';

describe('formatTestSetYaml', () => {
  it('writes YAML that loads back to the same test set, long texts as blocks', () => {
    const set: TestSetInput = {
      name: 'Converted',
      defaults: { promptTemplate: 'Question: {{question}}\nAnswer:', scorers: [{ type: 'contains', value: ['a: b', '#x'] }] },
      cases: [
        { id: 'c1', vars: { question: 'Is "yes" a word?\nThink.' }, expected: ['yes', 'true'], tags: ['x'] },
        { id: 'c2', vars: { question: '- not a list item' }, expected: '007', metadata: { note: '{ braces }' } },
      ],
    };
    const text = formatTestSetYaml(set, '../testset.schema.json');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../testset.schema.json');
    expect(text).toContain('promptTemplate: |-\n    Question: {{question}}\n    Answer:');
    const loaded = parseTestSetText(text, { file: 'c.yaml' });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.testSet?.cases.map((c) => [c.id, c.vars, c.expected, c.metadata])).toEqual([
      ['c1', { question: 'Is "yes" a word?\nThink.' }, ['yes', 'true'], undefined],
      ['c2', { question: '- not a list item' }, ['007'], { note: '{ braces }' }],
    ]);
  });
});
