import type { CaseScore } from '../../../shared/runs';
import {
  blocklistMatch,
  choiceMatch,
  containsMatch,
  exactMatch,
  jsonSchemaMatch,
  jsonValidMatch,
  lengthMatch,
  normalizedExactMatch,
  notContainsMatch,
  numericMatch,
  refusalMatch,
  regexMatch,
  rougeMulti,
  sentenceBleu,
  sentenceChrf,
  squadF1Match,
  startsWithMatch,
  type ScoreResult,
} from '../../../shared/scoring';
import type { ScorerSpec } from '../../../shared/testset/ScorerSpec';
import { runJavascriptScorer } from './runJavascriptScorer';
import { optionalFields } from '../../../shared/optionalFields';

/** The error a judge scorer carries until the judge model has graded the output. */
export const JUDGE_PENDING = 'waiting for the judge model, which grades after the outputs are generated';

/** The error a semantic-similarity scorer carries until the embedding model has compared the output. */
export const SIMILARITY_PENDING = 'waiting for the embedding model, which compares after the outputs are generated';

export interface ScoringInput {
  output: string;
  expected: readonly string[];
  vars: Record<string, string | number | boolean>;
}

/** What one scorer says about one output (the scorer's label, type and weight aside). */
export type Verdict = Pick<CaseScore, 'score' | 'rawScore' | 'passed' | 'explanation' | 'details'>;

function fromResult(result: ScoreResult<object>, scale = 1): Verdict {
  return {
    score: result.score / scale,
    rawScore: result.score,
    passed: result.passed,
    explanation: result.explanation,
    details: (result.details as Record<string, unknown> | undefined) ?? null,
  };
}

function needExpected(spec: ScorerSpec, expected: readonly string[]): readonly string[] {
  if (expected.length === 0) throw new Error(`the ${spec.type} scorer needs the case's expected answer(s), and this case has none`);
  return expected;
}

function graded(score: number, raw: number, threshold: number, explanation: string, details: Record<string, unknown>): Verdict {
  return { score, rawScore: raw, passed: score >= threshold, explanation, details };
}

/**
 * One scorer on one output: the test set's scorer options mapped onto the reference
 * implementations. Throws when the scorer cannot run. Scorers that run the test set's own code or
 * regular expressions ({@link runsUserCode}) are called in the scoring sandbox, never on the host.
 */
export function verdictOf(spec: ScorerSpec, input: ScoringInput): Verdict {
  const { output, expected } = input;
  switch (spec.type) {
    case 'exact':
      return fromResult(exactMatch(output, needExpected(spec, expected), { caseSensitive: spec.caseSensitive, trim: spec.trim }));
    case 'normalized-exact':
      return fromResult(normalizedExactMatch(output, needExpected(spec, expected), { removeArticles: spec.removeArticles }));
    case 'contains':
      return fromResult(
        containsMatch(output, spec.value ?? needExpected(spec, expected), { mode: spec.mode, caseSensitive: spec.caseSensitive }),
      );
    case 'not-contains':
      return fromResult(notContainsMatch(output, spec.value, { caseSensitive: spec.caseSensitive }));
    case 'refusal':
      return fromResult(refusalMatch(output, { expect: spec.expect, ...optionalFields({ phrases: spec.phrases }) }));
    case 'blocklist':
      return fromResult(
        blocklistMatch(output, {
          caseSensitive: spec.caseSensitive,
          wholeWord: spec.wholeWord,
          ...optionalFields({ words: spec.words, patterns: spec.patterns }),
        }),
      );
    case 'regex':
      return fromResult(regexMatch(output, spec.pattern, { flags: spec.flags, negate: spec.negate }));
    case 'starts-with':
      return fromResult(
        startsWithMatch(output, spec.value ?? needExpected(spec, expected), { caseSensitive: spec.caseSensitive, trim: spec.trim }),
      );
    case 'numeric': {
      // Several accepted numbers: the output passes if it matches any of them.
      const results = needExpected(spec, expected).map((e) =>
        numericMatch(output, e, {
          tolerance: spec.tolerance,
          extract: spec.extract,
          ...optionalFields({ relativeTolerance: spec.relativeTolerance }),
        }),
      );
      return fromResult(results.find((r) => r.passed) ?? results[0] ?? numericMatch(output, '', {}));
    }
    case 'choice':
      return fromResult(choiceMatch(output, needExpected(spec, expected), spec.choices));
    case 'json-valid':
      return fromResult(jsonValidMatch(output, { allowFences: spec.extract, allowSurroundingText: spec.extract }));
    case 'json-schema':
      return fromResult(jsonSchemaMatch(output, spec.schema, { allowFences: spec.extract, allowSurroundingText: spec.extract }));
    case 'length':
      return fromResult(lengthMatch(output, { unit: spec.unit, ...optionalFields({ min: spec.min, max: spec.max }) }));
    case 'token-f1':
      return fromResult(squadF1Match(output, needExpected(spec, expected), spec.threshold));
    case 'bleu': {
      const bleu = sentenceBleu(output, needExpected(spec, expected), {
        tokenize: spec.tokenize,
        lowercase: spec.lowercase,
        smoothMethod: spec.smooth,
        maxNgramOrder: spec.maxOrder,
      });
      return graded(bleu.score / 100, bleu.score, spec.threshold, `BLEU ${bleu.score.toFixed(2)} (${bleu.signature})`, {
        precisions: bleu.precisions,
        bp: bleu.bp,
        signature: bleu.signature,
      });
    }
    case 'chrf': {
      const chrf = sentenceChrf(output, needExpected(spec, expected), {
        charOrder: spec.charOrder,
        wordOrder: spec.wordOrder,
        beta: spec.beta,
        lowercase: spec.lowercase,
      });
      return graded(chrf.score / 100, chrf.score, spec.threshold, `${chrf.name} ${chrf.score.toFixed(2)} (${chrf.signature})`, {
        signature: chrf.signature,
      });
    }
    case 'rouge': {
      const scores = rougeMulti(output, needExpected(spec, expected), {
        types: [spec.variant],
        useStemmer: spec.stemmer,
        tokenizer: spec.tokenizer,
      })[spec.variant];
      const value =
        scores === undefined ? 0 : spec.measure === 'f' ? scores.fmeasure : spec.measure === 'precision' ? scores.precision : scores.recall;
      return graded(value, value, spec.threshold, `${spec.variant} ${spec.measure === 'f' ? 'F' : spec.measure} ${value.toFixed(4)}`, {
        ...scores,
      });
    }
    case 'javascript': {
      const value = runJavascriptScorer(spec.expression, { output, expected, vars: input.vars });
      if (typeof value === 'boolean')
        return {
          score: value ? 1 : 0,
          rawScore: value ? 1 : 0,
          passed: value,
          explanation: `${spec.expression} → ${String(value)}`,
          details: null,
        };
      if (typeof value === 'number' && Number.isFinite(value)) {
        return graded(Math.min(1, Math.max(0, value)), value, spec.threshold, `${spec.expression} → ${value}`, {});
      }
      throw new Error('the expression gave no value');
    }
    case 'judge':
      // Graded by the judge model once the run's outputs exist (judgeRun); until then it is not scored.
      throw new Error(JUDGE_PENDING);
    case 'semantic-similarity':
      // Compared by the embedding model once the run's outputs exist (similarityRun).
      throw new Error(SIMILARITY_PENDING);
    default:
      return spec satisfies never;
  }
}

/**
 * Scorers that run what a test set wrote: a JavaScript expression, or a regular expression (the
 * regex scorer, blocklist patterns, custom refusal phrases, a JSON Schema's `pattern` keywords).
 * Any of them can run for ever or fill the memory, so they run in the scoring sandbox.
 */
export function runsUserCode(spec: ScorerSpec): boolean {
  switch (spec.type) {
    case 'javascript':
    case 'regex':
    case 'json-schema':
      return true;
    case 'blocklist':
      return (spec.patterns?.length ?? 0) > 0;
    case 'refusal':
      return (spec.phrases?.length ?? 0) > 0;
    default:
      return false;
  }
}
