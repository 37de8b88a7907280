/**
 * The index of a log-likelihood case's right choice: `answer` as an index, else the choice whose
 * text equals it (exactly, else once both are trimmed: `Paris` names `" Paris"`). A string says
 * why none matches.
 */
export function choiceAnswerIndex(choices: readonly string[], answer: number | string): number | string {
  if (typeof answer === 'number')
    return answer < choices.length
      ? answer
      : `the answer ${answer} is not an index of the ${choices.length} choices (0 to ${choices.length - 1})`;
  const exact = choices.indexOf(answer);
  if (exact !== -1) return exact;
  const trimmed = choices.findIndex((c) => c.trim() === answer.trim());
  return trimmed !== -1
    ? trimmed
    : `the answer ${JSON.stringify(answer)} is not one of the choices ${choices.map((c) => JSON.stringify(c)).join(', ')}`;
}
