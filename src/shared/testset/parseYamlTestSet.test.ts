import { describe, expect, it } from 'vitest';
import { parseTestSetText } from './parseTestSetText';
import { formatDiagnostic } from './TestSetDiagnostic';

const parse = (text: string) => parseTestSetText(text, { file: 'sets/demo.yaml' });
/** `line:col code` of every diagnostic, the way a user reads the list. */
const where = (text: string) => parse(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`);

describe('parseYamlTestSet', () => {
  it('gives the validated test set, defaults filled in, ids kept', () => {
    const r = parse(`name: Demo
defaults:
  scorers: [{ type: exact }]
cases:
  - id: q1
    prompt: 2+2=
    expected: 4
    tags: [math, math]
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.testSet?.defaults.mode).toBe('chat');
    expect(r.testSet?.cases).toEqual([{ id: 'q1', prompt: '2+2=', expected: ['4'], tags: ['math'] }]);
  });

  it('reports every mistake at once, each at its line and column', () => {
    const text = `name: Demo
defaults:
  promptTemplate: "Q: {{question}}"
  scorers:
    - type: exactt
    - type: numeric
      tolerence: 0.1
    - type: regex
      pattern: '(['
cases:
  - id: a
    vars: { question: "2+2" }
    expected: 4
  - id: a
    vars: { questoin: "3+3" }
    expected: [6, six]
  - vars: { question: x }
    expected: { a: 1 }
    tags: x
    extra: 1
`;
    expect(where(text)).toEqual([
      '5:13 error unknown-scorer',
      '7:7 error unknown-field',
      '9:16 error scorer',
      '14:9 error duplicate-id',
      '15:11 error unknown-variable',
      '18:15 error schema',
      '19:11 error schema',
      '20:5 error unknown-field',
    ]);
    const messages = parse(text).diagnostics.map(formatDiagnostic);
    expect(messages[0]).toBe(
      'sets/demo.yaml:5:13: error: defaults.scorers[0].type: unknown scorer "exactt". Did you mean `exact`? Known scorers: exact, normalized-exact, contains, not-contains, refusal, blocklist, regex, starts-with, numeric, choice, json-valid, json-schema, length, token-f1, bleu, chrf, rouge, semantic-similarity, judge, javascript.',
    );
    expect(messages[1]).toContain('`tolerence` is not a field of a numeric scorer. Did you mean `tolerance`?');
    expect(messages[3]).toContain('the id "a" is already used by the case on line 11');
    expect(messages[4]).toContain('does not define the variable `question` used in defaults.promptTemplate');
    expect(messages[5]).toContain('cases[2].expected: expected text, a number, true/false or a list, got a map of fields.');
    expect(messages[6]).toContain('Write a list: [x]');
    expect(messages[7]).toContain('To keep other data, put it under `metadata:`');
  });

  it('gives the end of each range too, for the editor to underline', () => {
    const [d] = parse('name: Demo\ncases:\n  - prompt: 42\n').diagnostics.filter((x) => x.code === 'schema');
    expect(d).toMatchObject({
      line: 3,
      column: 13,
      endLine: 3,
      endColumn: 15,
      message: 'cases[0].prompt: expected text, got the number 42.',
      hint: 'Put it in quotes: "42".',
    });
  });

  it('points a missing field at the map that lacks it, underlining its first line only', () => {
    const [d] = parse('description: no name\ncases:\n  - prompt: x\n    expected: y\n    scorers: [{ type: judge }]\n').diagnostics.filter(
      (x) => x.message.includes('name'),
    );
    expect(d).toMatchObject({ line: 1, column: 1, endLine: 1, message: 'the test set is missing `name` (text).' });
    const [rubric] = parse('name: n\ncases:\n  - prompt: x\n    scorers: [{ type: judge }]\n').diagnostics;
    expect(rubric).toMatchObject({ line: 4, column: 15, message: 'cases[0].scorers[0] is missing `rubric` (text).' });
  });

  it('reports YAML syntax errors with their positions, and nothing else', () => {
    const r = parse('name: x\nname: y\ncases:\n\t- prompt: a\n');
    expect(r.testSet).toBeNull();
    expect(r.diagnostics.map((d) => [d.line, d.column, d.code])).toEqual([
      [2, 1, 'syntax'],
      [4, 1, 'syntax'],
    ]);
    expect(r.diagnostics[0]?.hint).toContain('remove or rename one');
    expect(r.diagnostics[1]?.hint).toContain('spaces');
  });

  it('reports an empty file plainly', () => {
    expect(parse('# nothing yet\n').diagnostics.map((d) => d.message)).toEqual(['The file is empty.']);
  });

  it('checks prompts against the defaults: both or neither, {{prompt}} missing, a conversation ending with the model', () => {
    const text = `name: n
defaults:
  promptTemplate: "Answer: {{question}}"
  scorers: [{ type: judge, rubric: ok }]
cases:
  - prompt: hi
    vars: { question: q }
  - vars: { question: q }
    messages: [{ role: user, content: a }, { role: assistant, content: b }]
  - vars: { question: q }
    systemPrompt: "Say {{style}"
`;
    const r = parse(text);
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['6:5 prompt', '9:52 messages', '11:19 template']);
    expect(r.diagnostics[0]?.message).toContain('has no {{prompt}}, so the prompt of cases[0] would never reach the model');
    expect(r.diagnostics[1]?.message).toContain('ends with a assistant message');
    expect(r.diagnostics[2]?.message).toContain('never closed');
  });

  it('checks expected answers against the scorers that need them', () => {
    const text = `name: n
defaults:
  scorers: [{ type: exact }]
cases:
  - id: none
    prompt: a
  - id: mc
    prompt: b
    expected: E
    scorers: [{ type: choice }]
  - id: num
    prompt: c
    expected: [four, "1,024"]
    scorers: [{ type: numeric }]
  - id: judged
    prompt: d
    scorers: [{ type: judge, rubric: polite }]
`;
    const r = parse(text);
    expect(r.diagnostics.map((d) => `${d.line} ${d.code}: ${d.message}`)).toEqual([
      '5 expected: cases[0] has no expected answer, which the exact scorer (from defaults.scorers) needs.',
      '9 expected: cases[1]: the expected answer "E" is not one of the choices A, B, C, D.',
      '13 expected: cases[2]: the expected answer "four" is not a number, which the numeric scorer compares with.',
    ]);
  });

  it('points at a blocklist pattern or refusal phrase that is not a regular expression', () => {
    const text = `name: n
cases:
  - id: safe
    prompt: a
    scorers:
      - { type: refusal, phrases: ['je ne peux pas', '(oops'] }
      - type: blocklist
        patterns:
          - 'ok'
          - '[unclosed'
`;
    expect(parse(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.code}: ${d.message.replace(/ \(.*\)\.$/, '')}`)).toEqual([
      '6:54 scorer: cases[0].scorers[0].phrases[1]: the pattern is not a valid regular expression',
      '10:13 scorer: cases[0].scorers[1].patterns[1]: the pattern is not a valid regular expression',
    ]);
  });

  it('warns once when cases have no scorer, and about cases that repeat another', () => {
    const r = parse('name: n\ncases:\n  - prompt: a\n  - prompt: b\n  - prompt: a\n');
    expect(r.errorCount).toBe(0);
    expect(r.testSet).not.toBeNull();
    expect(r.diagnostics.map((d) => `${d.line} ${d.severity} ${d.code}`)).toEqual(['1 warning no-scorer', '5 warning duplicate-case']);
    expect(r.diagnostics[0]?.message).toBe('3 of 3 cases have no scorer, so their outputs can only be reviewed by hand.');
  });

  it('generates ids for cases without one, reports where to write them, and keeps them stable', () => {
    const text = 'name: n\ncases:\n  - id: case-x\n    prompt: a\n  - prompt: b\n    scorers: []\n  - prompt: c\n    scorers: []\n';
    const r = parse(text);
    expect(r.generatedIds.map((g) => [g.caseIndex, g.line, g.column, text.slice(g.offset, g.offset + 9)])).toEqual([
      [1, 5, 5, 'prompt: b'],
      [2, 7, 5, 'prompt: c'],
    ]);
    expect(r.testSet?.cases.map((c) => c.id)).toEqual(['case-x', ...r.generatedIds.map((g) => g.id)]);
    expect(r.generatedIds[0]?.id).toMatch(/^case-[0-9a-f]{10}$/);
    const reordered = parse('name: other\ncases:\n  - scorers: []\n    prompt: b\n');
    expect(reordered.generatedIds[0]?.id).toBe(r.generatedIds[0]?.id);
    expect(parse('name: n\ncases:\n  - prompt: b!\n    scorers: []\n').generatedIds[0]?.id).not.toBe(r.generatedIds[0]?.id);
  });

  it('never generates an id that a case already has', () => {
    const first = parse('name: n\ncases:\n  - prompt: b\n    scorers: []\n').generatedIds[0]?.id ?? '';
    const r = parse(`name: n\ncases:\n  - id: ${first}\n    prompt: a\n    scorers: []\n  - prompt: b\n    scorers: []\n`);
    expect(r.testSet?.cases.map((c) => c.id)).toEqual([first, `${first}-2`]);
  });

  it('follows aliases, so shared scorers can be written once', () => {
    const r = parse(
      'name: n\ncases:\n  - prompt: a\n    expected: b\n    scorers: &s [{ type: exact }]\n  - prompt: c\n    expected: d\n    scorers: *s\n',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.testSet?.cases[1]?.scorers).toEqual([{ type: 'exact', weight: 1, caseSensitive: true, trim: true }]);
  });
});

describe('system prompts and conversations', () => {
  it('does not ask for the default system prompt’s variables when a conversation brings its own system message', () => {
    const text = `name: n
defaults:
  systemPrompt: "You are {{persona}}."
  scorers: [{ type: judge, rubric: ok }]
cases:
  - messages: [{ role: system, content: Be terse. }, { role: user, content: hi }]
  - messages: [{ role: system, content: Be terse. }, { role: user, content: hi }]
    systemPrompt: ignored
  - prompt: hello
`;
    expect(parse(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`)).toEqual([
      '3:17 error unknown-variable',
      '8:5 warning messages',
    ]);
  });

  it('reads a file that starts with a byte order mark, counting columns as editors do (without it)', () => {
    expect(where('\uFEFFname: n\ncases:\n  - prompt: 1\n')).toEqual(['1:1 warning no-scorer', '3:13 error schema']);
    expect(
      parseTestSetText('\uFEFF{"prompt": 1}\n', { file: 'x.jsonl' })
        .diagnostics.filter((d) => d.code === 'schema')
        .map((d) => `${d.line}:${d.column}`),
    ).toEqual(['1:12']);
  });
});
