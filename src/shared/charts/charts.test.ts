import { describe, expect, it } from 'vitest';
import type { TelemetrySample } from '../telemetry';
import { boxStats } from './boxStats';
import { byteScale } from './byteScale';
import { buildTimeline, peakPerModel } from './memoryTimeline';
import { paretoFrontier } from './paretoFrontier';

describe('paretoFrontier', () => {
  const points = [
    { id: 'f16', x: 16, y: 0.9 },
    { id: 'q8', x: 8, y: 0.9 },
    { id: 'q6', x: 6, y: 0.85 },
    { id: 'q5-bad', x: 6.5, y: 0.8 },
    { id: 'q4', x: 4, y: 0.86 },
    { id: 'q2', x: 2, y: 0.5 },
    { id: 'broken', x: Number.NaN, y: 1 },
  ];

  it('keeps the models nothing beats on both cost and quality, cheapest first', () => {
    // q6 is beaten by q4 (cheaper and better); f16 by q8 (same quality, cheaper).
    expect(paretoFrontier(points, 'lower').map((p) => p.id)).toEqual(['q2', 'q4', 'q8']);
  });

  it('treats a higher x as better for speed', () => {
    const speed = [
      { id: 'slow-good', x: 10, y: 0.9 },
      { id: 'fast-ok', x: 40, y: 0.7 },
      { id: 'fast-bad', x: 35, y: 0.6 },
      { id: 'tie', x: 40, y: 0.7 },
    ];
    expect(paretoFrontier(speed, 'higher').map((p) => p.id)).toEqual(['slow-good', 'fast-ok', 'tie']);
  });

  it('is empty for no points and the point itself for one', () => {
    expect(paretoFrontier([], 'lower')).toEqual([]);
    expect(paretoFrontier([{ id: 'a', x: 1, y: 0 }], 'lower').map((p) => p.id)).toEqual(['a']);
  });
});

describe('boxStats', () => {
  it('interpolates quartiles linearly', () => {
    expect(boxStats([4, 1, 3, 2])).toEqual({ min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4, n: 4 });
    expect(boxStats([Number.NaN])).toBeNull();
  });
});

function sample(tMs: number, ram: number, workers: number[]): TelemetrySample {
  return {
    tMs,
    ramUsedBytes: ram,
    ramTotalBytes: 100,
    cpuPercent: 0,
    workers: workers.map((rssBytes, pid) => ({ pid, rssBytes, cpuPercent: null })),
    gpus: [],
  };
}

describe('buildTimeline', () => {
  it('lays sessions end to end and finds each model’s peak between its load and unload', () => {
    const timeline = buildTimeline({
      samples: [
        { session: 1, sample: sample(0, 10, []) },
        { session: 1, sample: sample(500, 20, [5]) },
        { session: 1, sample: sample(1000, 30, [9]) },
        { session: 1, sample: sample(1500, 25, [4]) },
        { session: 2, sample: sample(0, 12, []) },
        { session: 2, sample: sample(500, 18, [7]) },
      ],
      markers: [
        { session: 1, marker: { tMs: 100, kind: 'model-load', label: 'Q8' } },
        { session: 1, marker: { tMs: 200, kind: 'case-start', label: 'Q8 · c1' } },
        { session: 1, marker: { tMs: 1200, kind: 'model-unload', label: 'Q8' } },
        { session: 1, marker: { tMs: 1300, kind: 'model-load', label: 'Q4' } },
        { session: 2, marker: { tMs: 100, kind: 'model-load', label: 'Q4' } },
        { session: 2, marker: { tMs: 700, kind: 'model-unload', label: 'Q4' } },
      ],
    });
    expect(timeline.sessionStarts).toEqual([0, 2500]);
    expect(timeline.points.map((p) => p.tMs)).toEqual([0, 500, 1000, 1500, 2500, 3000]);
    expect(timeline.markers.find((m) => m.session === 2)?.tMs).toBe(2600);
    // Q4's first load ended with the pause (no unload): it closes where the next load begins.
    expect(timeline.segments).toEqual([
      { label: 'Q8', startMs: 100, endMs: 1200, peakRssBytes: 9, peakAtMs: 1000 },
      { label: 'Q4', startMs: 1300, endMs: 2600, peakRssBytes: 4, peakAtMs: 1500 },
      { label: 'Q4', startMs: 2600, endMs: 3200, peakRssBytes: 7, peakAtMs: 3000 },
    ]);
    expect(peakPerModel(timeline.segments)).toEqual(
      new Map([
        ['Q8', 9],
        ['Q4', 7],
      ]),
    );
    expect(timeline.durationMs).toBe(3200);
  });

  it('is empty without telemetry', () => {
    expect(buildTimeline({ samples: [], markers: [] })).toMatchObject({ points: [], segments: [], durationMs: 0 });
  });
});

describe('byteScale', () => {
  it('picks one unit for the axis from its largest value', () => {
    expect(byteScale(300 * 1024 ** 2)).toEqual({ unit: 'MiB', divisor: 1024 ** 2 });
    expect(byteScale(1024)).toEqual({ unit: 'KiB', divisor: 1024 });
    expect(byteScale(3 * 1024 ** 3).unit).toBe('GiB');
    expect(byteScale(1023).unit).toBe('B');
    expect(byteScale(0).unit).toBe('B');
    expect(byteScale(Number.NaN).unit).toBe('B');
  });
});
