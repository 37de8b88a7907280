import type { ChartOption } from '../../../shared/charts/ChartOption';

/** The image formats a chart can be saved in. */
export type ChartImageFormat = 'png' | 'svg';

/** What a saved image needs besides the chart's own option. */
export interface ChartImageSpec {
  title: string;
  /** The theme's surface colour: a saved image is read outside the app, so it gets no transparent background. */
  background: string;
  theme: 'light' | 'dark';
  width: number;
  height: number;
}

/** Room above the plot for the title, which on screen is the figure's caption and so not in the chart. */
export const TITLE_SPACE = 34;

/** PNGs at twice the chart's size, so they stay sharp in slides and papers. */
const PNG_PIXEL_RATIO = 2;

/** A file name from the chart's title: letters and digits of any script kept, the rest joined by hyphens. */
export function chartFileName(title: string, format: ChartImageFormat): string {
  const base = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return `${base === '' ? 'chart' : base}.${format}`;
}

type Positioned = { top?: unknown } & Record<string, unknown>;

/** Moves a component with a top offset in pixels down by the title's room (ECharts' defaults: grid 60, legend 0). */
function lowered<T extends object>(component: T, defaultTop: number): T {
  const shift = (c: unknown): unknown => {
    if (c === null || typeof c !== 'object') return c;
    const top = (c as Positioned).top;
    if (top === undefined) return { ...c, top: defaultTop + TITLE_SPACE };
    return typeof top === 'number' ? { ...c, top: top + TITLE_SPACE } : c;
  };
  return (Array.isArray(component) ? component.map(shift) : shift(component)) as T;
}

/**
 * The option for a saved image: the chart's own, with its title drawn above the plot, the theme's
 * background, and no animation (an image is drawn once, and must show the final state).
 */
export function exportOption(option: ChartOption, spec: Pick<ChartImageSpec, 'title' | 'background'>): ChartOption {
  return {
    ...option,
    animation: false,
    backgroundColor: spec.background,
    title: { text: spec.title, left: 12, top: 8, textStyle: { fontSize: 15, fontWeight: 600 } },
    ...(option.grid === undefined ? { grid: { top: 60 + TITLE_SPACE } } : { grid: lowered(option.grid, 60) }),
    ...(option.legend === undefined ? {} : { legend: lowered(option.legend, 0) }),
  };
}

/** The chart as SVG text, rendered without a DOM by ECharts' server-side SVG renderer. */
export async function renderChartSvg(option: ChartOption, spec: ChartImageSpec): Promise<string> {
  const { echarts } = await import('./echarts');
  const chart = echarts.init(null, spec.theme === 'dark' ? 'dark' : undefined, {
    renderer: 'svg',
    ssr: true,
    width: spec.width,
    height: spec.height + TITLE_SPACE,
  });
  try {
    chart.setOption(exportOption(option, spec));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart as a PNG data URL, drawn by a canvas instance of its own (the shown one has no title). */
export async function renderChartPng(option: ChartOption, spec: ChartImageSpec): Promise<string> {
  const { echarts } = await import('./echarts');
  const element = document.createElement('div');
  const chart = echarts.init(element, spec.theme === 'dark' ? 'dark' : undefined, {
    renderer: 'canvas',
    width: spec.width,
    height: spec.height + TITLE_SPACE,
  });
  try {
    chart.setOption(exportOption(option, spec));
    return chart.getDataURL({ type: 'png', pixelRatio: PNG_PIXEL_RATIO, backgroundColor: spec.background });
  } finally {
    chart.dispose();
  }
}
