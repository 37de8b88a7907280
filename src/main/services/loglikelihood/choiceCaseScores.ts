import type { LoglikelihoodResult, RunChoices } from '../../../shared/loglikelihood';
import type { CaseScore } from '../../../shared/runs';

/** The scorer type log-likelihood verdicts carry in results, Compare and reports. */
export const LOGLIKELIHOOD_SCORER = 'loglikelihood';

const quote = (text: string | undefined): string => JSON.stringify(text ?? '');

/**
 * A log-likelihood result as scores, so that it flows where every other verdict does: `acc`
 * counts (pass rate, McNemar against the baseline); `acc_norm` and `P(correct)` are shown beside
 * it with weight 0, and the run summary's log-likelihood section gives their intervals.
 */
export function choiceCaseScores(result: LoglikelihoodResult, item: RunChoices): CaseScore[] {
  const answer = quote(item.choices[item.answer]);
  const details = {
    answer: item.answer,
    predicted: result.predicted,
    predictedNorm: result.predictedNorm,
    logprobs: result.choices.map((c) => c.logprob),
  };
  const base = { type: LOGLIKELIHOOD_SCORER, details, error: null };
  const picked = (index: number, how: string): string =>
    index === item.answer
      ? `The right choice ${answer} has the highest ${how}.`
      : `${quote(item.choices[index])} has the highest ${how}; the right choice is ${answer}.`;
  return [
    {
      ...base,
      label: 'acc',
      weight: 1,
      score: result.acc,
      rawScore: result.acc,
      passed: result.acc === 1,
      explanation: picked(result.predicted, 'log-likelihood'),
    },
    {
      ...base,
      label: 'acc_norm',
      weight: 0,
      score: result.accNorm,
      rawScore: result.accNorm,
      passed: result.accNorm === 1,
      explanation: picked(result.predictedNorm, 'log-likelihood per byte'),
    },
    {
      ...base,
      label: 'P(correct)',
      weight: 0,
      score: result.probCorrect,
      rawScore: result.probCorrect,
      passed: null,
      explanation: `The choices' softmax gives the right choice ${answer} ${(result.probCorrect * 100).toFixed(1)} %.`,
    },
  ];
}
