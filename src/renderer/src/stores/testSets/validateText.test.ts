import { describe, expect, it } from 'vitest';
import { sharedSystemPrompt } from '../../components/testsets/CasePreview';
import { validateText } from './validateText';

describe('validateText', () => {
  it('renders each case with the line it starts on, in YAML', () => {
    const text =
      '# comment\nname: T\ndefaults:\n  systemPrompt: Be brief.\ncases:\n  - prompt: "Hi {{who}}"\n    vars: { who: Ada }\n\n  - messages:\n      - role: user\n        content: Bye\n    expected: ok\n';
    const result = validateText(text, 't.yaml', 'yaml');
    expect(result.errorCount).toBe(0);
    expect(result.cases?.map((c) => [c.line, c.generatedId, c.messages?.map((m) => `${m.role}: ${m.content}`)])).toEqual([
      [6, true, ['system: Be brief.', 'user: Hi Ada']],
      [9, true, ['system: Be brief.', 'user: Bye']],
    ]);
    expect(sharedSystemPrompt(result.cases ?? [])).toBe('Be brief.');
  });

  it('finds case lines in JSONL past the header and blank lines, and renders completion prompts', () => {
    const text =
      '{"testset":{"name":"J","defaults":{"mode":"completion","promptTemplate":"Q: {{prompt}}\\nA:"}}}\n\n{"id":"a","prompt":"one"}\n{"id":"b","prompt":"two"}\n';
    const result = validateText(text, 'j.jsonl', 'jsonl');
    expect(result.cases?.map((c) => [c.id, c.line, c.prompt])).toEqual([
      ['a', 3, 'Q: one\nA:'],
      ['b', 4, 'Q: two\nA:'],
    ]);
    expect(sharedSystemPrompt(result.cases ?? [])).toBeNull();
  });

  it('gives problems with positions and no preview when there are errors', () => {
    const result = validateText('name: T\ncases:\n  - prompt: hi\n    scorers: [{ type: exactly }]\n', 't.yaml', 'yaml');
    expect(result.cases).toBeNull();
    expect(result.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'unknown-scorer', line: 4, column: 23 })]);
  });
});
