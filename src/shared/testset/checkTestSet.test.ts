import { describe, expect, it } from 'vitest';
import { parseTestSetText } from './parseTestSetText';

const parse = (text: string) => parseTestSetText(text, { file: 'sets/t.yaml' });
const where = (text: string) => parse(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`);

const cases = (n: number, vars: string) =>
  Array.from({ length: n }, (_, i) => `  - id: c${i}\n    vars: { ${vars}${i} }\n    expected: x\n`).join('');

describe('checkTestSet: a misspelt variable in a defaults text', () => {
  it('is reported once, at the template, naming the cases, and suggests the variable they define', () => {
    const text = `name: n\ndefaults:\n  promptTemplate: "Q: {{questoin}}"\n  scorers: [{ type: exact }]\ncases:\n${cases(22, 'question: a')}`;
    const r = parse(text);
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['3:19 unknown-variable']);
    const [d] = r.diagnostics;
    expect(d?.message).toBe(
      'defaults.promptTemplate uses the variable `questoin`, but none of the 22 cases that use it define it ("c0", "c1", "c2", "c3", "c4" and 17 more).',
    );
    expect(d?.hint).toBe('Did you mean {{question}}, which the cases define?');
  });

  it('names a single case, and works for an inherited system prompt too', () => {
    const text = `name: n\ndefaults:\n  systemPrompt: "You are {{persona}}."\n  scorers: [{ type: exact }]\ncases:\n  - prompt: hi\n    expected: x\n`;
    const [d] = parse(text).diagnostics;
    expect(d).toMatchObject({
      line: 3,
      code: 'unknown-variable',
      message: 'defaults.systemPrompt uses the variable `persona`, but the case that uses it (cases[0]) does not define it.',
    });
  });

  it('still reports each case that lacks a variable the other cases define, at its vars', () => {
    const text = `name: n\ndefaults:\n  promptTemplate: "Q: {{question}}"\n  scorers: [{ type: exact }]\ncases:\n${cases(2, 'question: a')}${cases(1, 'questoin: b').replace('c0', 'odd')}`;
    expect(where(text)).toEqual(['13:11 error unknown-variable']);
    expect(parse(text).diagnostics[0]?.message).toBe('cases[2] does not define the variable `question` used in defaults.promptTemplate.');
  });
});

describe('checkTestSet: a case with a schema error', () => {
  const text = `name: n
defaults:
  promptTemplate: "Q: {{question}}"
cases:
  - vars: { question: a }
  - vars: { question: b }
  - vars: { questoin: c }
    scorers: [no_such_scorer]
`;

  it('still gets its other checks', () => {
    expect(where(text)).toEqual(['3:3 warning no-scorer', '7:11 error unknown-variable', '8:15 error schema']);
  });

  it('is counted in the cases without a scorer (its own scorers, though invalid, are not “none”)', () => {
    expect(parse(text).diagnostics[0]?.message).toBe('2 of 3 cases have no scorer, so their outputs can only be reviewed by hand.');
  });

  it('skips the checks that read its invalid fields', () => {
    const bad = `name: n\ndefaults:\n  promptTemplate: "Q: {{question}}"\n  scorers: [{ type: exact }]\ncases:\n  - vars: { question: 1, 2bad: x }\n    expected: y\n  - vars: { question: 1 }\n    expected: y\n`;
    expect(where(bad).filter((w) => w.includes('unknown-variable'))).toEqual([]);
  });
});
