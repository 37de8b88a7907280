import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelRunSummary } from '../../../../shared/runSummary';
import { ThroughputTable } from './ThroughputPanel';

afterEach(cleanup);

describe('ThroughputTable', () => {
  it('shows each model’s aggregate tokens/s beside its per-case median', () => {
    const models = [
      {
        modelKey: 'm0',
        label: 'q4',
        aggregateThroughput: { generatedTokens: 2048, wallSeconds: 4, tokensPerSecond: 512 },
        generationTokensPerSecond: { n: 8, mean: 140, sd: 1, min: 130, max: 150, median: 140, p95: 150 },
      },
      { modelKey: 'm1', label: 'q8', aggregateThroughput: null, generationTokensPerSecond: null },
    ] as unknown as ModelRunSummary[];
    render(<ThroughputTable models={models} />);
    const rows = within(screen.getByRole('table', { name: 'Aggregate throughput' })).getAllByRole('row');
    const cells = (i: number): string[] => Array.from(rows[i]?.querySelectorAll('th, td') ?? [], (c) => c.textContent);
    expect(cells(1)).toEqual(['q4', '512.0', '2,048', '4.0 s', '140.0']);
    expect(cells(2)).toEqual(['q8', '—', '—', '—', '—']);
  });
});
