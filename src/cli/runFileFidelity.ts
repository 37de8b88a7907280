import path from 'node:path';
import type { ModelFidelity } from '../shared/fidelity';
import type { RunFile } from '../shared/runFile';
import type { RunSummary } from '../shared/runSummary';
import type { FidelityService } from '../main/services/fidelity/FidelityService';
import { optionalFields } from '../shared/optionalFields';

/** A run file's `fidelity` block, with the folder its text file is relative to. */
export interface RunFileFidelity {
  block: NonNullable<RunFile['fidelity']>;
  dir: string;
}

/** Measures a finished run's fidelity as its run file asks, naming the reference by label. */
export async function measureRunFileFidelity(
  fidelity: FidelityService,
  summary: RunSummary,
  { block, dir }: RunFileFidelity,
  onProgress: (message: string) => void,
): Promise<ModelFidelity[]> {
  const reference = summary.models.find((m) => m.label === block.reference);
  if (reference === undefined) {
    throw new Error(
      `fidelity.reference "${block.reference}" is not a model of this run; its models are ${summary.models.map((m) => `"${m.label}"`).join(', ')}.`,
    );
  }
  return fidelity.measure(
    {
      runId: summary.runId,
      reference: reference.modelKey,
      text: block.text === 'expected' ? { kind: 'expected' } : { kind: 'file', path: path.resolve(dir, block.text.file) },
      ...optionalFields({ contextSize: block.contextSize, chunks: block.chunks }),
    },
    onProgress,
  );
}

/** One line per model: perplexity, mean and p99 KL divergence, same top token. */
export function formatRunFidelity(models: readonly ModelFidelity[]): string {
  const [first] = models;
  if (first === undefined) return '';
  const source = first.text.kind === 'expected' ? 'the test set’s expected answers' : path.basename(first.text.path);
  const lines = [`Fidelity against ${first.referenceLabel} on ${source} (${first.chunks} chunks of ${first.contextSize} tokens):`];
  for (const m of models) {
    const r = m.report;
    lines.push(
      `  ${m.label}: PPL ${r.candidatePerplexity.value.toFixed(4)} ± ${r.candidatePerplexity.uncertainty.toFixed(4)} (reference ${r.basePerplexity.value.toFixed(4)}), ` +
        `KLD mean ${r.meanKld.value.toFixed(6)} p99 ${(r.kldPercentiles.p99 ?? NaN).toFixed(6)}, same top ${(r.sameTop.value * 100).toFixed(2)} %`,
    );
  }
  return `${lines.join('\n')}\n`;
}
