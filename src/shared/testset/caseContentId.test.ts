import { describe, expect, it } from 'vitest';
import { caseContentId, hashText, stableStringify } from './caseContentId';

describe('caseContentId', () => {
  it('depends on the content, not on key order or the id field', () => {
    const a = caseContentId({ prompt: 'What is 2+2?', expected: '4', tags: ['math'] });
    expect(caseContentId({ tags: ['math'], expected: '4', prompt: 'What is 2+2?' })).toBe(a);
    expect(caseContentId({ id: 'anything', tags: ['math'], expected: '4', prompt: 'What is 2+2?' })).toBe(a);
    expect(caseContentId({ prompt: 'What is 2+2?', expected: '5', tags: ['math'] })).not.toBe(a);
    expect(a).toMatch(/^case-[0-9a-f]{10}$/);
  });

  it('is the same on every machine: a fixed input gives a fixed id', () => {
    expect(hashText('')).toBe(hashText(''));
    expect(hashText('abc')).not.toBe(hashText('acb'));
    expect(caseContentId({ prompt: 'hello' })).toBe(`case-${hashText('{"prompt":"hello"}')}`);
  });

  it('spreads similar inputs apart (no collision among 50,000 near-identical cases)', () => {
    const ids = new Set(Array.from({ length: 50_000 }, (_, i) => caseContentId({ prompt: `Question ${i}` })));
    expect(ids.size).toBe(50_000);
  });

  it('writes JSON with sorted keys and drops undefined fields', () => {
    expect(stableStringify({ b: 1, a: [{ d: 2, c: undefined }], e: '\u00e9' })).toBe('{"a":[{"d":2}],"b":1,"e":"é"}');
  });
});
