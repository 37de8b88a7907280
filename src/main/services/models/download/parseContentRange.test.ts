import { describe, expect, it } from 'vitest';
import { parseContentRange } from './parseContentRange';

describe('parseContentRange', () => {
  it('reads byte ranges and unsatisfied-range totals', () => {
    expect(parseContentRange('bytes 100-199/1000')).toEqual({ start: 100, end: 199, total: 1000 });
    expect(parseContentRange('bytes 0-9/*')).toEqual({ start: 0, end: 9, total: null });
    expect(parseContentRange('bytes */1000')).toEqual({ start: null, end: null, total: 1000 });
  });

  it('rejects what is missing or malformed', () => {
    expect(parseContentRange(null)).toBeNull();
    expect(parseContentRange('bytes 9-0/10')).toBeNull();
    expect(parseContentRange('bytes */*')).toBeNull();
    expect(parseContentRange('items 0-9/10')).toBeNull();
  });
});
