import type { BarSeriesOption, CustomSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';
import type { ModelFidelity } from '../fidelity';
import { fidelityChart, fidelityTextLabel, formatKld } from './fidelityChart';
import { modelColor } from './palette';

const mean = (value: number, uncertainty: number) => ({ value, uncertainty });

/** One candidate's stored figures against F16 (key m0:f16). */
function fidelityOf(
  modelKey: string,
  label: string,
  meanKld: number,
  ppl: number,
  extra: Partial<ModelFidelity['report']> = {},
): ModelFidelity {
  return {
    modelKey,
    label,
    referenceKey: 'm0:f16',
    referenceLabel: 'F16',
    text: { kind: 'expected' },
    contextSize: 512,
    chunks: 4,
    tokens: 2048,
    precision: 'float32 log-probabilities',
    measuredAt: '2026-11-23T12:00:00.000Z',
    report: {
      positions: 1024,
      basePerplexity: mean(10, 0.2),
      candidatePerplexity: mean(ppl, 0.25),
      logPerplexityRatio: mean(Math.log(ppl / 10), 0.001),
      nllCorrelation: 0.99,
      meanKld: mean(meanKld, meanKld / 10),
      kldPercentiles: { max: meanKld * 20, 'p99.9': meanKld * 12, p99: meanKld * 8, median: meanKld / 2 },
      meanDeltaP: mean(-0.001, 0.0005),
      rmsDeltaP: mean(0.0321, 0.001),
      deltaPPercentiles: {},
      sameTop: mean(0.9712, 0.0031),
      ...extra,
    },
  };
}

type Option = {
  series: ((BarSeriesOption | CustomSeriesOption) & { name: string; data: unknown[] })[];
  xAxis: { name: string; data: string[] }[];
  yAxis: { name: string }[];
};

describe('fidelityChart', () => {
  const models = [fidelityOf('m2:q4', 'Q4_0', 0.0123, 10.9), fidelityOf('m1:q8', 'Q8_0', 0.00042, 10.05)];
  const order: Record<string, number> = { 'm0:f16': 0, 'm1:q8': 1, 'm2:q4': 2 };

  it('draws mean KLD bars with p99 whiskers and perplexity bars with ± whiskers, the reference first', () => {
    const spec = fidelityChart(models, (key) => order[key] ?? 0);
    const o = spec?.option as Option;
    expect(o.xAxis.map((a) => a.data)).toEqual([
      ['Q4_0', 'Q8_0'],
      ['F16 (reference)', 'Q4_0', 'Q8_0'],
    ]);
    expect(o.yAxis.map((a) => a.name)).toEqual(['KL divergence (nats; bar mean, whisker p99)', 'Perplexity (lower is better)']);
    expect(o.series.map((s) => s.name)).toEqual([
      'Mean KL divergence',
      'KL divergence, mean to p99',
      'Perplexity',
      'Perplexity ± uncertainty',
    ]);
    expect(o.series[0]?.data).toEqual([
      { value: 0.0123, itemStyle: { color: modelColor(2) } },
      { value: 0.00042, itemStyle: { color: modelColor(1) } },
    ]);
    expect(o.series[1]?.data).toEqual([
      [0, 0.0123, 0.0123 * 8],
      [1, 0.00042, 0.00042 * 8],
    ]);
    // Each model keeps its run colour; the reference has the colour of its position too.
    expect((o.series[2]?.data as { itemStyle: { color: string } }[]).map((d) => d.itemStyle.color)).toEqual([
      modelColor(0),
      modelColor(2),
      modelColor(1),
    ]);
    expect(o.series[3]?.data[0]).toEqual([0, 9.8, 10.2]);
  });

  it('says every figure in words and stands the whisker on the mean when p99 is missing', () => {
    const spec = fidelityChart([fidelityOf('m1:q8', 'Q8_0', 0.00042, 10.05, { kldPercentiles: {} })], () => 1);
    expect(spec?.summary).toBe(
      'Against F16 (perplexity 10.000). Q8_0: mean KL divergence 0.00042, p99 –, perplexity 10.050 ± 0.250, same top token 97.1%.',
    );
    expect((spec?.option as Option).series[1]?.data).toEqual([[0, 0.00042, 0.00042]]);
    expect(fidelityChart([], () => 0)).toBeNull();
  });

  it('formats KL divergences with the digits small ones need, and the text source in words', () => {
    expect([formatKld(0.123456), formatKld(0.0012345), formatKld(undefined), formatKld(NaN)]).toEqual(['0.1235', '0.00123', '–', '–']);
    expect(fidelityTextLabel({ kind: 'expected' })).toBe('the test set’s expected answers');
    expect(fidelityTextLabel({ kind: 'file', path: '/data/wiki.test.raw' })).toBe('/data/wiki.test.raw');
  });
});
