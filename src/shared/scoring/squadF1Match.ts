import { pySplit } from './pythonText';
import type { ScoreResult } from './ScoreResult';
import { answerList, quote } from './scorerText';

/** Python's `string.punctuation`, the set the official SQuAD script removes. */
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
/** `\b(a|an|the)\b` with Python's Unicode word characters (letters, digits, underscore). */
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

/**
 * The official SQuAD `normalize_answer`: lower case, remove ASCII punctuation, remove the
 * articles a/an/the, collapse whitespace.
 */
export function normalizeSquadAnswer(text: string): string {
  return pySplit(text.toLowerCase().replace(PUNCTUATION, '').replace(ARTICLES, ' ')).join(' ');
}

function tokens(text: string): string[] {
  return pySplit(normalizeSquadAnswer(text));
}

/**
 * SQuAD token F1 between a prediction and one gold answer. When either side normalises to
 * nothing, F1 is 1 if both do and 0 otherwise (the SQuAD 2.0 script's rule; v1.1 gave 0 for both).
 */
export function squadTokenF1(prediction: string, gold: string): number {
  const pred = tokens(prediction);
  const ref = tokens(gold);
  if (pred.length === 0 || ref.length === 0) return pred.length === ref.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of ref) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of pred) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      same++;
      counts.set(t, left - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / pred.length;
  const recall = same / ref.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Per-answer F1 and exact match. */
export interface SquadF1Details {
  /** The accepted answer with the best F1. */
  bestAnswer: string;
  /** SQuAD exact match (normalised equality) with any accepted answer. */
  exactMatch: boolean;
  f1PerAnswer: number[];
  normalizedPrediction: string;
}

/**
 * SQuAD-style grading: score = the best token F1 (0–1) over the accepted answers; passes when it
 * reaches `threshold` (0.5 by default, as in the test-set format; 1 demands a normalised exact match).
 */
export function squadF1Match(output: string, accepted: string | readonly string[], threshold = 0.5): ScoreResult<SquadF1Details> {
  const answers = answerList(accepted);
  if (answers.length === 0) throw new RangeError('squadF1Match needs at least one accepted answer.');
  const f1s = answers.map((a) => squadTokenF1(output, a));
  const best = f1s.reduce((bi, f, i) => (f > (f1s[bi] ?? 0) ? i : bi), 0);
  const score = f1s[best] ?? 0;
  const normalizedPrediction = normalizeSquadAnswer(output);
  const exactMatch = answers.some((a) => normalizeSquadAnswer(a) === normalizedPrediction);
  const bestAnswer = answers[best] ?? '';
  return {
    score,
    passed: score >= threshold,
    explanation: `Token F1 ${score.toFixed(2)} against ${quote(bestAnswer, 60)} (normalised output ${quote(normalizedPrediction, 60)})${exactMatch ? ', an exact match' : ''}; pass needs ${threshold}.`,
    details: { bestAnswer, exactMatch, f1PerAnswer: f1s, normalizedPrediction },
  };
}
