import { describe, expect, it } from 'vitest';
import { formatParameters, formatTimeLeft, quantizationLabel, splitPaths, statusText } from './modelFormat';

describe('model formatting', () => {
  it('writes parameter counts with three significant digits, as model cards do', () => {
    expect(formatParameters(8_030_261_248)).toBe('8.03 B');
    expect(formatParameters(70_553_706_496)).toBe('70.6 B');
    expect(formatParameters(154_176)).toBe('154 k');
    expect(formatParameters(25_312_000)).toBe('25.3 M');
    expect(formatParameters(999_700)).toBe('1.00 M');
    expect(formatParameters(99_960)).toBe('100 k');
    expect(formatParameters(512)).toBe('512');
  });

  it('shows the dominant tensor type only when it adds to the file type', () => {
    const base = { fileType: 'Q4_K_M', dominantTensorType: 'Q4_K' };
    expect(quantizationLabel(base as never)).toEqual({ fileType: 'Q4_K_M', dominant: 'Q4_K' });
    expect(quantizationLabel({ ...base, dominantTensorType: 'Q4_K_M' } as never)).toEqual({ fileType: 'Q4_K_M', dominant: null });
    expect(quantizationLabel({ fileType: null, dominantTensorType: 'F16' } as never)).toEqual({ fileType: 'F16', dominant: null });
    expect(quantizationLabel(null)).toEqual({ fileType: '—', dominant: null });
  });

  it('reads one path a line, without blank lines or the quotes of "Copy as path"', () => {
    expect(splitPaths(' "C:\\Models\\a b.gguf" \r\n\n /m/x.gguf\n\'/m/y\'\n')).toEqual(['C:\\Models\\a b.gguf', '/m/x.gguf', '/m/y']);
    expect(splitPaths('  \n ')).toEqual([]);
  });

  it('says hash progress in whole percent and how long a download has left', () => {
    expect(statusText({ status: 'hashing', hashProgress: 0.999 })).toBe('hashing 99%');
    expect(statusText({ status: 'hashing', hashProgress: null })).toBe('hashing');
    expect(statusText({ status: 'invalid', hashProgress: 0.5 })).toBe('invalid');
    expect(formatTimeLeft(300 * 1024 ** 2, 10 * 1024 ** 2)).toBe('about 30 s left');
    expect(formatTimeLeft(3 * 1024 ** 3, 1024 ** 2)).toBe('about 51 min left');
    expect(formatTimeLeft(100, 0)).toBeNull();
  });
});
