import { describe, expect, it } from 'vitest';
import { renderCase } from './renderCase';
import { TestCase } from './TestCase';
import { TestSetDefaults } from './TestSet';

const defaults = (d: unknown) => TestSetDefaults.parse(d);
const testCase = (c: unknown) => TestCase.parse(c);

describe('renderCase', () => {
  it('in chat mode sends the system prompt and the filled template as one user message', () => {
    const r = renderCase(
      testCase({ vars: { question: '2+2' }, expected: 4 }),
      defaults({ systemPrompt: 'Be brief.', promptTemplate: 'Q: {{question}}\nA:' }),
    );
    expect(r.input).toEqual({
      kind: 'chat',
      template: 'model',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Q: 2+2\nA:' },
      ],
    });
    expect(r.expected).toEqual(['4']);
    expect(r.missingVariables).toEqual([]);
  });

  it('in completion mode puts the system prompt, a blank line, then the prompt', () => {
    const r = renderCase(
      testCase({ prompt: 'The capital of {{country}} is', vars: { country: 'France' } }),
      defaults({ mode: 'completion', systemPrompt: 'Facts:' }),
    );
    expect(r.input).toEqual({ kind: 'completion', prompt: 'Facts:\n\nThe capital of France is' });
    expect(renderCase(testCase({ prompt: 'x' }), defaults({ mode: 'completion' })).input).toEqual({ kind: 'completion', prompt: 'x' });
  });

  it('inserts the case’s rendered prompt where the template says {{prompt}}, verbatim', () => {
    const r = renderCase(
      testCase({ prompt: 'Name {{n}} primes', vars: { n: 3 } }),
      defaults({ promptTemplate: '### Task\n{{prompt}}\n### Answer' }),
    );
    expect(r.input.kind === 'chat' && r.input.messages.at(-1)?.content).toBe('### Task\nName 3 primes\n### Answer');
  });

  it('sends messages as a conversation, the system prompt first unless it has its own', () => {
    const messages = [
      { role: 'user', content: 'Capital of {{a}}?' },
      { role: 'assistant', content: 'Paris' },
      { role: 'user', content: 'Capital of {{b}}?' },
    ];
    const r = renderCase(
      testCase({ messages, vars: { a: 'France', b: 'Japan' } }),
      defaults({ mode: 'completion', systemPrompt: 'Short answers.', promptTemplate: 'ignored {{x}}' }),
    );
    expect(r.input.kind).toBe('chat');
    expect(r.input.kind === 'chat' && r.input.messages.map((m) => `${m.role}:${m.content}`)).toEqual([
      'system:Short answers.',
      'user:Capital of France?',
      'assistant:Paris',
      'user:Capital of Japan?',
    ]);
    const own = renderCase(
      testCase({
        messages: [
          { role: 'system', content: 'Mine' },
          { role: 'user', content: 'hi' },
        ],
      }),
      defaults({ systemPrompt: 'Default' }),
    );
    expect(own.input.kind === 'chat' && own.input.messages.map((m) => m.content)).toEqual(['Mine', 'hi']);
  });

  it('uses the case’s system prompt, scorers and parameters over the defaults', () => {
    const r = renderCase(
      testCase({ prompt: 'p', systemPrompt: 'Case system', scorers: [{ type: 'regex', pattern: 'x' }], params: { maxTokens: 8 } }),
      defaults({ systemPrompt: 'Default system', scorers: [{ type: 'exact' }], params: { temperature: 0, maxTokens: 64 } }),
    );
    expect(r.input.kind === 'chat' && r.input.messages[0]?.content).toBe('Case system');
    expect(r.scorers.map((s) => s.type)).toEqual(['regex']);
    expect(r.params).toEqual({ temperature: 0, maxTokens: 8 });
  });

  it('reports variables without a value and leaves them visible, for the editor’s preview', () => {
    const r = renderCase(testCase({ vars: { q: 'x' } }), defaults({ promptTemplate: '{{q}} {{context}}' }));
    expect(r.missingVariables).toEqual(['context']);
    expect(r.input.kind === 'chat' && r.input.messages[0]?.content).toBe('x {{context}}');
  });
});
