import { latencyChart, type LatencyMetric } from '../../../shared/charts/latencyChart';
import type { ModelColumn, ScoredResult } from '../stores/compareTypes';
import { EChart } from './EChart';

interface LatencyChartProps {
  metric: LatencyMetric;
  results: readonly ScoredResult[];
  models: readonly ModelColumn[];
}

/** Box plot per model of one latency figure over every measured case result. */
export function LatencyChart({ metric, results, models }: LatencyChartProps) {
  const spec = latencyChart(metric, results, models);
  return <EChart label={spec.title} summary={spec.summary} option={spec.option} height={spec.height} />;
}
