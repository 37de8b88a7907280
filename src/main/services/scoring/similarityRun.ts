import type { Engine } from '../engine/Engine';
import type { ModelLibrary } from '../models/ModelLibrary';
import { byScorerModel, findScorerModel, pendingScores, updateScore } from './pendingScores';
import type { RunScoresPort } from './RunScoresPort';
import { SIMILARITY_PENDING } from './scoreOutput';

/** Cosine of the angle between two vectors; 0 when either is all zeros. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`embedding sizes differ (${a.length} and ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * Scores semantic-similarity scorers waiting on an embedding model: the output and each accepted
 * answer are embedded by the scorer's model and the best cosine similarity is the score.
 */
export async function similarityRun(
  deps: {
    runs: RunScoresPort;
    engine: Pick<Engine, 'load' | 'embed' | 'unload'>;
    library: Pick<ModelLibrary, 'list'>;
    signal?: AbortSignal;
  },
  runId: string,
): Promise<{ scored: number; failed: number }> {
  let scored = 0;
  let failed = 0;
  for (const [name, group] of byScorerModel(pendingScores(deps.runs, runId, 'semantic-similarity', SIMILARITY_PENDING))) {
    const found = findScorerModel(deps.library, name, 'embedding');
    if ('problem' in found) {
      for (const task of group) updateScore(deps.runs, runId, task, { error: found.problem });
      failed += group.length;
      continue;
    }
    let loadedId: string;
    try {
      loadedId = (await deps.engine.load(found.model.path, { contextSize: Math.min(2048, found.model.metadata?.contextLength ?? 512) })).id;
    } catch (error) {
      for (const task of group)
        updateScore(deps.runs, runId, task, {
          error: `the embedding model ${found.model.name} could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
        });
      failed += group.length;
      continue;
    }
    try {
      for (const task of group) {
        if (deps.signal?.aborted === true) break;
        if (task.testCase.expected.length === 0) {
          updateScore(deps.runs, runId, task, {
            error: "the semantic-similarity scorer needs the case's expected answer(s), and this case has none",
          });
          failed += 1;
          continue;
        }
        try {
          const [output, ...references] = await deps.engine.embed(loadedId, [task.output, ...task.testCase.expected]);
          const similarities = references.map((r) => cosineSimilarity(output ?? [], r));
          const best = Math.max(...similarities);
          const bestIndex = similarities.indexOf(best);
          updateScore(deps.runs, runId, task, {
            score: Math.max(0, best),
            rawScore: best,
            passed: best >= task.spec.threshold,
            explanation: `cosine similarity ${best.toFixed(4)} to "${task.testCase.expected[bestIndex] ?? ''}" (${found.model.name})`,
            details: { similarities, model: found.model.name },
            error: null,
          });
          scored += 1;
        } catch (error) {
          updateScore(deps.runs, runId, task, {
            error: `embedding failed on this case: ${error instanceof Error ? error.message : String(error)}`,
          });
          failed += 1;
        }
      }
    } finally {
      await deps.engine.unload(loadedId);
    }
  }
  return { scored, failed };
}
