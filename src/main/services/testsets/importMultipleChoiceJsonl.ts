import { nameFromFile } from '../../../shared/testset/parseJsonlTestSet';
import type { TestSetInput } from '../../../shared/testset/TestSet';
import { parseMultipleChoiceJsonl } from '../loglikelihood/parseMultipleChoiceJsonl';
import type { ImportResult } from './ImportResult';

/**
 * Imports multiple-choice JSONL as log-likelihood cases (`prompt`, `choices`, `answer`): the
 * layouts ARC, MMLU and HellaSwag are distributed in, and Evalbench's own `{context, choices,
 * answer}`, read as `evalbench loglikelihood` reads them (see `parseMultipleChoiceJsonl`), so a
 * run of the imported set scores the same contexts and continuations.
 */
export function importMultipleChoiceJsonl(text: string, file: string): ImportResult {
  const { items, problems, lines } = parseMultipleChoiceJsonl(text, file);
  const testSet: TestSetInput = {
    name: nameFromFile(file),
    description: `Log-likelihood multiple-choice cases imported from ${file}.`,
    defaults: { mode: 'completion' },
    cases: items.map((item) => ({ id: item.id, prompt: item.context, choices: item.choices, answer: item.answer })),
  };
  return { testSet, caseLines: lines, unmapped: [], errors: problems.map((p) => ({ line: p.line, column: 1, message: p.message })) };
}
