import { describe, expect, it } from 'vitest';
import { latencyChart, latencyValues, type TimedResult } from './latencyChart';

const timings = (ttft: number, speed: number) => ({
  timeToFirstTokenMs: ttft,
  promptTokens: 10,
  promptTokensPerSecond: 100,
  generatedTokens: 20,
  generationTokensPerSecond: speed,
  totalMs: 500,
});
const results: TimedResult[] = [
  { modelKey: 'm0:a', error: null, timings: timings(100, 40) },
  { modelKey: 'm0:a', error: null, timings: timings(300, 20) },
  // Cached answers and harness errors were not timed: they stay out of the box.
  { modelKey: 'm0:a', error: null, cachedFrom: 'run-0', timings: timings(1, 1000) },
  { modelKey: 'm0:a', error: { kind: 'crashed', message: 'died', logs: [] }, timings: timings(9999, 1) },
  { modelKey: 'm1:b', error: null, timings: null },
];

describe('latencyChart', () => {
  it('measures only timed answers of the model', () => {
    expect(latencyValues(results, 'm0:a', 'ttft')).toEqual([100, 300]);
    expect(latencyValues(results, 'm0:a', 'generation')).toEqual([40, 20]);
    expect(latencyValues(results, 'm1:b', 'ttft')).toEqual([]);
  });

  it('names the value axis with the figure and its unit, and sums the boxes up in words', () => {
    const spec = latencyChart('ttft', results, [
      { key: 'm0:a', label: 'A' },
      { key: 'm1:b', label: 'B' },
    ]);
    expect(spec.title).toBe('Time to first token per model');
    expect(spec.option.yAxis).toMatchObject({ name: 'Time to first token (ms)' });
    expect(spec.option.xAxis).toMatchObject({ name: 'Model', data: ['A', 'B'] });
    expect(spec.summary).toBe('A: median 200 ms, middle half 150 ms to 250 ms, over 2 results. B: no timed results.');
    expect(latencyChart('generation', [], [{ key: 'm0:a', label: 'A' }]).summary).toBe('No timed results.');
    expect(latencyChart('generation', results, [{ key: 'm0:a', label: 'A' }]).option.yAxis).toMatchObject({
      name: 'Generation speed (tokens/s)',
    });
  });
});
