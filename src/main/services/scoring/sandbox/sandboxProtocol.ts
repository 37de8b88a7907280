import type { ScorerSpec } from '../../../../shared/testset/ScorerSpec';
import type { ScoringInput, Verdict } from '../scorerVerdict';

/** One scorer on one output, sent to the scoring sandbox. */
export interface SandboxRequest {
  id: number;
  spec: ScorerSpec;
  input: ScoringInput;
}

/** The sandbox's answer: the scorer's verdict, or why it could not run. `ready` once it has started. */
export type SandboxReply =
  { type: 'ready' } | { type: 'verdict'; id: number; verdict: Verdict } | { type: 'error'; id: number; message: string };
