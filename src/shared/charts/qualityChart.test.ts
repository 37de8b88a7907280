import type { BarSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';
import { qualityChart, type QualityModel } from './qualityChart';

const rate = (estimate: number, n: number) => ({ estimate, lower: estimate - 0.1, upper: Math.min(1, estimate + 0.1), n });
const model = (label: string, overrides: Partial<QualityModel> = {}): QualityModel => ({
  label,
  automatic: rate(0.75, 4),
  reviewed: rate(0.75, 4),
  overridden: 0,
  verdict: null,
  ...overrides,
});

const option = (models: QualityModel[]) =>
  qualityChart(models).option as {
    series: (BarSeriesOption & { name: string })[];
    yAxis: { name: string };
    xAxis: { name: string; data: string[] };
    legend: { show: boolean };
  };

describe('qualityChart', () => {
  it('names its axes with the unit and draws one bar and one interval per model without review overrides', () => {
    const o = option([model('Q8_0'), model('Q4_0', { automatic: null, reviewed: null })]);
    expect(o.yAxis.name).toBe('Pass rate (%)');
    expect(o.xAxis).toMatchObject({ name: 'Model', data: ['Q8_0', 'Q4_0'] });
    expect(o.series.map((s) => s.name)).toEqual(['Automatic', '95% interval']);
    expect(o.series[0]?.data?.map((d) => (d as { value: unknown }).value)).toEqual([0.75, null]);
    expect(o.legend.show).toBe(false);
  });

  it('draws the reviewed rate beside the automatic one once a review overturns a result, and says so', () => {
    const models = [
      model('Q8_0', { verdict: 'Q8_0 is better than F16 by 5.0 points (p = 0.04)' }),
      model('Q4_0', { automatic: rate(2 / 3, 3), reviewed: rate(1, 3), overridden: 1 }),
    ];
    const o = option(models);
    expect(o.series.map((s) => s.name)).toEqual(['Automatic', 'With review', '95% interval', '95% interval, reviewed']);
    expect(o.series[1]?.data?.map((d) => (d as { value: unknown }).value)).toEqual([0.75, 1]);
    expect(o.legend.show).toBe(true);
    expect(qualityChart(models).summary).toBe(
      'Q8_0: 75.0% passed (95% interval 65.0%–85.0%, n=4). Q8_0 is better than F16 by 5.0 points (p = 0.04). Q4_0: 66.7% passed (95% interval 56.7%–76.7%, n=3); 100.0% with 1 review override.',
    );
  });
});
