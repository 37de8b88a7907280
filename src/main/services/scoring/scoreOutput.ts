import type { CaseScore } from '../../../shared/runs';
import type { ScorerSpec } from '../../../shared/testset/ScorerSpec';
import { ScoringSandbox } from './sandbox/ScoringSandbox';
import { runsUserCode, verdictOf, type ScoringInput, type Verdict } from './scorerVerdict';

export { JUDGE_PENDING, SIMILARITY_PENDING, type ScoringInput } from './scorerVerdict';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Every scorer of a case on one output. A scorer that cannot run (a bad regex, a scorer this
 * version lacks, an expression that overran its limits) is reported as an error on that scorer,
 * apart from a model that failed it. Scorers that run the test set's own code or regular
 * expressions run in the scoring sandbox (`sandbox`, the process-wide one by default); the others
 * here, at once.
 */
export async function scoreOutput(
  scorers: readonly ScorerSpec[],
  input: ScoringInput,
  sandbox: ScoringSandbox = ScoringSandbox.shared(),
): Promise<CaseScore[]> {
  return Promise.all(
    scorers.map(async (spec): Promise<CaseScore> => {
      const base = { label: spec.label ?? spec.type, type: spec.type, weight: spec.weight };
      let verdict: Verdict;
      try {
        verdict = runsUserCode(spec) ? await sandbox.verdict(spec, input) : verdictOf(spec, input);
      } catch (error) {
        return { ...base, score: null, rawScore: null, passed: null, explanation: '', details: null, error: message(error) };
      }
      return { ...base, ...verdict, error: null };
    }),
  );
}

export { overallScore } from '../../../shared/scoring/overallScore';
