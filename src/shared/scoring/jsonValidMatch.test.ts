import { describe, expect, it } from 'vitest';
import { jsonValidMatch } from './jsonValidMatch';
import { locateJsonError } from './locateJsonError';
import { parseJsonOutput } from './parseJsonOutput';

describe('jsonValidMatch', () => {
  it('accepts plain JSON and JSON inside a ```json fence', () => {
    expect(jsonValidMatch(' {"a": [1, 2.5e3, null, true]} ')).toMatchObject({ score: 1, passed: true, details: { fenced: false } });
    const fenced = jsonValidMatch('Here you go:\n```json\n{"name": "Ada"}\n```\nAnything else?');
    expect(fenced).toMatchObject({ passed: true, details: { fenced: true, text: '{"name": "Ada"}' } });
    expect(jsonValidMatch('```json\n{"name": "Ada"}\n```', { allowFences: false }).passed).toBe(false);
  });

  it('reports the line, column and reason of a syntax error', () => {
    const r = jsonValidMatch('{\n  "a": 1,\n  "b": 2,\n}');
    expect(r.passed).toBe(false);
    expect(r.details?.error).toMatchObject({ line: 4, column: 1 });
    expect(r.explanation).toContain('line 4, column 1');
    expect(r.explanation).toContain('trailing commas');
  });

  it('rejects prose around JSON unless allowed', () => {
    expect(jsonValidMatch('Result: {"ok": true} done').passed).toBe(false);
    expect(jsonValidMatch('Result: {"ok": true} done', { allowSurroundingText: true }).passed).toBe(true);
  });

  it('parses values exactly as JSON.parse does', () => {
    const parsed = parseJsonOutput('```\n[1, "x"]\n```');
    expect(parsed.ok && parsed.value).toEqual([1, 'x']);
  });
});

describe('locateJsonError', () => {
  it.each([
    ['{"a": 1}', null],
    ["{'a': 1}", { offset: 1, message: 'expected a double-quoted property name (JSON does not allow single quotes), found "\'"' }],
    ['[1, 2', { offset: 5, message: 'expected "," or "]" after an array element, found the end of the text' }],
    ['{"a" 1}', { offset: 5, message: 'expected ":" after a property name, found "1"' }],
    ['[01]', { offset: 2 }],
    ['"tab\there"', { offset: 4 }],
    ['{"a": tru}', { offset: 9 }],
    ['[1] [2]', { offset: 4, message: 'expected the end of the text after the JSON value, found "["' }],
    ['', { offset: 0, message: 'expected a value, found the end of the text' }],
  ])('%s', (text, expected) => {
    const located = locateJsonError(text);
    if (expected === null) expect(located).toBeNull();
    else expect(located).toMatchObject(expected);
  });

  it('agrees with JSON.parse on which texts are valid', () => {
    const samples = [
      '1',
      '-0.5e+10',
      '"\\u00e9"',
      '"\\x"',
      '[]',
      '{}',
      '[1,]',
      '{"a":{"b":[true,false,null]}}',
      'nul',
      '1.',
      '.5',
      '-',
      '"\u2028"',
      ' \n\t[ ]\r\n',
    ];
    for (const text of samples) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(locateJsonError(text) === null).toBe(valid);
    }
  });
});
