import fs from 'node:fs';
import path from 'node:path';
import type { CaseResult, CaseScore } from '../../../shared/runs';
import type { RunSummary } from '../../../shared/runSummary';
import { overallScore } from '../scoring/scoreOutput';
import { howProduced } from './howProduced';
import { resultKey, type StoredRun } from './RunStore';
import { writeFileAtomically } from '../writeFileAtomically';

/**
 * Writes a run's per-case results as JSONL (one line per model × case × repetition, with what
 * the model was asked, what it answered, its timings, every score and the overall verdict) and
 * the summary as JSON. Returns the results file. Written to temporary names and renamed, so a
 * reader never sees half a file.
 */
export function writeRunResults(
  dir: string,
  run: StoredRun,
  results: readonly CaseResult[],
  scores: ReadonlyMap<string, CaseScore[]>,
  summary: RunSummary,
): string {
  fs.mkdirSync(dir, { recursive: true });
  const cases = new Map(run.cases.map((c) => [c.id, c]));
  const labels = new Map(summary.models.map((m) => [m.modelKey, m.label]));
  const lines = results.map((r) => {
    const testCase = cases.get(r.caseId);
    const caseScores = scores.get(resultKey(r.modelKey, r.caseId, r.repetition)) ?? [];
    const overall = overallScore(caseScores);
    return JSON.stringify({
      runId: r.runId,
      model: labels.get(r.modelKey) ?? r.modelKey,
      modelKey: r.modelKey,
      caseId: r.caseId,
      // A robustness variant says which case it perturbs and how; originals carry neither field.
      ...(testCase?.variantOf === undefined ? {} : { variantOf: testCase.variantOf, perturbation: testCase.perturbation }),
      repetition: r.repetition,
      seed: r.seed,
      // The generation parameters it ran with (the run's, the test set's and the case's merged).
      params: r.params,
      tags: testCase?.tags ?? [],
      input: testCase?.input ?? null,
      expected: testCase?.expected ?? [],
      // A log-likelihood case: the choices scored after the input, and the right one's index.
      ...(testCase?.loglikelihood === undefined ? {} : { choices: testCase.loglikelihood.choices, answer: testCase.loglikelihood.answer }),
      output: r.output,
      stopReason: r.stopReason,
      passed: overall.passed,
      score: overall.score,
      scores: caseScores,
      ...howProduced(r),
    });
  });
  const resultsFile = path.join(dir, 'results.jsonl');
  writeFileAtomically(resultsFile, lines.join('\n') + (lines.length > 0 ? '\n' : ''));
  writeFileAtomically(
    path.join(dir, 'summary.json'),
    JSON.stringify({ ...summary, spec: run.spec, environment: run.environment }, null, 2) + '\n',
  );
  return resultsFile;
}
