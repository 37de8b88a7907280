import { describe, expect, it } from 'vitest';
import { scanJson } from './scanJson';

const slice = (text: string, range: [number, number] | undefined) => (range === undefined ? undefined : text.slice(...range));

describe('scanJson', () => {
  const text = '{"a": {"b": [10, {"c": "x\\"y"}]}, "d": null}';

  it('finds the value and the field name at a path', () => {
    const scan = scanJson(text, ['a', 'b', 1, 'c']);
    expect(scan.error).toBeUndefined();
    expect(slice(text, scan.value)).toBe('"x\\"y"');
    expect(slice(text, scan.key)).toBe('"c"');
    expect(slice(text, scanJson(text, ['a', 'b', 0]).value)).toBe('10');
  });

  it('falls back to the deepest part of the path that exists', () => {
    const scan = scanJson(text, ['a', 'missing', 'deeper']);
    expect(scan.value).toBeUndefined();
    expect(slice(text, scan.nearest)).toBe('{"b": [10, {"c": "x\\"y"}]}');
  });

  it('names the first syntax error and where it is', () => {
    expect(scanJson('{"a": 1,}').error).toEqual({ offset: 8, message: 'a comma before } (remove it)' });
    expect(scanJson('{"a": tru}').error?.offset).toBe(6);
    expect(scanJson('{"a": "open').error).toEqual({ offset: 6, message: 'unterminated text: a closing " is missing' });
    expect(scanJson('[1, 2] 3').error?.message).toContain('after the end of the record');
    expect(scanJson("{'a': 1}").error?.message).toBe('expected a field name in double quotes');
    expect(scanJson('{"a": \'x\'}').error?.message).toBe('text must be in double quotes, not single quotes');
    expect(scanJson('{"a": 01}').error?.message).toContain('expected , or }');
  });

  it('accepts everything JSON.parse accepts', () => {
    for (const ok of ['0', '-1.5e+3', '"\\u00e9\\n"', '[]', '{}', ' {"x": [true, false, null]} ', '"a/b"']) {
      expect(() => JSON.parse(ok) as unknown).not.toThrow();
      expect(scanJson(ok).error).toBeUndefined();
    }
  });
});
