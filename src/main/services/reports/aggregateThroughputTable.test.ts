import { describe, expect, it } from 'vitest';
import type { ModelRunSummary, RunSummary } from '../../../shared/runSummary';
import type { Report } from './Report';
import { aggregateThroughputTable } from './reportTables';

function report(mode: RunSummary['mode'], aggregates: ModelRunSummary['aggregateThroughput'][]): Report {
  const models = aggregates.map((a, i) => ({ label: `m${i}`, aggregateThroughput: a }));
  // Only the summary's mode and models are read by this table.
  return { summary: { mode, models } } as unknown as Report;
}

describe('aggregateThroughputTable', () => {
  it('lists each model’s aggregate tokens/s, tokens and wall time in a throughput run', () => {
    const table = aggregateThroughputTable(report('throughput', [{ generatedTokens: 600, wallSeconds: 2, tokensPerSecond: 300 }, null]));
    expect(table?.headers).toEqual(['Model', 'Aggregate tokens/s', 'Generated tokens', 'Wall time']);
    expect(table?.rows).toEqual([
      ['m0', '300.0', '600', '2.0 s'],
      ['m1', '–', '–', '–'],
    ]);
  });

  it('is absent for a latency run', () => {
    expect(aggregateThroughputTable(report('latency', [undefined]))).toBeNull();
  });
});
