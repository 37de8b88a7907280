import type { LoglikelihoodResult } from '../../../shared/loglikelihood';
import type { RunCase } from '../../../shared/runs';
import type { GenerationResult, WorkerMemory } from '../../../shared/engine';
import type { ChoiceScorer } from './ChoiceScorer';
import { multipleChoiceFigures } from './multipleChoice';

/**
 * What a log-likelihood case produced: the picked choice as its output, and the per-choice
 * log-likelihoods with their figures, and the model's memory afterwards where the runner can
 * say (a local worker's peak RSS). Nothing was generated, so the run stores no stop reason or
 * timings for it (those generation fields only carry it through the run's outcome).
 */
export type ChoiceGeneration = Omit<GenerationResult, 'memory'> & { memory: WorkerMemory | null; loglikelihood: LoglikelihoodResult };

/** Whether a case's outcome came from scoring choices rather than generating. */
export function isChoiceGeneration<T extends object>(result: T): result is T & ChoiceGeneration {
  return 'loglikelihood' in result && result.loglikelihood !== undefined;
}

/**
 * Runs a log-likelihood case: its choices scored after its context (the case's completion input)
 * by the model's `ChoiceScorer`, then lm-evaluation-harness's acc, acc_norm (per byte of the
 * choice without its leading space) and the probability of the right choice. `memory` reads the
 * model's memory once the choices are scored.
 */
export async function scoreChoiceCase(
  scorer: ChoiceScorer,
  testCase: RunCase,
  signal: AbortSignal,
  memory?: () => Promise<WorkerMemory | null>,
): Promise<ChoiceGeneration> {
  const { loglikelihood: item } = testCase;
  if (item === undefined) throw new Error(`case ${testCase.id} is not a log-likelihood case`);
  if (testCase.input.kind !== 'completion')
    throw new Error(`case ${testCase.id}: a log-likelihood context must be completion text, not a conversation`);
  const started = performance.now();
  const scores = await scorer({ context: testCase.input.prompt, choices: item.choices }, { signal });
  const totalMs = performance.now() - started;
  const figures = multipleChoiceFigures(item, scores);
  const used = memory === undefined ? null : await memory();
  return {
    text: item.choices[figures.predicted] ?? '',
    stopReason: 'eos',
    timings: {
      timeToFirstTokenMs: null,
      promptTokens: 0,
      promptTokensPerSecond: null,
      generatedTokens: 0,
      generationTokensPerSecond: null,
      totalMs,
    },
    memory: used,
    loglikelihood: {
      choices: scores.map((s) => ({
        logprob: s.logprob,
        tokens: s.tokens,
        greedy: s.greedy,
        ...(s.contextTokens === undefined ? {} : { contextTokens: s.contextTokens }),
      })),
      ...figures,
      totalMs,
    },
  };
}
