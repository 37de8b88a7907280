import { describe, expect, it } from 'vitest';
import { formatJsonl } from './formatJsonl';
import { parseTestSetText } from './parseTestSetText';
import type { TestCaseInput } from './TestCase';
import { formatDiagnostic } from './TestSetDiagnostic';

const parse = (text: string) => parseTestSetText(text, { file: 'data/qa.jsonl' });

describe('parseJsonlTestSet', () => {
  it('reads one case per line, with the name from the header or else the file', () => {
    const header = '{"testset": {"name": "QA", "defaults": {"scorers": [{"type": "exact"}]}}}';
    const withHeader = parse(`${header}\n{"id": "a", "prompt": "1+1=", "expected": 2}\n\n{"id": "b", "prompt": "2+2=", "expected": "4"}\n`);
    expect(withHeader.diagnostics).toEqual([]);
    expect(withHeader.testSet?.name).toBe('QA');
    expect(withHeader.testSet?.cases.map((c) => [c.id, c.expected])).toEqual([
      ['a', ['2']],
      ['b', ['4']],
    ]);
    const bare = parse('{"prompt": "hi", "scorers": []}\r\n');
    expect(bare.testSet?.name).toBe('qa');
    expect(bare.generatedIds).toEqual([{ caseIndex: 0, id: expect.stringMatching(/^case-/) as string, line: 1, column: 1, offset: 0 }]);
  });

  it('reports a broken line with the column of the mistake and still checks the others', () => {
    const text = [
      '{"prompt": "a" "expected": "b"}',
      '{"prompt": "x", "expected": "y",}',
      "{'prompt': 'x'}",
      '{"prompt": 3, "expected": "b", "vars": {"bad name": 1}}',
      '{"prompt": "a", "expected": "b", "scorers": [{"type": "contians"}]}',
      '{"prompt": "q", "expected": "r", "scorers": [{"type": "exact"}]}',
    ].join('\n');
    const r = parse(text);
    expect(r.testSet).toBeNull();
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'data/qa.jsonl:1:1: warning: 1 of 3 cases have no scorer, so their outputs can only be reviewed by hand. Add defaults.scorers (e.g. - type: exact), or write scorers: [] on the cases meant for review.',
      'data/qa.jsonl:1:16: error: This line is not valid JSON: expected , or }. Each line holds one complete JSON object, e.g. {"prompt": "2+2=", "expected": "4"}.',
      'data/qa.jsonl:2:33: error: This line is not valid JSON: a comma before } (remove it). Each line holds one complete JSON object, e.g. {"prompt": "2+2=", "expected": "4"}.',
      'data/qa.jsonl:3:2: error: This line is not valid JSON: expected a field name in double quotes. Each line holds one complete JSON object, e.g. {"prompt": "2+2=", "expected": "4"}.',
      'data/qa.jsonl:4:12: error: cases[0].prompt: expected text, got the number 3. Put it in quotes: "3".',
      'data/qa.jsonl:4:41: error: cases[0].vars.bad name: the name "bad name" is not allowed: a variable name starts with a letter or _ and has only letters, digits, _ and -.',
      expect.stringMatching(
        /^data\/qa\.jsonl:5:55: error: cases\[1\]\.scorers\[0\]\.type: unknown scorer "contians"\. Did you mean `contains`\?/,
      ) as string,
    ]);
  });

  it('places header problems on the header line', () => {
    const r = parse('{"testset": {"name": "", "defaults": {"mode": "chatt"}}}\n{"prompt": "a", "scorers": []}\n');
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}${d.hint === undefined ? '' : ` ${d.hint}`}`)).toEqual([
      '1:22 name must not be empty.',
      '1:47 defaults.mode: expected `chat` or `completion`, got text "chatt". Did you mean `chat`?',
    ]);
  });

  it('rejects a header that is not first, and a header with cases inside', () => {
    const late = parse('{"prompt": "a", "scorers": []}\n{"testset": {"name": "x"}}\n');
    expect(late.diagnostics.map((d) => `${d.line} ${d.message}`)).toEqual(['2 The "testset" header record must be the first line.']);
    const inside = parse('{"testset": {"name": "x", "cases": []}}\n{"prompt": "a", "scorers": []}\n');
    expect(inside.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['1:27 unknown-field']);
  });

  it('round-trips through formatJsonl', () => {
    const cases: TestCaseInput[] = [
      { id: 'a', prompt: 'Say "hi"\nnow', expected: ['hi', 'hello'], tags: ['x'] },
      { id: 'b', messages: [{ role: 'user', content: '你好' }], expected: '你好' },
    ];
    const text = formatJsonl({ name: 'RT', description: 'd', defaults: { scorers: [{ type: 'contains' }] }, cases });
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.testSet?.description).toBe('d');
    expect(r.testSet?.cases.map((c) => [c.id, c.expected])).toEqual([
      ['a', ['hi', 'hello']],
      ['b', ['你好']],
    ]);
  });

  it('validates a 10,000-case file quickly (figure printed, not asserted)', () => {
    const cases: TestCaseInput[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: `case-${i}`,
      vars: { a: i, b: i * 7 },
      expected: String(i * 8),
      tags: [i % 2 === 0 ? 'even' : 'odd', `bucket-${i % 10}`],
      metadata: { source: 'generated', row: i },
    }));
    const text = formatJsonl({
      name: 'Big',
      defaults: { promptTemplate: 'What is {{a}} + {{b}}?', scorers: [{ type: 'numeric' }] },
      cases,
    });
    const withoutIds = text.replace(/"id":"case-\d+",/g, '');
    parse(text);
    const started = performance.now();
    const r = parse(text);
    const withIds = performance.now() - started;
    const started2 = performance.now();
    const generated = parse(withoutIds);
    const generating = performance.now() - started2;
    console.info(
      `10,000-case JSONL (${(text.length / 1e6).toFixed(1)} MB): validated in ${withIds.toFixed(0)} ms with ids, ${generating.toFixed(0)} ms generating ids`,
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.testSet?.cases).toHaveLength(10_000);
    expect(generated.generatedIds).toHaveLength(10_000);
    expect(new Set(generated.generatedIds.map((g) => g.id)).size).toBe(10_000);
  });

  it('still places errors exactly in a large file', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `{"id": "c${i}", "prompt": "p${i}", "scorers": []}`);
    lines[4321] = '{"id": "c1", "prompt": "dup", "scorers": []}';
    const r = parse(lines.join('\n'));
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '4322:8 cases[4321]: the id "c1" is already used by the case on line 2.',
    ]);
  });
});
