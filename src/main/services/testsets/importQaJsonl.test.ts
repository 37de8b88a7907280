import { describe, expect, it } from 'vitest';
import { importQaJsonl } from './importQaJsonl';
import { validateImport } from './validateImport';

describe('importQaJsonl', () => {
  it('reads question/answer lines and their common aliases', () => {
    const text = [
      '{"question": "Capital of France?", "answer": "Paris"}',
      '{"input": "2+2", "output": 4, "id": 7}',
      '{"prompt": "Say hi", "completion": " hi"}',
      '{"query": "Largest ocean?", "response": ["Pacific", "Pacific Ocean"], "tags": ["geo"]}',
      '{"question": "Who wrote Hamlet?", "answers": {"text": ["Shakespeare", "William Shakespeare"]}}',
      '{"instruction": "Translate to French", "input": "cat", "output": "chat"}',
    ].join('\n');
    const r = importQaJsonl(text, 'qa.jsonl');
    expect(r.errors).toEqual([]);
    expect(r.unmapped).toEqual([]);
    expect(r.testSet.cases).toEqual([
      { prompt: 'Capital of France?', expected: ['Paris'] },
      { id: 7, prompt: '2+2', expected: ['4'] },
      { prompt: 'Say hi', expected: [' hi'] },
      { prompt: 'Largest ocean?', expected: ['Pacific', 'Pacific Ocean'], tags: ['geo'] },
      { prompt: 'Who wrote Hamlet?', expected: ['Shakespeare', 'William Shakespeare'] },
      { prompt: 'Translate to French\n\ncat', expected: ['chat'] },
    ]);
  });

  it('turns OpenAI-style messages into a conversation, the final assistant turn into the answer', () => {
    const r = importQaJsonl(
      '{"messages": [{"role": "system", "content": "Be terse."}, {"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}',
      'chat.jsonl',
    );
    expect(r.testSet.cases).toEqual([
      {
        messages: [
          { role: 'system', content: 'Be terse.' },
          { role: 'user', content: 'hi' },
        ],
        expected: ['hello'],
      },
    ]);
  });

  it('keeps other fields as metadata, says so once, and reports lines it cannot read', () => {
    const r = importQaJsonl(
      '{"question": "a", "answer": "b", "source": "x"}\n{"question": "c", "answer": "d", "source": "y"}\nnot json\n{"text": "no question"}\n',
      'qa.jsonl',
    );
    expect(r.testSet.cases[1]?.metadata).toEqual({ source: 'y' });
    expect(r.unmapped.map((u) => `${u.line ?? '-'} ${u.what}`)).toEqual(['1 field "source"', '4 field "text"']);
    expect(r.errors.map((e) => `${e.line} ${e.message}`)).toEqual([
      '3 this line is not valid JSON',
      '4 no question: expected one of question, prompt, instruction, input, query (or messages)',
    ]);
  });

  it('gives a test set that validates once scorers are added', () => {
    const text = '{"question": "a", "answer": "b"}\n';
    const imported = importQaJsonl(text, 'qa.jsonl');
    imported.testSet.defaults = { scorers: [{ type: 'exact' }] };
    expect(validateImport(imported, 'qa.jsonl', text).diagnostics).toEqual([]);
  });
});
