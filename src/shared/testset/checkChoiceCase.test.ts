import { describe, expect, it } from 'vitest';
import { MAX_CHOICE_LENGTH, MAX_CHOICES } from './choiceLimits';
import { parseTestSetText } from './parseTestSetText';
import { formatDiagnostic } from './TestSetDiagnostic';
import { renderCase } from './renderCase';

const parse = (text: string, file = 'sets/mc.yaml') => parseTestSetText(text, { file });
const lines = (text: string, file?: string) => parse(text, file).diagnostics.map(formatDiagnostic);

describe('log-likelihood multiple-choice cases', () => {
  it('loads a case with choices and an answer by index or by text, unscored by the set’s scorers', () => {
    const r = parse(`name: Capitals
defaults:
  mode: chat
  systemPrompt: Facts.
  scorers: [{ type: exact }]
cases:
  - id: fr
    prompt: capital of France =
    choices: [" Tokyo", " Paris"]
    answer: 1
  - id: es
    prompt: capital of Spain =
    choices: [" Madrid", " Paris"]
    answer: Madrid
`);
    expect(r.diagnostics).toEqual([]);
    const [fr, es] = r.testSet?.cases ?? [];
    if (fr === undefined || es === undefined || r.testSet === null) throw new Error('no cases');
    const rendered = renderCase(fr, r.testSet.defaults);
    // Plain text whatever the mode, and no scorer of generated text.
    expect(rendered.input).toEqual({ kind: 'completion', prompt: 'Facts.\n\ncapital of France =' });
    expect(rendered.scorers).toEqual([]);
    expect(rendered.loglikelihood).toEqual({ choices: [' Tokyo', ' Paris'], answer: 1 });
    expect(renderCase(es, r.testSet.defaults).loglikelihood?.answer).toBe(0);
  });

  it('names the file and line of an answer that is not one of the choices, choices without an answer, and a conversation', () => {
    const text = `name: Bad
cases:
  - id: a
    prompt: x =
    choices: [" 1", " 2"]
    answer: 2
  - id: b
    prompt: y =
    choices: [" 1", " 2"]
    answer: " 3"
  - id: c
    prompt: z =
    choices: [" 1", " 2"]
  - id: d
    messages: [{ role: user, content: hi }]
    choices: [" 1", " 2"]
    answer: 0
  - id: e
    prompt: w =
    answer: 0
    expected: "1"
`;
    expect(lines(text)).toEqual([
      // Only case e counts as unscored: log-likelihood cases are scored by their choices.
      'sets/mc.yaml:1:1: warning: 1 of 5 cases have no scorer, so their outputs can only be reviewed by hand. Add defaults.scorers (e.g. - type: exact), or write scorers: [] on the cases meant for review.',
      'sets/mc.yaml:6:13: error: cases[0]: the answer 2 is not an index of the 2 choices (0 to 1). Give the index of the right choice (0 is the first) or its text as written under choices:.',
      'sets/mc.yaml:10:13: error: cases[1]: the answer " 3" is not one of the choices " 1", " 2". Give the index of the right choice (0 is the first) or its text as written under choices:.',
      'sets/mc.yaml:13:5: error: cases[2] lists choices but no answer. Add answer: with the right choice’s index (0 is the first) or its text.',
      'sets/mc.yaml:15:5: error: cases[3] is a log-likelihood case, whose context is scored as plain text; it cannot be a conversation. Write the context under prompt: (the few-shot examples included).',
      'sets/mc.yaml:20:5: error: cases[4] has an answer but no choices: answer: belongs to log-likelihood multiple-choice cases. List the choices under choices:, or write the right answer under expected: for a generated answer.',
    ]);
    expect(parse(text).testSet).toBeNull();
  });

  it('rejects a single choice in the schema, and warns that scorers of a log-likelihood case are not used (JSONL, at its line)', () => {
    const jsonl = [
      '{"id": "one", "prompt": "a =", "choices": [" b"], "answer": 0}',
      '{"id": "two", "prompt": "a =", "choices": [" b", " c"], "answer": 0, "scorers": [{"type": "exact"}]}',
    ].join('\n');
    const r = parse(jsonl, 'sets/mc.jsonl');
    expect(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.severity} ${d.code}`)).toEqual([
      'sets/mc.jsonl:1 error schema',
      'sets/mc.jsonl:2 warning choices',
    ]);
  });

  it('refuses a case with more choices than the limit, or a choice too long, naming the case, its line and the limit', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ` c${i}`);
    const jsonl = [
      JSON.stringify({ id: 'fine', prompt: 'a =', choices: Array.from({ length: MAX_CHOICES }, (_, i) => ` c${i}`), answer: 0 }),
      JSON.stringify({ id: 'huge', prompt: 'a =', choices: many, answer: 0 }),
      JSON.stringify({ id: 'long', prompt: 'a =', choices: [' b', ` ${'x'.repeat(MAX_CHOICE_LENGTH)}`], answer: 0 }),
    ].join('\n');
    const r = parse(jsonl, 'sets/mc.jsonl');
    expect(r.testSet).toBeNull();
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      // Column 29 is the "choices" key of line 2.
      `sets/mc.jsonl:2:29: error: cases[1] lists 5,000 choices, more than the 64 Evalbench scores in one case. Each choice costs a forward pass: keep at most 64 candidates, the answer among them, or split them over several cases of at most 64 choices, each with its own answer.`,
      expect.stringMatching(
        /^sets\/mc\.jsonl:3:\d+: error: cases\[2\]: choice 1 is 4,097 characters long, more than the 4,096 Evalbench scores as one choice\. /,
      ),
    ]);
  });

  it('places the too-many-choices error at the case’s choices in YAML', () => {
    const choices = Array.from({ length: MAX_CHOICES + 1 }, (_, i) => `      - " c${i}"`).join('\n');
    const text = `name: Big\ncases:\n  - id: ok\n    prompt: a =\n    choices: [" b", " c"]\n    answer: 0\n  - id: big\n    prompt: a =\n    choices:\n${choices}\n    answer: 0\n`;
    expect(lines(text)).toEqual([expect.stringMatching(/^sets\/mc\.yaml:9:5: error: cases\[1\] lists 65 choices, more than the 64 /)]);
  });
});
