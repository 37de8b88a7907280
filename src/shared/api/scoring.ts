import { z } from 'zod';
import { CaseScore } from '../runs';
import { ScorerSpec } from '../testset/ScorerSpec';

/** Scoring one output outside a run (see `calls` in `../api`). */
export const scoringCalls = {
  /** Scores one output with a case's scorers, as a run would (judge and embedding scorers stay pending). */
  'scoring.score': {
    input: z
      .object({
        scorers: z.array(ScorerSpec),
        output: z.string(),
        expected: z.array(z.string()),
        vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
      })
      .strict(),
    output: z.object({ scores: z.array(CaseScore), passed: z.boolean().nullable(), score: z.number().nullable() }),
  },
} as const;
