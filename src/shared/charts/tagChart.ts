import type { HeatmapSeriesOption } from 'echarts/charts';
import type { ChartOption, ChartSpec } from './ChartOption';

/** Pass counts of one test set tag, per model in model order. */
export interface TagCounts {
  tag: string;
  perModel: { passed: number; total: number }[];
}

/** Pass rate by test set tag (rows) and model (columns), tags in the order given. */
export function tagChart(tags: readonly TagCounts[], modelLabels: readonly string[]): ChartSpec {
  const data = tags.flatMap((t, y) => t.perModel.map((c, x) => [x, y, c.total === 0 ? '-' : Math.round((c.passed / c.total) * 1000) / 10]));
  const heatmap: HeatmapSeriesOption = {
    name: 'Pass rate',
    type: 'heatmap',
    data,
    label: { show: true, formatter: (p) => (Array.isArray(p.value) && typeof p.value[2] === 'number' ? `${p.value[2]}%` : '') },
  };
  const option: ChartOption = {
    grid: { left: 120, right: 24, top: 28, bottom: 92 },
    tooltip: {
      formatter: (p) => {
        const item = Array.isArray(p) ? p[0] : p;
        const [x, y] = (item?.value ?? []) as number[];
        const t = tags[y ?? -1];
        const c = t?.perModel[x ?? -1];
        return t === undefined || c === undefined ? '' : `${t.tag} · ${modelLabels[x ?? -1] ?? ''}<br/>${c.passed} of ${c.total} passed`;
      },
    },
    xAxis: {
      type: 'category',
      name: 'Model',
      nameLocation: 'middle',
      nameGap: 30,
      data: [...modelLabels],
      splitArea: { show: true },
      axisLabel: { interval: 0, overflow: 'truncate', width: 100 },
    },
    yAxis: {
      type: 'category',
      name: 'Tag',
      nameLocation: 'end',
      nameTextStyle: { align: 'right' },
      data: tags.map((t) => t.tag),
      splitArea: { show: true },
    },
    visualMap: {
      min: 0,
      max: 100,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 4,
      itemHeight: 120,
      text: ['100% passed', '0%'],
      inRange: { color: ['#d73027', '#fee08b', '#1a9850'] },
    },
    series: [heatmap],
  };
  const summary =
    tags.length === 0
      ? 'The cases have no tags.'
      : tags
          .map(
            (t) =>
              `${t.tag}: ${t.perModel.map((c, i) => `${modelLabels[i] ?? ''} ${c.total === 0 ? 'not scored' : `${c.passed} of ${c.total}`}`).join(', ')}`,
          )
          .join('. ') + '.';
  return { id: 'tags', title: 'Pass rate by tag', summary, option, height: Math.max(200, 90 + tags.length * 28) };
}
