import { fidelityChart } from '../../../shared/charts/fidelityChart';
import type { ModelFidelity } from '../../../shared/fidelity';
import { EChart } from './EChart';

interface FidelityChartProps {
  /** Each measured model's figures against the same reference. */
  models: readonly ModelFidelity[];
  /** A model's position in the run, for its colour (the reference's too). */
  colorIndex: (modelKey: string) => number;
}

/** Mean KL divergence (whisker to p99) and perplexity ± uncertainty per model against the reference. */
export function FidelityChart({ models, colorIndex }: FidelityChartProps) {
  const spec = fidelityChart(models, colorIndex);
  if (spec === null) return null;
  return <EChart label={spec.title} summary={spec.summary} option={spec.option} height={spec.height} />;
}
