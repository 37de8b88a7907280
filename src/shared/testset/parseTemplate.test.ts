import { describe, expect, it } from 'vitest';
import { parseTemplate } from './parseTemplate';
import { renderTemplate } from './renderTemplate';

describe('parseTemplate', () => {
  it('lists the variables in order of first use, spaces inside braces allowed', () => {
    expect(parseTemplate('Q: {{question}} ({{ topic }}) {{question}}').variables).toEqual(['question', 'topic']);
  });

  it('accepts non-ASCII names, digits, _ and -', () => {
    expect(parseTemplate('{{问题}} {{choice_a}} {{option-2}}').variables).toEqual(['问题', 'choice_a', 'option-2']);
  });

  it('reads \\{{ as literal braces, not a placeholder', () => {
    const parsed = parseTemplate('Use \\{{name}} in Jinja; ask {{q}}');
    expect(parsed.variables).toEqual(['q']);
    expect(parsed.problems).toEqual([]);
  });

  it('reports a {{ that never closes and one that does not hold a name, with the offset', () => {
    expect(parseTemplate('Hello {{name').problems).toEqual([
      expect.objectContaining({ offset: 6, message: expect.stringContaining('never closed') as string }),
    ]);
    const bad = parseTemplate('a {{first name}} b');
    expect(bad.variables).toEqual([]);
    expect(bad.problems[0]?.offset).toBe(2);
    expect(bad.problems[0]?.hint).toContain('\\{{');
  });
});

describe('renderTemplate', () => {
  it('substitutes values, numbers and booleans as written', () => {
    expect(renderTemplate('{{a}} + {{ b }} = {{c}}? {{ok}}', { a: 2, b: '2', c: 4, ok: true }).text).toBe('2 + 2 = 4? true');
  });

  it('inserts values verbatim: a value holding {{…}} is not expanded again', () => {
    expect(renderTemplate('{{x}}', { x: '{{y}}', y: 'no' }).text).toBe('{{y}}');
  });

  it('turns \\{{ into {{ and keeps every other backslash and brace', () => {
    expect(renderTemplate('\\{{raw}} {a} \\n }} {{v}}', { v: 1 }).text).toBe('{{raw}} {a} \\n }} 1');
  });

  it('leaves missing placeholders visible and lists them once', () => {
    expect(renderTemplate('{{a}} {{b}} {{b}}', { a: 'x' })).toEqual({ text: 'x {{b}} {{b}}', missing: ['b'] });
  });

  it('does not take variables from the object prototype', () => {
    expect(renderTemplate('{{constructor}}', {}).missing).toEqual(['constructor']);
  });
});
