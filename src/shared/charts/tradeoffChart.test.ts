import { describe, expect, it } from 'vitest';
import { paddedExtent, tradeoffCharts } from './tradeoffChart';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

const models = [
  { label: 'F16', quality: 0.9, fileBytes: 2 * GiB, tokensPerSecond: 20, peakBytes: 3 * GiB },
  { label: 'Q8_0', quality: 0.9, fileBytes: 1 * GiB, tokensPerSecond: 35, peakBytes: 1.5 * GiB },
  { label: 'Q4_0', quality: 0.8, fileBytes: 600 * MiB, tokensPerSecond: null, peakBytes: 900 * MiB },
];

const xAxisName = (option: unknown): unknown => (option as { xAxis: { name: string } }).xAxis.name;
const points = (option: unknown): unknown[] =>
  (option as { series: { type: string; data?: { value: unknown }[] }[] }).series
    .filter((s) => s.type === 'scatter')
    .flatMap((s) => (s.data ?? []).map((d) => d.value));

describe('tradeoffCharts', () => {
  it('names each x axis with its unit and plots bytes in that unit, so the ticks are round', () => {
    const [size, speed, memory] = tradeoffCharts(models);
    expect([size?.title, speed?.title, memory?.title]).toEqual([
      'Quality vs file size',
      'Quality vs generation speed',
      'Quality vs peak memory',
    ]);
    expect(xAxisName(size?.option)).toBe('File size (GiB)');
    expect(points(size?.option)).toEqual([
      [2, 0.9],
      [1, 0.9],
      [600 / 1024, 0.8],
    ]);
    expect(xAxisName(speed?.option)).toBe('Generation speed, median (tokens/s)');
    expect(points(speed?.option)).toEqual([
      [20, 0.9],
      [35, 0.9],
    ]);
    // The largest peak sets the unit, whatever the others are.
    expect(xAxisName(tradeoffCharts(models.slice(2))[2]?.option)).toBe('Peak memory (MiB)');
    expect(xAxisName(memory?.option)).toBe('Peak memory (GiB)');
  });

  it('says the figures with their units, the frontier and what could not be placed', () => {
    const [size, speed] = tradeoffCharts(models);
    expect(size?.summary).toBe(
      'F16: 2.0 GiB, 90.0% passed; Q8_0: 1.0 GiB, 90.0% passed; Q4_0: 600.0 MiB, 80.0% passed. On the Pareto frontier (filled markers; nothing beats them on both file size and quality): Q4_0, Q8_0.',
    );
    expect(speed?.summary).toContain('Q8_0: 35.0 tokens/s, 90.0% passed');
    expect(speed?.summary).toContain('nothing beats them on both generation speed, median and quality): Q8_0.');
    expect(speed?.summary).toMatch(/Not placed: Q4_0\.$/);
    expect(tradeoffCharts([{ label: 'A', quality: null, fileBytes: null, tokensPerSecond: null, peakBytes: null }])[0]?.summary).toBe(
      'Not enough figures to place any model.',
    );
  });
});

describe('tradeoffChart labels', () => {
  it('gives each model a series named in the legend, with labels that move apart and give way rather than overlap', () => {
    const option = tradeoffCharts(models)[0]?.option as {
      legend: { data: string[] };
      series: { name: string; type: string; labelLayout?: unknown }[];
    };
    expect(option.legend.data).toEqual(['F16', 'Q8_0', 'Q4_0']);
    const scatters = option.series.filter((s) => s.type === 'scatter');
    expect(scatters.map((s) => s.name)).toEqual(['F16', 'Q8_0', 'Q4_0']);
    for (const s of scatters) expect(s.labelLayout).toEqual({ moveOverlap: 'shiftY', hideOverlap: true });
  });
});

describe('paddedExtent', () => {
  it('leaves room either side and ends the axis on a round number, never below zero', () => {
    expect(paddedExtent({ min: 101, max: 176.2 })).toEqual({ min: 80, max: 200 });
    expect(paddedExtent({ min: 1344.6, max: 3748 })).toEqual({ min: 800, max: 4300 });
    expect(paddedExtent({ min: 0.4, max: 0.6 })).toEqual({ min: 0.36, max: 0.64 });
    expect(paddedExtent({ min: 5, max: 5 })).toEqual({ min: 4.7, max: 5.3 });
  });
});
