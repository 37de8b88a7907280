import { describe, expect, it } from 'vitest';
import type { ModelRunSummary } from '../../../shared/runSummary';
import { summarizeSamples } from '../../../shared/stats';
import { modelRunSummary, runSummary } from '../../../shared/testing/modelRunSummary';
import type { Report } from './Report';
import { summaryTable } from './reportTables';

const model = (label: string, inside?: ModelRunSummary['llamaCppDecodeTokensPerSecond']): ModelRunSummary =>
  modelRunSummary(label, {
    results: 3,
    generationTokensPerSecond: summarizeSamples([100, 102, 104]),
    ...(inside === undefined ? {} : { llamaCppDecodeTokensPerSecond: inside }),
  });

function report(models: ModelRunSummary[]): Report {
  // The table reads the summary and each model's file facts (none here).
  return { summary: runSummary(models), models: [] } as unknown as Report;
}

describe('summaryTable', () => {
  it('puts llama.cpp’s own decode rate in a labelled column after the end-to-end rate, only when a model has it', () => {
    const without = summaryTable(report([model('F16'), model('Q4_0', null)]));
    expect(without.headers.some((h) => h.includes('inside llama.cpp'))).toBe(false);
    expect(without.caption).not.toContain('inside llama.cpp');
    const table = summaryTable(report([model('F16', summarizeSamples([120, 121, 122])), model('Q4_0', null)]));
    const column = table.headers.indexOf('Decode inside llama.cpp tokens/s p50 (IQR, n)');
    expect(column).toBe(table.headers.indexOf('Generation tokens/s p50 (IQR, n) / p95') + 1);
    expect(table.rows.map((r) => r[column])).toEqual([expect.stringContaining('121.0'), '–']);
    expect(table.caption).toContain("decode inside llama.cpp is llama.cpp's own counters");
  });
});
