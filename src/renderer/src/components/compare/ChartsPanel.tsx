import { useEffect, useMemo } from 'react';
import { baselineVerdict } from '../../../../shared/charts/qualityChart';
import type { TradeoffFigures } from '../../../../shared/charts/tradeoffChart';
import type { ModelSummary } from '../../../../shared/models';
import type { RunSummary } from '../../../../shared/runSummary';
import { FailureChart } from '../../charts/FailureChart';
import { LatencyChart } from '../../charts/LatencyChart';
import { MemoryChart } from '../../charts/MemoryChart';
import { QualityChart } from '../../charts/QualityChart';
import { TagHeatmap } from '../../charts/TagHeatmap';
import { TradeoffCharts } from '../../charts/TradeoffCharts';
import { useCompareStore, useOpenRunId } from '../../stores/compareStore';
import { FidelityPanel } from '../fidelity/FidelityPanel';
import type { ModelReviewStats } from '../review/reviewedStats';
import type { CaseRow } from './caseRows';
import { TimingTable } from './TimingTable';
import type { ModelColumn, RunTelemetry, ScoredResult } from '../../stores/compareTypes';
import '../../charts/charts.css';

interface ChartsPanelProps {
  models: readonly ModelColumn[];
  rows: readonly CaseRow[];
  results: readonly ScoredResult[];
  summary: RunSummary | null;
  telemetry: RunTelemetry | null;
  stats: readonly ModelReviewStats[];
  library: readonly ModelSummary[];
}

/** Every chart of a run: quality with intervals and verdicts, failures, latency, memory, trade-offs and tags. */
export function ChartsPanel({ models, rows, results, summary, telemetry, stats, library }: ChartsPanelProps) {
  const runId = useOpenRunId();
  const wantSummary = useCompareStore((s) => s.wantSummary);
  useEffect(() => {
    if (runId !== null) wantSummary();
  }, [runId, wantSummary]);
  const tradeoffs = useMemo(() => {
    const sizes = new Map(library.map((m) => [m.id, m.sizeBytes]));
    return models.map((m, i): TradeoffFigures => {
      const s = summary?.models.find((x) => x.modelKey === m.key);
      const r = stats[i]?.reviewed;
      return {
        label: m.label,
        quality: r === undefined || r.total === 0 ? null : r.passed / r.total,
        fileBytes: sizes.get(m.modelId) ?? null,
        tokensPerSecond: s?.generationTokensPerSecond?.median ?? null,
        peakBytes: s?.peakRssBytes == null ? null : s.peakRssBytes + (s.peakVramBytes ?? 0),
      };
    });
  }, [models, summary, stats, library]);

  const verdicts = (summary?.models ?? []).flatMap((m) => {
    const v = baselineVerdict(m);
    return v === null ? [] : [{ label: m.label, verdict: v }];
  });

  return (
    <div className="charts-panel">
      <div className="chart-grid">
        {summary === null ? (
          <p className="chart-empty">Loading the run summary…</p>
        ) : (
          <QualityChart models={summary.models} reviewed={stats} />
        )}
        <FailureChart rows={rows} models={models} />
      </div>
      {verdicts.length > 0 && (
        <section aria-label="Verdicts against the baseline">
          <h2>Against the baseline ({summary?.baseline})</h2>
          <ul className="verdicts">
            {verdicts.map((v) => (
              <li key={v.label}>{v.verdict}</li>
            ))}
          </ul>
        </section>
      )}
      {summary !== null && <TimingTable summary={summary} />}
      <div className="chart-grid">
        <LatencyChart metric="ttft" results={results} models={models} />
        <LatencyChart metric="generation" results={results} models={models} />
      </div>
      {telemetry !== null && (
        <div className="chart-grid">
          <MemoryChart telemetry={telemetry} modelLabels={models.map((m) => m.label)} />
        </div>
      )}
      <div className="chart-grid thirds">
        <TradeoffCharts models={tradeoffs} />
      </div>
      <div className="chart-grid">
        <TagHeatmap rows={rows} models={models} />
      </div>
      {runId !== null && <FidelityPanel runId={runId} models={models} />}
    </div>
  );
}
