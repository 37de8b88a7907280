import { describe, expect, it } from 'vitest';
import { dataUrlToBlob } from '../components/downloadFile';
import { chartFileName, exportOption, renderChartSvg, TITLE_SPACE } from './chartExport';
import type { ChartOption } from '../../../shared/charts/ChartOption';

const option: ChartOption = {
  grid: { left: 48, right: 16, top: 12, bottom: 40 },
  legend: { top: 0, data: ['Automatic'] },
  tooltip: { trigger: 'axis' },
  xAxis: { type: 'category', name: 'Model', data: ['F32', 'Q4_0'] },
  yAxis: { type: 'value', name: 'Pass rate (%)', min: 0, max: 1 },
  series: [{ name: 'Automatic', type: 'bar', data: [0.75, 0.5] }],
};

describe('chartFileName', () => {
  it('names the file after the chart title', () => {
    expect(chartFileName('Quality per model', 'png')).toBe('quality-per-model.png');
    expect(chartFileName('Quality vs generation speed', 'svg')).toBe('quality-vs-generation-speed.svg');
    expect(chartFileName('Time to first token (ms) — per model', 'svg')).toBe('time-to-first-token-ms-per-model.svg');
  });

  it('keeps letters of any script, drops accents, and never gives an empty name', () => {
    expect(chartFileName('Qualité par modèle', 'png')).toBe('qualite-par-modele.png');
    expect(chartFileName('模型质量', 'png')).toBe('模型质量.png');
    expect(chartFileName(' / ', 'svg')).toBe('chart.svg');
  });
});

describe('exportOption', () => {
  it('adds the title and background, stops the animation, and moves the plot and legend down to make room', () => {
    const out = exportOption(option, { title: 'Quality per model', background: '#ffffff' });
    expect(out.title).toMatchObject({ text: 'Quality per model' });
    expect(out.backgroundColor).toBe('#ffffff');
    expect(out.animation).toBe(false);
    expect(out.grid).toMatchObject({ top: 12 + TITLE_SPACE, left: 48 });
    expect(out.legend).toMatchObject({ top: TITLE_SPACE });
    expect(out.series).toBe(option.series);
    // The chart on screen keeps its own option.
    expect(option.grid).toMatchObject({ top: 12 });
  });

  it('leaves a legend out when the chart has none, and places a grid without a top below ECharts’ default', () => {
    const { legend: _legend, ...withoutLegend } = option;
    const out = exportOption({ ...withoutLegend, grid: { left: 10 } }, { title: 'T', background: '#000' });
    expect(out.legend).toBeUndefined();
    expect(out.grid).toMatchObject({ top: 60 + TITLE_SPACE });
  });
});

describe('renderChartSvg', () => {
  it('draws the chart as an SVG document with its title, axis names and the theme background', { timeout: 20_000 }, async () => {
    const svg = await renderChartSvg(option, { title: 'Quality per model', background: '#1f2026', theme: 'dark', width: 480, height: 280 });
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const root = doc.documentElement;
    expect(root.tagName.toLowerCase()).toBe('svg');
    expect(root.getAttribute('width')).toBe('480');
    expect(root.getAttribute('height')).toBe(String(280 + TITLE_SPACE));
    const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toContain('Quality per model');
    expect(texts).toContain('Pass rate (%)');
    expect(texts).toContain('Q4_0');
    expect(svg).toContain('#1f2026');
  });
});

describe('dataUrlToBlob', () => {
  it('decodes a base64 data URL to its bytes and type', async () => {
    const blob = dataUrlToBlob('data:image/png;base64,iVBORw0KGgo=');
    expect(blob.type).toBe('image/png');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('says what it was given when that is no data URL', () => {
    expect(() => dataUrlToBlob('blob:abc')).toThrow('Not a data URL: blob:abc');
  });
});
