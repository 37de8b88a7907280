import { describe, expect, it } from 'vitest';
import { tagChart } from './tagChart';

describe('tagChart', () => {
  const tags = [
    {
      tag: 'geo',
      perModel: [
        { passed: 2, total: 2 },
        { passed: 1, total: 2 },
      ],
    },
    {
      tag: 'math',
      perModel: [
        { passed: 1, total: 3 },
        { passed: 0, total: 0 },
      ],
    },
  ];

  it('puts models on x and tags on y, both named, each cell its pass rate in percent', () => {
    const spec = tagChart(tags, ['Q8', 'Q4']);
    expect(spec.option.xAxis).toMatchObject({ name: 'Model', data: ['Q8', 'Q4'] });
    expect(spec.option.yAxis).toMatchObject({ name: 'Tag', data: ['geo', 'math'] });
    expect((spec.option.series as { data: unknown[] }[])[0]?.data).toEqual([
      [0, 0, 100],
      [1, 0, 50],
      [0, 1, 33.3],
      [1, 1, '-'],
    ]);
    expect(spec.summary).toBe('geo: Q8 2 of 2, Q4 1 of 2. math: Q8 1 of 3, Q4 not scored.');
    expect(tagChart([], ['Q8']).summary).toBe('The cases have no tags.');
  });
});
