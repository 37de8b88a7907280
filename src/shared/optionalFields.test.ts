import { describe, expect, it } from 'vitest';
import { optionalFields } from './optionalFields';

describe('optionalFields', () => {
  it('leaves out fields whose value is undefined and keeps every other value, null, 0, false and "" included', () => {
    const spread = { a: 1, ...optionalFields({ b: undefined, c: null, d: 0, e: false, f: '' }) };
    expect(spread).toEqual({ a: 1, c: null, d: 0, e: false, f: '' });
    expect(Object.keys(spread)).not.toContain('b');
  });
});
