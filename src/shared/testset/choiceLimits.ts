/**
 * The most choices one log-likelihood case may list. Each choice costs the model a forward pass
 * over its tokens, and lm-evaluation-harness's multiple-choice tasks have at most a few dozen; a
 * case with thousands is a mistake (a column of a data set read as choices) that would hold a run
 * for hours.
 */
export const MAX_CHOICES = 64;

/** The longest choice, in characters: about a thousand tokens, far past any task's answer or ending. */
export const MAX_CHOICE_LENGTH = 4096;

const n = (v: number): string => v.toLocaleString('en-US');

/** What is wrong with a case's choices against the limits, or null; `name` names the case (or file:line). */
export function choiceLimitProblem(name: string, choices: readonly string[]): { message: string; hint: string; choice?: number } | null {
  if (choices.length > MAX_CHOICES) {
    return {
      message: `${name} lists ${n(choices.length)} choices, more than the ${MAX_CHOICES} Evalbench scores in one case.`,
      hint: `Each choice costs a forward pass: keep at most ${MAX_CHOICES} candidates, the answer among them, or split them over several cases of at most ${MAX_CHOICES} choices, each with its own answer.`,
    };
  }
  const long = choices.findIndex((c) => c.length > MAX_CHOICE_LENGTH);
  if (long === -1) return null;
  return {
    message: `${name}: choice ${long} is ${n((choices[long] as string).length)} characters long, more than the ${n(MAX_CHOICE_LENGTH)} Evalbench scores as one choice.`,
    hint: 'A choice is the continuation whose likelihood is compared (an answer, an ending); move shared text into the prompt.',
    choice: long,
  };
}
