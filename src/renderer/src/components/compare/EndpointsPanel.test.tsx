import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FigureProvenance } from '../../../../shared/remoteModel';
import type { ModelRunSummary } from '../../../../shared/runSummary';
import { EndpointsTable } from './EndpointsPanel';
import { ResultFacts } from './ResultFacts';
import { result } from './testing/runFixtures';

afterEach(cleanup);

const client: FigureProvenance = {
  timeToFirstTokenMs: 'measured-locally',
  promptTokens: 'reported-by-server',
  promptTokensPerSecond: 'estimated',
  generatedTokens: 'reported-by-server',
  generationTokensPerSecond: 'measured-locally',
  totalMs: 'measured-locally',
  peakRssBytes: 'unknown',
  rssBytes: 'unknown',
  vramUsedBytes: 'unknown',
  stopReason: 'reported-by-server',
};

describe('remote results in Compare', () => {
  it('shows the endpoint that answered, and memory a plain server did not report as unknown, not zero', () => {
    render(<ResultFacts result={result({ endpoint: 'http://gpu-1:8000/v1', memory: null, provenance: client })} />);
    expect(screen.getByText('http://gpu-1:8000/v1')).toBeTruthy();
    expect(screen.getByText('Server peak RSS').nextElementSibling?.textContent).toBe('unknown (remote)');
    expect(screen.getByText(/timings measured here, network included; tokens reported by the server/)).toBeTruthy();
  });

  it('shows a worker’s own memory as the server’s figure, and nothing remote for a local result', () => {
    const worker = { ...client, peakRssBytes: 'reported-by-server' as const, rssBytes: 'reported-by-server' as const };
    const { container } = render(<ResultFacts result={result({ endpoint: 'http://box:9000/v1', provenance: worker })} />);
    expect(within(container).getByText('Server peak RSS').nextElementSibling?.textContent).toBe('476.8 MiB (reported by the server)');
    cleanup();
    render(<ResultFacts result={result()} />);
    expect(screen.getByText('Worker peak RSS').nextElementSibling?.textContent).toBe('476.8 MiB');
    expect(screen.queryByText('Endpoint')).toBeNull();
  });

  it('lists each endpoint’s share, errors, throughput and why one was given up', () => {
    const model = {
      modelKey: 'm0:remote:served',
      label: 'served',
      endpoints: [
        {
          endpoint: 'http://gpu-1:8000/v1',
          results: 7,
          errors: 0,
          generatedTokens: 1400,
          wallSeconds: 10,
          tokensPerSecond: 140,
          generationTokensPerSecond: { n: 7, mean: 40, sd: 1, min: 38, max: 42, median: 40.25, p95: 42 },
          down: null,
        },
        {
          endpoint: 'http://gpu-2:8000/v1',
          results: 1,
          errors: 1,
          generatedTokens: 0,
          wallSeconds: null,
          tokensPerSecond: null,
          generationTokensPerSecond: null,
          down: 'connection refused',
        },
      ],
    } as unknown as ModelRunSummary;
    render(<EndpointsTable models={[model]} />);
    const rows = within(screen.getByRole('table', { name: 'Remote endpoints' })).getAllByRole('row');
    const cells = (i: number): string[] => Array.from(rows[i]?.querySelectorAll('th, td') ?? [], (c) => c.textContent);
    expect(cells(1)).toEqual(['served', 'http://gpu-1:8000/v1', '7', '0', '1,400', '10.0 s', '140.0', '40.3', 'up']);
    expect(rows[2]?.textContent).toContain('given up: connection refused');
    expect(rows[2]?.textContent).toContain('—');
  });
});
