import type { HeatmapSeriesOption } from 'echarts/charts';
import type { CaseRow } from '../components/compare/caseRows';
import type { ModelColumn } from '../components/compare/types';
import { EChart } from './EChart';
import type { ChartOption } from './echarts';

/** Pass counts per tag and model, from the rows' outcomes (review labels applied). */
export function tagPassRates(rows: readonly CaseRow[], models: readonly ModelColumn[]): { tag: string; perModel: { passed: number; total: number }[] }[] {
  const byTag = new Map<string, { passed: number; total: number }[]>();
  for (const row of rows) {
    for (const tag of row.testCase.tags) {
      let counts = byTag.get(tag);
      if (counts === undefined) byTag.set(tag, (counts = models.map(() => ({ passed: 0, total: 0 }))));
      row.cells.forEach((cell, i) => {
        const c = counts[i];
        if (cell === null || c === undefined) return;
        c.passed += cell.passed;
        c.total += cell.counted;
      });
    }
  }
  return [...byTag].sort(([a], [b]) => a.localeCompare(b)).map(([tag, perModel]) => ({ tag, perModel }));
}

/** Pass rate by test set tag (rows) and model (columns), with review labels applied. */
export function TagHeatmap({ rows, models }: { rows: readonly CaseRow[]; models: readonly ModelColumn[] }) {
  const tags = tagPassRates(rows, models);
  const data = tags.flatMap((t, y) => t.perModel.map((c, x) => [x, y, c.total === 0 ? '-' : Math.round((c.passed / c.total) * 1000) / 10]));
  const heatmap: HeatmapSeriesOption = {
    name: 'Pass rate',
    type: 'heatmap',
    data,
    label: { show: true, formatter: (p) => (Array.isArray(p.value) && typeof p.value[2] === 'number' ? `${p.value[2]}%` : '') },
  };
  const option: ChartOption = {
    grid: { left: 120, right: 24, top: 8, bottom: 72 },
    tooltip: {
      formatter: (p) => {
        const item = Array.isArray(p) ? p[0] : p;
        const [x, y] = (item?.value ?? []) as number[];
        const t = tags[y ?? -1];
        const c = t?.perModel[x ?? -1];
        return t === undefined || c === undefined ? '' : `${t.tag} · ${models[x ?? -1]?.label ?? ''}<br/>${c.passed} of ${c.total} passed`;
      },
    },
    xAxis: { type: 'category', data: models.map((m) => m.label), splitArea: { show: true }, axisLabel: { interval: 0, overflow: 'truncate', width: 100 } },
    yAxis: { type: 'category', data: tags.map((t) => t.tag), splitArea: { show: true } },
    visualMap: { min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 4, itemHeight: 120, text: ['100%', '0%'], inRange: { color: ['#d73027', '#fee08b', '#1a9850'] } },
    series: [heatmap],
  };
  const summary =
    tags.length === 0
      ? 'The cases have no tags.'
      : tags.map((t) => `${t.tag}: ${t.perModel.map((c, i) => `${models[i]?.label ?? ''} ${c.total === 0 ? 'not scored' : `${c.passed} of ${c.total}`}`).join(', ')}`).join('. ') + '.';
  return <EChart label="Pass rate by tag" summary={summary} option={option} height={Math.max(200, 90 + tags.length * 28)} />;
}
