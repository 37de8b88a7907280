import type { ScorerSpec } from './ScorerSpec';

/** Whether a scorer compares the output with the case’s `expected` answers, so it cannot score a case without them. */
export function scorerNeedsExpected(spec: ScorerSpec): boolean {
  switch (spec.type) {
    case 'exact':
    case 'normalized-exact':
    case 'numeric':
    case 'choice':
    case 'token-f1':
    case 'bleu':
    case 'chrf':
    case 'rouge':
    case 'semantic-similarity':
      return true;
    case 'contains':
    case 'starts-with':
      return spec.value === undefined;
    case 'not-contains':
    case 'refusal':
    case 'blocklist':
    case 'regex':
    case 'json-valid':
    case 'json-schema':
    case 'length':
    case 'judge':
    case 'javascript':
      return false;
    default:
      return spec satisfies never;
  }
}
