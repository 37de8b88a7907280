import { describe, expect, it } from 'vitest';
import { importPromptfoo } from './importPromptfoo';
import { mapPromptfooAssert } from './mapPromptfooAssert';
import { validateImport } from './validateImport';

const config = `description: Capitals
prompts:
  - "Answer briefly: {{question}}"
defaultTest:
  assert:
    - type: javascript
      value: output.length < 200
tests:
  - description: France
    vars:
      question: What is the capital of France?
    assert:
      - type: icontains
        value: paris
      - type: equals
        value: Paris
  - vars:
      question: [Capital of Peru?, Capital of Chile?]
    assert:
      - type: contains-any
        value: [Lima, Santiago]
      - type: levenshtein
        value: Lima
        threshold: 2
      - type: llm-rubric
        value: Names a city
        provider: openai:gpt-4o
  - vars:
      question: Summarise the French Revolution.
    options:
      transform: output.trim()
    assert:
      - type: rouge-n
        value: A revolution in France from 1789.
        threshold: 0.6
      - type: similar
        value: The French monarchy was overthrown.
`;

describe('importPromptfoo', () => {
  const r = importPromptfoo(config, 'promptfooconfig.yaml');

  it('maps prompts, vars and asserts: the prompt becomes the template, defaultTest the default scorers', () => {
    expect(r.errors).toEqual([]);
    expect(r.testSet.description).toBe('Capitals');
    expect(r.testSet.defaults).toEqual({
      promptTemplate: 'Answer briefly: {{question}}',
      scorers: [{ type: 'javascript', expression: 'output.length < 200' }],
    });
    expect(r.testSet.cases[0]).toEqual({
      vars: { question: 'What is the capital of France?' },
      expected: ['Paris'],
      metadata: { description: 'France' },
      scorers: [
        { type: 'javascript', expression: 'output.length < 200' },
        { type: 'contains', value: 'paris', caseSensitive: false },
        { type: 'exact' },
      ],
    });
  });

  it('expands list variables into one case per value, as promptfoo runs them', () => {
    expect(r.testSet.cases.slice(1, 3).map((c) => c.vars)).toEqual([{ question: 'Capital of Peru?' }, { question: 'Capital of Chile?' }]);
    expect(r.caseLines).toEqual([9, 17, 17, 28]);
  });

  it('lists what could not be mapped, with its line and the reason', () => {
    expect(r.unmapped.map((u) => `${u.line ?? '-'} ${u.what}`)).toEqual([
      '22 tests[1].assert[1] (levenshtein)',
      '25 tests[1].assert[2] (llm-rubric)',
      '17 tests[1].vars',
      '33 tests[2].assert[0] (rouge-n)',
      '30 tests[2].options',
    ]);
    expect(r.unmapped[0]?.reason).toContain('no edit-distance scorer');
    expect(r.unmapped[1]?.reason).toMatch(/^imported, but its grading provider/);
  });

  it('gives a test set that validates', () => {
    const result = validateImport(r, 'promptfooconfig.yaml', config);
    expect(result.errorCount).toBe(0);
    expect(result.testSet?.cases).toHaveLength(4);
    expect(result.testSet?.cases[3]?.scorers?.map((s) => s.type)).toEqual(['javascript', 'rouge', 'semantic-similarity']);
    expect(result.testSet?.cases[3]?.expected).toEqual(['A revolution in France from 1789.', 'The French monarchy was overthrown.']);
  });

  it('reads a bare list of tests and says that no prompt came with it', () => {
    const bare = importPromptfoo('- vars: { q: hi }\n  assert: [{ type: regex, value: "^h" }]\n', 'tests.yaml');
    expect(bare.testSet.cases).toEqual([{ vars: { q: 'hi' }, scorers: [{ type: 'regex', pattern: '^h', negate: false }] }]);
    expect(bare.unmapped.map((u) => u.what)).toEqual(['the prompt']);
  });

  it('reports tests kept in other files, and YAML errors with their position', () => {
    expect(importPromptfoo('tests: file://tests/*.yaml\n', 'c.yaml').errors[0]?.message).toContain('file://tests/*.yaml');
    expect(importPromptfoo('tests:\n  - vars: [\n', 'c.yaml').errors[0]?.line).toBe(3);
  });
});

describe('mapPromptfooAssert', () => {
  it('maps the common assertion types and keeps weight, metric and threshold', () => {
    expect(mapPromptfooAssert({ type: 'contains-all', value: ['a', 'b'], weight: 2, metric: 'both' })).toEqual({
      scorer: { type: 'contains', value: ['a', 'b'], mode: 'all', caseSensitive: true, weight: 2, label: 'both' },
    });
    expect(mapPromptfooAssert({ type: 'not-icontains', value: 'sorry' })).toEqual({
      scorer: { type: 'not-contains', value: ['sorry'], caseSensitive: false },
    });
    expect(mapPromptfooAssert({ type: 'not-regex', value: '\\d' }).scorer).toEqual({ type: 'regex', pattern: '\\d', negate: true });
    expect(mapPromptfooAssert({ type: 'starts-with', value: 'Yes' }).scorer).toEqual({ type: 'starts-with', value: 'Yes', trim: false });
    expect(mapPromptfooAssert({ type: 'is-json' }).scorer).toEqual({ type: 'json-valid', extract: false });
    expect(mapPromptfooAssert({ type: 'is-json', value: { type: 'object' } }).scorer).toEqual({
      type: 'json-schema',
      schema: { type: 'object' },
      extract: false,
    });
    expect(mapPromptfooAssert({ type: 'similar', value: 'x', threshold: 0.9 })).toEqual({
      scorer: { type: 'semantic-similarity', threshold: 0.9 },
      expected: ['x'],
    });
    expect(mapPromptfooAssert({ type: 'bleu', value: ['r1', 'r2'] })).toEqual({
      scorer: { type: 'bleu', threshold: 0.5 },
      expected: ['r1', 'r2'],
    });
  });

  it('explains what it cannot map', () => {
    expect(mapPromptfooAssert({ type: 'python', value: 'x' })).toEqual({ caveat: expect.stringContaining('no scorer') as string });
    expect(mapPromptfooAssert({ type: 'not-equals', value: 'x' }).caveat).toContain('negated');
    expect(mapPromptfooAssert({ type: 'equals', value: { a: 1 } }).caveat).toContain('JSON');
    expect(mapPromptfooAssert({ type: 'javascript', value: 'file://check.js' }).caveat).toContain('file://check.js');
    expect(mapPromptfooAssert({ type: 'javascript', value: 'return context.vars.x === output' }).caveat).toContain('check it');
    expect(mapPromptfooAssert({ type: 'contains', value: 'x', transform: 'output.trim()' }).caveat).toContain('transform');
    expect(mapPromptfooAssert('equals').caveat).toContain('no type');
  });
});
