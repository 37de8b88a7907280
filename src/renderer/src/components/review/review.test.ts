import { describe, expect, it } from 'vitest';
import type { ReviewLabel } from '../../../../shared/api';
import { buildCaseRows, modelColumns } from '../compare/caseRows';
import { result, runDetail, score } from '../compare/testing/runFixtures';
import { resultKeyOf } from '../../stores/compareTypes';
import type { RunSummary } from '../../../../shared/runSummary';
import { bootstrapPassRateCi } from '../../../../shared/stats';
import { reviewedStats, formatRate, withSummaryIntervals } from './reviewedStats';
import { reviewQueue } from './reviewQueue';
import { optionalFields } from '../../../../shared/optionalFields';

const detail = runDetail(['c1', 'c2', 'c3']);
const models = modelColumns(detail);
const fail = [score({ passed: false, score: 0 })];
const results = [
  result({ caseId: 'c1', modelKey: 'm0:q8' }),
  result({ caseId: 'c1', modelKey: 'm1:q4' }),
  result({ caseId: 'c2', modelKey: 'm0:q8' }),
  result({ caseId: 'c2', modelKey: 'm1:q4', scores: fail }),
  result({ caseId: 'c3', modelKey: 'm0:q8', scores: fail }),
  result({ caseId: 'c3', modelKey: 'm1:q4', output: null, scores: [], error: { kind: 'failed', message: 'load failed', logs: [] } }),
];
const label = (caseId: string, modelKey: string, verdict: ReviewLabel['verdict']): [string, ReviewLabel] => {
  const l: ReviewLabel = { runId: 'run-1', modelKey, caseId, repetition: 0, verdict, note: '', tags: [], updatedAt: '' };
  return [resultKeyOf(l), l];
};

describe('reviewQueue', () => {
  it('queues failures, harness errors and both sides of a disagreement, in case then model order', () => {
    const queue = reviewQueue(buildCaseRows(detail, results, models));
    expect(queue.map((q) => [q.result.caseId, q.result.modelKey, q.reasons])).toEqual([
      ['c2', 'm0:q8', ['disagreement']],
      ['c2', 'm1:q4', ['failed', 'disagreement']],
      ['c3', 'm0:q8', ['failed']],
      ['c3', 'm1:q4', ['error']],
    ]);
  });

  it('queues a judge verdict one grade either side of its threshold, pass or fail, and no clear one', () => {
    const judge = (grade: number, threshold?: number) =>
      score({
        type: 'judge',
        label: 'judge',
        score: (grade - 1) / 9,
        rawScore: grade,
        passed: (grade - 1) / 9 >= (threshold ?? 0.5),
        details: { grade, ...optionalFields({ threshold }) },
      });
    const judged = [
      result({ caseId: 'c1', modelKey: 'm0:q8', scores: [judge(6)] }), // 0.556 passes 0.5 narrowly
      result({ caseId: 'c1', modelKey: 'm1:q4', scores: [judge(9)] }), // clear pass
      result({ caseId: 'c2', modelKey: 'm0:q8', scores: [judge(8, 0.8)] }), // 0.778 fails 0.8 narrowly
      result({ caseId: 'c2', modelKey: 'm1:q4', scores: [judge(2, 0.8)] }), // clear fail
    ];
    const queue = reviewQueue(buildCaseRows(runDetail(['c1', 'c2']), judged, models));
    expect(queue.map((q) => [q.result.caseId, q.result.modelKey, q.reasons])).toEqual([
      ['c1', 'm0:q8', ['judge-unsure']],
      ['c2', 'm0:q8', ['failed', 'judge-unsure']],
      ['c2', 'm1:q4', ['failed']],
    ]);
  });

  it('does not reshuffle as labels arrive, and can list every result', () => {
    const labels = new Map([label('c2', 'm1:q4', 'pass')]);
    expect(reviewQueue(buildCaseRows(detail, results, models, labels))).toHaveLength(4);
    expect(reviewQueue(buildCaseRows(detail, results, models), { all: true })).toHaveLength(6);
  });
});

describe('reviewedStats', () => {
  it('keeps the automatic pass rate and shows the reviewed one beside it', () => {
    const labels = new Map([
      label('c2', 'm1:q4', 'pass'),
      label('c1', 'm1:q4', 'unsure'),
      label('c3', 'm1:q4', 'fail'),
      label('c1', 'm0:q8', 'pass'),
    ]);
    const [q8, q4] = reviewedStats(results, labels, models);
    expect(q8).toMatchObject({ automatic: { passed: 2, total: 3 }, reviewed: { passed: 2, total: 3 }, overridden: 0, labelled: 1 });
    // c2 fail → pass; c1 unsure keeps its pass; the harness error judged a fail now counts.
    expect(q4).toMatchObject({ automatic: { passed: 1, total: 2 }, reviewed: { passed: 2, total: 3 }, overridden: 2, labelled: 3 });
    expect(q4 && formatRate(q4.automatic)).toBe('50.0%');
    expect(q4?.reviewed.interval).toBeNull();
    expect(formatRate({ passed: 0, total: 0, interval: null })).toBe('–');
  });

  it('takes its intervals from the run summary, and none from a summary of other counts', () => {
    const labels = new Map([label('c2', 'm1:q4', 'pass')]);
    const stats = reviewedStats(results, labels, models);
    const q4 = stats[1];
    if (q4 === undefined) throw new Error('no Q4');
    const reviewed = bootstrapPassRateCi(Array.from({ length: q4.reviewed.total }, (_, i) => i < q4.reviewed.passed));
    const automatic = bootstrapPassRateCi(Array.from({ length: q4.automatic.total }, (_, i) => i < q4.automatic.passed));
    const model = (passRate: typeof reviewed, automaticPassRate: typeof reviewed) =>
      ({ modelKey: 'm1:q4', passRate, automaticPassRate }) as unknown as RunSummary['models'][number];
    const summary = { models: [model(reviewed, automatic)] } as unknown as RunSummary;
    const [, withIntervals] = withSummaryIntervals(stats, summary);
    expect(withIntervals?.reviewed.interval).toEqual({ lower: reviewed.lower, upper: reviewed.upper });
    expect(withIntervals?.automatic.interval).toEqual({ lower: automatic.lower, upper: automatic.upper });
    // Summarized before the label: its reviewed rate is the automatic one, so no interval until it catches up.
    const stale = { models: [model(automatic, automatic)] } as unknown as RunSummary;
    expect(withSummaryIntervals(stats, stale)[1]?.reviewed.interval).toBeNull();
    expect(withSummaryIntervals(stats, null)[1]?.reviewed.interval).toBeNull();
  });
});
