import type { ModelFidelity } from '../../../shared/fidelity';
import { EChart } from './EChart';
import type { ChartOption, CustomRenderItem } from './echarts';
import { modelColor } from './palette';

interface FidelityChartProps {
  /** Each measured model's figures against the same reference. */
  models: readonly ModelFidelity[];
  /** A model's position in the run, for its colour (the reference's too). */
  colorIndex: (modelKey: string) => number;
}

const WHISKER = '#8a8d96';

/** A vertical whisker from value(1) to value(2) at category value(0), with caps. */
const whisker: CustomRenderItem = (_params, api) => {
  const x = Number(api.value(0));
  const low = api.coord([x, Number(api.value(1))]);
  const high = api.coord([x, Number(api.value(2))]);
  const size = api.size?.([1, 0]);
  const half = Math.max(3, (Array.isArray(size) ? (size[0] ?? 40) : 40) * 0.08);
  const cx = high[0] ?? 0;
  const style = { stroke: WHISKER, lineWidth: 1.5 };
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1: cx, y1: low[1] ?? 0, x2: cx, y2: high[1] ?? 0 }, style },
      { type: 'line', shape: { x1: cx - half, y1: low[1] ?? 0, x2: cx + half, y2: low[1] ?? 0 }, style },
      { type: 'line', shape: { x1: cx - half, y1: high[1] ?? 0, x2: cx + half, y2: high[1] ?? 0 }, style },
    ],
  };
};

const kld = (v: number): string => v.toFixed(v < 0.01 ? 5 : 4);

/**
 * Quantisation fidelity against the reference, as llama-perplexity --kl-divergence reports it:
 * left, each model's mean KL divergence from the reference with a whisker up to its 99th
 * percentile; right, perplexity on the same text with its ± uncertainty, the reference first.
 */
export function FidelityChart({ models, colorIndex }: FidelityChartProps) {
  const [first] = models;
  if (first === undefined) return null;
  const reference = { key: first.referenceKey, label: `${first.referenceLabel} (reference)`, ppl: first.report.basePerplexity };
  const pplRows = [reference, ...models.map((m) => ({ key: m.modelKey, label: m.label, ppl: m.report.candidatePerplexity }))];
  const labels = models.map((m) => m.label);
  const byLabel = new Map(models.map((m) => [m.label, m]));
  const option: ChartOption = {
    grid: [
      { left: 72, right: '54%', top: 28, bottom: 56 },
      { left: '56%', right: 16, top: 28, bottom: 56 },
    ],
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const item = Array.isArray(p) ? p[0] : p;
        const name = item?.name ?? '';
        if (item?.seriesName === 'Perplexity') {
          const row = pplRows.find((r) => r.label === name);
          return row === undefined ? name : `${name}<br/>Perplexity ${row.ppl.value.toFixed(3)} ± ${row.ppl.uncertainty.toFixed(3)}`;
        }
        const m = byLabel.get(name);
        if (m === undefined) return name;
        const r = m.report;
        return [
          `${name} against ${m.referenceLabel}`,
          `Mean KLD ${kld(r.meanKld.value)} ± ${kld(r.meanKld.uncertainty)}`,
          `Median ${kld(r.kldPercentiles.median ?? NaN)}, p99 ${kld(r.kldPercentiles.p99 ?? NaN)}, max ${kld(r.kldPercentiles.max ?? NaN)}`,
          `Same top token ${(r.sameTop.value * 100).toFixed(2)} ± ${(r.sameTop.uncertainty * 100).toFixed(2)} %`,
          `RMS Δp ${(r.rmsDeltaP.value * 100).toFixed(2)} %`,
        ].join('<br/>');
      },
    },
    xAxis: [
      { type: 'category', gridIndex: 0, name: 'Model', nameLocation: 'middle', nameGap: 30, data: labels, axisLabel: { interval: 0, overflow: 'truncate', width: 90 } },
      { type: 'category', gridIndex: 1, name: 'Model', nameLocation: 'middle', nameGap: 30, data: pplRows.map((r) => r.label), axisLabel: { interval: 0, overflow: 'truncate', width: 90 } },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, name: 'KL divergence (nats; bar mean, whisker p99)', nameLocation: 'middle', nameGap: 54, min: 0 },
      { type: 'value', gridIndex: 1, name: 'Perplexity (lower is better)', nameLocation: 'middle', nameGap: 54, min: 0 },
    ],
    series: [
      {
        name: 'Mean KL divergence',
        type: 'bar',
        xAxisIndex: 0,
        yAxisIndex: 0,
        barWidth: '45%',
        data: models.map((m) => ({ value: m.report.meanKld.value, itemStyle: { color: modelColor(colorIndex(m.modelKey)) } })),
      },
      {
        name: 'KL divergence, mean to p99',
        type: 'custom',
        xAxisIndex: 0,
        yAxisIndex: 0,
        renderItem: whisker,
        encode: { x: 0, y: [1, 2] },
        data: models.map((m, i) => [i, m.report.meanKld.value, m.report.kldPercentiles.p99 ?? m.report.meanKld.value]),
        tooltip: { show: false },
        z: 10,
      },
      {
        name: 'Perplexity',
        type: 'bar',
        xAxisIndex: 1,
        yAxisIndex: 1,
        barWidth: '45%',
        data: pplRows.map((r) => ({ value: r.ppl.value, itemStyle: { color: modelColor(colorIndex(r.key)) } })),
      },
      {
        name: 'Perplexity ± uncertainty',
        type: 'custom',
        xAxisIndex: 1,
        yAxisIndex: 1,
        renderItem: whisker,
        encode: { x: 0, y: [1, 2] },
        data: pplRows.map((r, i) => [i, r.ppl.value - r.ppl.uncertainty, r.ppl.value + r.ppl.uncertainty]),
        tooltip: { show: false },
        z: 10,
      },
    ],
  };
  const summary = [
    `Against ${first.referenceLabel} (perplexity ${first.report.basePerplexity.value.toFixed(3)})`,
    ...models.map(
      (m) =>
        `${m.label}: mean KL divergence ${kld(m.report.meanKld.value)}, p99 ${kld(m.report.kldPercentiles.p99 ?? NaN)}, perplexity ${m.report.candidatePerplexity.value.toFixed(3)} ± ${m.report.candidatePerplexity.uncertainty.toFixed(3)}, same top token ${(m.report.sameTop.value * 100).toFixed(1)}%`,
    ),
  ].join('. ');
  return <EChart label="Quantisation fidelity" summary={`${summary}.`} option={option} height={300} />;
}
