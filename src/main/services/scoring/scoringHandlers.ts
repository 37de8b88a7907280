import type { HandlerSlice } from '../router';
import { overallScore, scoreOutput } from './scoreOutput';

/** `scoring.score`: one output scored with a case's scorers, as a run would (judge and embedding scorers stay pending). */
export function scoringHandlers(): HandlerSlice<'scoring.score'> {
  return {
    'scoring.score': async ({ scorers, output, expected, vars }) => {
      const scores = await scoreOutput(scorers, { output, expected, vars });
      const overall = overallScore(scores);
      return { scores, passed: overall.passed, score: overall.score };
    },
  };
}
