import type { BarSeriesOption, CustomSeriesOption } from 'echarts/charts';
import type { FidelityText, ModelFidelity } from '../fidelity';
import type { ChartOption, ChartSpec } from './ChartOption';
import { errorBars } from './errorBars';
import { modelColor, NEUTRAL_GREY } from './palette';

/** A KL divergence in nats, with the digits small values need (a good quantisation is well below 0.01). */
export function formatKld(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  return v.toFixed(v < 0.01 ? 5 : 4);
}

/** What the models read for the measurement, in words. */
export function fidelityTextLabel(text: FidelityText): string {
  return text.kind === 'expected' ? 'the test set’s expected answers' : text.path;
}

const pct = (v: number, digits: number): string => (v * 100).toFixed(digits);

/** A bar per row in its model's colour, on one grid of the two. */
function bars(name: string, axis: number, rows: readonly { value: number; color: string }[]): BarSeriesOption {
  return {
    name,
    type: 'bar',
    xAxisIndex: axis,
    yAxisIndex: axis,
    barWidth: '45%',
    data: rows.map((r) => ({ value: r.value, itemStyle: { color: r.color } })),
  };
}

/** Whiskers from lower to upper on each bar of one grid. */
function whiskers(name: string, axis: number, ranges: readonly (readonly [number, number])[]): CustomSeriesOption {
  return {
    name,
    type: 'custom',
    xAxisIndex: axis,
    yAxisIndex: axis,
    renderItem: errorBars(0, NEUTRAL_GREY),
    encode: { x: 0, y: [1, 2] },
    data: ranges.map(([low, high], i) => [i, low, high]),
    tooltip: { show: false },
    z: 10,
  };
}

/**
 * Quantisation fidelity against the reference, as llama-perplexity --kl-divergence reports it:
 * left, each model's mean KL divergence from the reference with a whisker up to its 99th
 * percentile; right, perplexity on the same text with its ± uncertainty, the reference first.
 * `colorIndex` gives a model's position in the run, so it keeps its colour (the reference's too).
 * Null when nothing was measured.
 */
export function fidelityChart(models: readonly ModelFidelity[], colorIndex: (modelKey: string) => number): ChartSpec | null {
  const [first] = models;
  if (first === undefined) return null;
  const reference = { key: first.referenceKey, label: `${first.referenceLabel} (reference)`, ppl: first.report.basePerplexity };
  const pplRows = [reference, ...models.map((m) => ({ key: m.modelKey, label: m.label, ppl: m.report.candidatePerplexity }))];
  const byLabel = new Map(models.map((m) => [m.label, m]));
  // Labels wrap rather than lose their end: "Q4_K_M (reference)" is the point of the axis.
  const axisLabel = { interval: 0, overflow: 'break' as const, width: 90 };
  const option: ChartOption = {
    grid: [
      { left: 72, right: '54%', top: 28, bottom: 64 },
      { left: '56%', right: 16, top: 28, bottom: 64 },
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
          `Mean KLD ${formatKld(r.meanKld.value)} ± ${formatKld(r.meanKld.uncertainty)}`,
          `Median ${formatKld(r.kldPercentiles.median)}, p99 ${formatKld(r.kldPercentiles.p99)}, max ${formatKld(r.kldPercentiles.max)}`,
          `Same top token ${pct(r.sameTop.value, 2)} ± ${pct(r.sameTop.uncertainty, 2)} %`,
          `RMS Δp ${pct(r.rmsDeltaP.value, 2)} %`,
        ].join('<br/>');
      },
    },
    xAxis: [
      { type: 'category', gridIndex: 0, name: 'Model', nameLocation: 'middle', nameGap: 40, data: models.map((m) => m.label), axisLabel },
      { type: 'category', gridIndex: 1, name: 'Model', nameLocation: 'middle', nameGap: 40, data: pplRows.map((r) => r.label), axisLabel },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, name: 'KL divergence (nats; bar mean, whisker p99)', nameLocation: 'middle', nameGap: 54, min: 0 },
      { type: 'value', gridIndex: 1, name: 'Perplexity (lower is better)', nameLocation: 'middle', nameGap: 54, min: 0 },
    ],
    series: [
      bars(
        'Mean KL divergence',
        0,
        models.map((m) => ({ value: m.report.meanKld.value, color: modelColor(colorIndex(m.modelKey)) })),
      ),
      whiskers(
        'KL divergence, mean to p99',
        0,
        models.map((m) => [m.report.meanKld.value, m.report.kldPercentiles.p99 ?? m.report.meanKld.value] as const),
      ),
      bars(
        'Perplexity',
        1,
        pplRows.map((r) => ({ value: r.ppl.value, color: modelColor(colorIndex(r.key)) })),
      ),
      whiskers(
        'Perplexity ± uncertainty',
        1,
        pplRows.map((r) => [r.ppl.value - r.ppl.uncertainty, r.ppl.value + r.ppl.uncertainty] as const),
      ),
    ],
  };
  const summary = [
    `Against ${first.referenceLabel} (perplexity ${first.report.basePerplexity.value.toFixed(3)})`,
    ...models.map(
      (m) =>
        `${m.label}: mean KL divergence ${formatKld(m.report.meanKld.value)}, p99 ${formatKld(m.report.kldPercentiles.p99)}, perplexity ${m.report.candidatePerplexity.value.toFixed(3)} ± ${m.report.candidatePerplexity.uncertainty.toFixed(3)}, same top token ${pct(m.report.sameTop.value, 1)}%`,
    ),
  ].join('. ');
  return { id: 'fidelity', title: 'Quantisation fidelity', summary: `${summary}.`, option, height: 300 };
}
