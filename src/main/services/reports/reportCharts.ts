import { BarChart, BoxplotChart, CustomChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { LabelLayout } from 'echarts/features';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartSpec } from '../../../shared/charts/ChartOption';
import { failureChart, type FailureGrid } from '../../../shared/charts/failureChart';
import { fidelityChart } from '../../../shared/charts/fidelityChart';
import { latencyChart } from '../../../shared/charts/latencyChart';
import { memoryChart } from '../../../shared/charts/memoryChart';
import { baselineVerdict, qualityChart } from '../../../shared/charts/qualityChart';
import { tagChart } from '../../../shared/charts/tagChart';
import { tradeoffCharts } from '../../../shared/charts/tradeoffChart';
import { failureCategories, type FailureCategory } from '../../../shared/failureCategory';
import { isFailure } from './buildReport';
import { escapeHtml } from './escapeHtml';
import type { Report } from './Report';
import { expectedAnswers } from '../../../shared/loglikelihood';

// Server-side rendering to SVG strings: no DOM, no canvas, nothing fetched. LabelLayout moves
// overlapping point labels apart (the trade-off scatters' `labelLayout`).
echarts.use([
  BarChart,
  BoxplotChart,
  CustomChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  MarkPointComponent,
  VisualMapComponent,
  LabelLayout,
  SVGRenderer,
]);
// With no canvas, ECharts sizes text by Arial's widths; a report is read with whatever sans-serif
// the reader has (DejaVu Sans on most Linux systems, wider), so labels are laid out for 0.6 em a
// character and do not end up overlapping there.
echarts.setPlatformAPI({
  measureText: (text: string, font?: string) => ({ width: text.length * Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12) * 0.6 }),
});

/** A chart drawn for a report: its spec and the SVG markup. */
export interface RenderedChart {
  id: string;
  title: string;
  summary: string;
  /** A standalone SVG document (with its XML namespace), as a `.svg` file holds it. */
  svg: string;
}

/** Width of a report chart in CSS pixels: an A4 page's text width at 96 dpi. */
export const CHART_WIDTH = 720;

/** Draws one chart to SVG, without animation (a file shows the end state), tooltips or hover styles (nothing to hover in a file). */
export function renderChartSvg(spec: ChartSpec, width = CHART_WIDTH): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height: spec.height });
  const { tooltip: _hover, ...option } = spec.option;
  try {
    chart.setOption({ animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: 'sans-serif' }, ...option });
    // ECharts writes hover styles for its own interactivity, and for a visual map's gradient their
    // fill is an object printed as `[object Object]`: a static file has no hover to style.
    return chart.renderToSVGString().replace(/^\.[\w-]+:hover \{[^}]*\}\n?/gm, '');
  } finally {
    chart.dispose();
  }
}

/** The SVG as an element inside an HTML page: the namespaces are implied there, so the file holds no URL at all. */
export function inlineSvg(svg: string, label: string): string {
  return svg.replace(/\s+xmlns(:xlink)?="[^"]*"/g, '').replace(/^<svg\b/, `<svg role="img" aria-label="${escapeHtml(label)}"`);
}

/**
 * Why each model failed each case, as the Compare page counts it: the categories of every failed
 * repetition together (a person's fail counts; the report's own rule for what failed).
 */
export function failureGrid(report: Report): FailureGrid {
  const column = new Map(report.summary.models.map((m, i) => [m.modelKey, i]));
  const expected = new Map(report.cases.map((c) => [c.id, expectedAnswers(c)]));
  const grid = new Map(report.cases.map((c) => [c.id, report.summary.models.map(() => new Set<FailureCategory>())]));
  for (const r of report.records) {
    const cell = grid.get(r.caseId)?.[column.get(r.modelKey) ?? -1];
    if (cell === undefined || !isFailure(r)) continue;
    for (const c of failureCategories(r, expected.get(r.caseId) ?? [], { failed: true })) cell.add(c);
  }
  return [...grid.values()].map((perModel) => perModel.map((categories) => [...categories]));
}

/** The charts of the "charts" section: quality, failures, latency, memory and the trade-offs, from the report's figures. */
export function reportChartSpecs(report: Report): ChartSpec[] {
  const models = report.summary.models;
  const labels = models.map((m) => m.label);
  const columns = models.map((m) => ({ key: m.modelKey, label: m.label }));
  return [
    qualityChart(
      models.map((m) => ({
        label: m.label,
        automatic: m.automaticPassRate,
        reviewed: m.passRate,
        overridden: m.overturned,
        verdict: baselineVerdict(m),
      })),
    ),
    failureChart(failureGrid(report), labels),
    latencyChart('ttft', report.records, columns),
    latencyChart('generation', report.records, columns),
    ...(report.telemetry.samples.length > 0 ? [memoryChart(report.telemetry, labels, { interactive: false })] : []),
    ...tradeoffCharts(
      models.map((m, i) => ({
        label: m.label,
        quality: m.passRate?.estimate ?? null,
        fileBytes: report.models[i]?.sizeBytes ?? null,
        tokensPerSecond: m.generationTokensPerSecond?.median ?? null,
        peakBytes: m.peakRssBytes === null ? null : m.peakRssBytes + (m.peakVramBytes ?? 0),
      })),
    ),
  ];
}

/** The chart of the "fidelity" section, each model in its run colour; null when fidelity was never measured. */
export function reportFidelitySpec(report: Report): ChartSpec | null {
  const order = new Map(report.models.map((m, i) => [m.modelKey, i]));
  return fidelityChart(report.fidelity, (key) => order.get(key) ?? 0);
}

/** The chart of the "tags" section: pass rate per tag and model, review verdicts applied. */
export function reportTagSpec(report: Report): ChartSpec | null {
  const tags = [...new Set(report.summary.models.flatMap((m) => m.byTag.map((t) => t.tag)))].sort((a, b) => a.localeCompare(b));
  if (tags.length === 0) return null;
  return tagChart(
    tags.map((tag) => ({
      tag,
      perModel: report.summary.models.map((m) => {
        const t = m.byTag.find((x) => x.tag === tag);
        return { passed: t?.passed ?? 0, total: t?.scored ?? 0 };
      }),
    })),
    report.summary.models.map((m) => m.label),
  );
}

export function renderCharts(specs: readonly ChartSpec[]): RenderedChart[] {
  return specs.map((spec) => ({ id: spec.id, title: spec.title, summary: spec.summary, svg: renderChartSvg(spec) }));
}
