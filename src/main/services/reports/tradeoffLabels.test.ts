import { describe, expect, it } from 'vitest';
import { tradeoffCharts } from '../../../shared/charts/tradeoffChart';
import { renderChartSvg } from './reportCharts';

interface Box {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The model labels of a drawn scatter, as boxes (10 px text, about 0.6 em a character, centred, above its point). */
function labelBoxes(svg: string, labels: readonly string[]): Box[] {
  const boxes: Box[] = [];
  for (const m of svg.matchAll(/<text\b([^>]*)>([^<]*)<\/text>/g)) {
    const [, attrs = '', text = ''] = m;
    if (!labels.includes(text)) continue;
    const t = /transform="(?:matrix\([^)]*?([-\d.]+)[ ,]([-\d.]+)\)|translate\(([-\d.]+)[ ,]([-\d.]+)\))"/.exec(attrs);
    const x = Number(t?.[1] ?? t?.[3] ?? /\bx="([-\d.]+)"/.exec(attrs)?.[1]);
    const y = Number(t?.[2] ?? t?.[4] ?? /\by="([-\d.]+)"/.exec(attrs)?.[1]);
    const width = text.length * 6;
    boxes.push({ text, left: x - width / 2, right: x + width / 2, top: y - 10, bottom: y });
  }
  return boxes;
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('trade-off charts', () => {
  // Four quantizations of one model with the same pass rate and close sizes and speeds: their labels would sit on each other.
  const models = [
    { label: 'tiny-f32', quality: 0.5, fileBytes: 4.6e6, tokensPerSecond: 610, peakBytes: 101e6 },
    { label: 'tiny-f16', quality: 0.5, fileBytes: 2.4e6, tokensPerSecond: 640, peakBytes: 99e6 },
    { label: 'tiny-q8_0', quality: 0.5, fileBytes: 1.4e6, tokensPerSecond: 655, peakBytes: 98e6 },
    { label: 'tiny-q4_0', quality: 0.5, fileBytes: 0.9e6, tokensPerSecond: 660, peakBytes: 97.5e6 },
  ];

  it.each(tradeoffCharts(models).map((spec) => [spec.title, spec] as const))(
    '%s lays out its point labels so that none overlaps another',
    (_title, spec) => {
      const svg = renderChartSvg(spec, 480);
      const boxes = labelBoxes(
        svg,
        models.map((m) => m.label),
      ).filter((b) => b.top > 30);
      // Every model stays named: by its label, or in the legend above the plot where a label gave way.
      for (const m of models) expect(svg).toContain(`>${m.label}</text>`);
      expect(boxes.length).toBeGreaterThanOrEqual(2);
      const clashes = boxes.flatMap((a, i) =>
        boxes
          .slice(i + 1)
          .filter((b) => overlaps(a, b))
          .map((b) => `${a.text} / ${b.text}`),
      );
      expect(clashes).toEqual([]);
    },
  );
});
