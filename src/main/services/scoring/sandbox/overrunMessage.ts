import type { ScorerSpec } from '../../../../shared/testset/ScorerSpec';
import type { SandboxLimits } from './sandboxLimits';

/** Why a scorer was stopped at the time limit, in the words of what it was running. */
export function overrunMessage(spec: ScorerSpec, limits: SandboxLimits): string {
  const limit = `${limits.timeMs / 1000} s`;
  const backtracking =
    'it backtracks too much (nested repetition such as (a+)+ or (a|a)*); rewrite it so that each part of the text can match only one way';
  switch (spec.type) {
    case 'regex':
      return `the regular expression /${spec.pattern}/ ran for more than ${limit} on this output and was stopped: ${backtracking}`;
    case 'blocklist':
      return `a blocklist pattern ran for more than ${limit} on this output and was stopped: ${backtracking}`;
    case 'refusal':
      return `a refusal phrase ran for more than ${limit} on this output and was stopped: ${backtracking}`;
    case 'json-schema':
      return `checking the output against the schema took more than ${limit} and was stopped: a "pattern" or "patternProperties" regular expression in the schema probably backtracks too much`;
    case 'javascript':
      return `the expression ran for more than ${limit} and was stopped (timed out); keep scorer expressions to a quick check of the output`;
    default:
      return `the ${spec.type} scorer ran for more than ${limit} and was stopped`;
  }
}
