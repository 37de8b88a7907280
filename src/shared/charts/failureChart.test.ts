import type { BarSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';
import { failureChart, failureCounts } from './failureChart';

// Three cases by two models: Q8 failed c2 (empty), Q4 crashed on c1 and answered c2 wrongly at the token limit.
const grid = [
  [[], ['runtime-error']],
  [['empty-output'], ['max-tokens', 'wrong-answer']],
  [null, []],
] as const;

describe('failureChart', () => {
  it('counts failed cases per model in every category that describes them', () => {
    const counts = failureCounts(grid, 2);
    expect(counts['runtime-error']).toEqual([0, 1]);
    expect(counts['max-tokens']).toEqual([0, 1]);
    expect(counts['wrong-answer']).toEqual([0, 1]);
    expect(counts['empty-output']).toEqual([1, 0]);
    expect(counts['too-long']).toEqual([0, 0]);
  });

  it('draws a bar series per category that occurs, on axes named with their unit, and says each model’s failures', () => {
    const spec = failureChart(grid, ['Q8', 'Q4']);
    const option = spec.option as { series: (BarSeriesOption & { name: string })[]; yAxis: { name: string }; xAxis: { name: string } };
    expect(option.series.map((s) => s.name)).toEqual(['Runtime error', 'Empty output', 'Stopped at token limit', 'Wrong answer']);
    expect(option.yAxis.name).toBe('Failed cases (count)');
    expect(option.xAxis.name).toBe('Model');
    expect(spec.summary).toBe(
      'Q8: 1 failed (1 empty output). Q4: 2 failed (1 runtime error, 1 stopped at token limit, 1 wrong answer). A failed case counts in every category that describes it.',
    );
    expect(failureChart([[[], null]], ['Q8', 'Q4']).summary).toBe('No failed cases.');
  });
});
