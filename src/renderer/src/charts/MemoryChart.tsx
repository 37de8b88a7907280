import { memoryChart } from '../../../shared/charts/memoryChart';
import type { RunTelemetry } from '../stores/compareTypes';
import { EChart } from './EChart';

interface MemoryChartProps {
  telemetry: RunTelemetry;
  /** Model labels in run order, so each model keeps its colour across charts. */
  modelLabels: readonly string[];
  label?: string;
  height?: number;
}

/** Machine RAM, the workers' resident memory and VRAM over the run, with model loads, case starts and each model's peak marked. */
export function MemoryChart({ telemetry, modelLabels, label, height }: MemoryChartProps) {
  const spec = memoryChart(telemetry, modelLabels, { title: label, height });
  return <EChart label={spec.title} summary={spec.summary} option={spec.option} height={spec.height} />;
}
