import { expect, it } from 'vitest';
import { quantile, quantileSorted } from './quantile';
import { summarizeSamples } from './summarizeSamples';
import { generationTokensPerSecond, promptTokensPerSecond } from './throughput';

it('interpolates linearly at f·(n − 1), as numpy does by default', () => {
  const oneToTwenty = Array.from({ length: 20 }, (_, i) => i + 1);
  expect(quantileSorted(oneToTwenty, 0.95)).toBeCloseTo(19.05, 12); // position 18.05 → 19 + 0.05
  expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
  expect(quantile([7], 0.95)).toBe(7);
  expect(quantile([10, 20], 0)).toBe(10);
  expect(quantile([10, 20], 1)).toBe(20);
  expect(() => quantile([], 0.5)).toThrow(/no values/);
  expect(() => quantile([1], 1.5)).toThrow(/\[0, 1\]/);
});

it('summarises latencies with median, p95 and mean ± sample SD', () => {
  // By hand: [100, 120, 140, 160, 980] — median 140; p95 at position 3.8: 160 + 0.8·820 = 816;
  // mean 300; sample variance (200² + 180² + 160² + 140² + 680²)/4 = 580000/4 = 145000.
  const summary = summarizeSamples([980, 100, 140, 120, 160]);
  expect(summary).toMatchObject({ n: 5, mean: 300, sd: Math.sqrt(145_000), min: 100, max: 980, median: 140 });
  expect(summary?.p95).toBeCloseTo(816, 9);
  expect(summarizeSamples([42])).toMatchObject({ n: 1, sd: null, median: 42, p95: 42 });
  expect(summarizeSamples([])).toBeNull();
  expect(() => summarizeSamples([1, NaN])).toThrow(/finite/);
});

it('computes throughput as llama-bench defines it', () => {
  expect(promptTokensPerSecond(512, 250)).toBe(2048);
  // 101 tokens, 2 s after the first: the first token's latency is not generation time.
  expect(generationTokensPerSecond(101, 2000)).toBe(50);
  expect(generationTokensPerSecond(1, 500)).toBeNull();
  expect(promptTokensPerSecond(10, 0)).toBeNull();
});
