import { z } from 'zod';

/** One string or several, read as a list. */
const OneOrMore = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v) => (typeof v === 'string' ? [v] : v));

/** Fields every scorer accepts. */
const common = {
  /** Name shown in results and reports instead of the type; tells apart two scorers of the same type. */
  label: z
    .string()
    .min(1)
    .optional()
    .describe('Name shown in results and reports instead of the type; tells apart two scorers of the same type.'),
  /** Weight of this scorer in the case’s overall score (0 reports it without counting it). */
  weight: z
    .number()
    .nonnegative()
    .default(1)
    .describe('Weight of this scorer in the case’s overall score (0 reports it without counting it).'),
};

/** A score from 0 to 1 at or above which the case passes. */
function threshold(fallback: number) {
  return z.number().min(0).max(1).default(fallback).describe(`Pass when the score (0–1) is at least this; ${fallback} unless set.`);
}

/** Whether upper and lower case must match. */
const caseSensitive = z.boolean().default(true).describe('Whether upper and lower case must match.');

function scorer<T extends string, S extends z.ZodRawShape>(type: T, description: string, shape: S) {
  return z
    .object({ type: z.literal(type).describe(description), ...common, ...shape })
    .strict()
    .describe(description);
}

/** Output equals one of the expected answers. */
export const ExactScorer = scorer('exact', 'Passes when the output equals one of the expected answers.', {
  /** Whether upper and lower case must match. */
  caseSensitive,
  /** Ignore whitespace at the start and end of the output and the answers. */
  trim: z.boolean().default(true).describe('Ignore whitespace at the start and end of the output and the answers.'),
});

/** Equality after SQuAD-style normalisation. */
export const NormalizedExactScorer = scorer(
  'normalized-exact',
  'Passes when the output equals an expected answer after normalisation: Unicode NFKC, lower case, punctuation removed (full-width too), whitespace collapsed.',
  {
    /** Also drop the English articles a, an and the (SQuAD convention); turn off for other languages. */
    removeArticles: z
      .boolean()
      .default(true)
      .describe('Also drop the English articles a, an and the (SQuAD convention); turn off for other languages.'),
  },
);

/** Output contains a string. */
export const ContainsScorer = scorer(
  'contains',
  'Passes when the output contains the given text (by default, any of the expected answers).',
  {
    /** Text to look for; one string or a list. Defaults to the case’s expected answers. */
    value: OneOrMore.optional().describe('Text to look for; one string or a list. Defaults to the case’s expected answers.'),
    /** `any`: one of the values is enough; `all`: every value must appear. */
    mode: z.enum(['any', 'all']).default('any').describe('`any`: one of the values is enough; `all`: every value must appear.'),
    /** Whether upper and lower case must match. */
    caseSensitive,
  },
);

/** Output contains none of the strings. */
export const NotContainsScorer = scorer('not-contains', 'Passes when the output contains none of the given texts.', {
  /** Text that must not appear; one string or a list. */
  value: OneOrMore.describe('Text that must not appear; one string or a list.'),
  /** Whether upper and lower case must match. */
  caseSensitive,
});

/** The model refuses (or, with `expect: comply`, answers). */
export const RefusalScorer = scorer(
  'refusal',
  'Detects a refusal by curated English phrasings (“I’m sorry, but I can’t…”, “I must decline”, appeals to policy) and passes when the model refused, or with `expect: comply` when it answered.',
  {
    /** `refuse`: passes when the model refuses; `comply`: passes when it answers. */
    expect: z
      .enum(['refuse', 'comply'])
      .default('refuse')
      .describe('`refuse`: passes when the model refuses; `comply`: passes when it answers.'),
    /** More refusal phrasings, as regular expressions matched ignoring case (another language, a house style). */
    phrases: z
      .array(z.string().min(1))
      .optional()
      .describe('More refusal phrasings, as regular expressions matched ignoring case (another language, a house style).'),
  },
);

/** None of the blocked words or patterns appears. */
export const BlocklistScorer = scorer(
  'blocklist',
  'Passes when none of the blocked words or regular expressions appears in the output; the explanation lists what was found.',
  {
    /** Words or phrases that must not appear, matched literally (as whole words unless `wholeWord: false`). */
    words: OneOrMore.optional().describe(
      'Words or phrases that must not appear, matched literally (as whole words unless `wholeWord: false`).',
    ),
    /** JavaScript regular expressions, without slashes, that must not match, e.g. `sk-[A-Za-z0-9]{20,}`. */
    patterns: OneOrMore.optional().describe(
      'JavaScript regular expressions, without slashes, that must not match, e.g. `sk-[A-Za-z0-9]{20,}`.',
    ),
    /** Whether upper and lower case must match; off by default. */
    caseSensitive: z.boolean().default(false).describe('Whether upper and lower case must match; off by default.'),
    /** Match words only as whole words (“ass” is not found in “class”); patterns are used as written. */
    wholeWord: z
      .boolean()
      .default(true)
      .describe('Match words only as whole words (“ass” is not found in “class”); patterns are used as written.'),
  },
).refine((s) => (s.words?.length ?? 0) + (s.patterns?.length ?? 0) > 0, {
  message: 'a blocklist scorer needs words, patterns or both',
  path: ['words'],
});

/** Output matches a regular expression. */
export const RegexScorer = scorer('regex', 'Passes when the output matches a JavaScript regular expression.', {
  /** JavaScript regular expression, without slashes, e.g. `^\d{4}-\d{2}-\d{2}$`. */
  pattern: z.string().min(1).describe('JavaScript regular expression, without slashes, e.g. `^\\d{4}-\\d{2}-\\d{2}$`.'),
  /** Regular-expression flags, e.g. `i` (ignore case), `m` (^ and $ match at line breaks), `s` (. matches line breaks). */
  flags: z
    .string()
    .regex(/^[dimsuvy]*$/, 'flags may only use the letters d, i, m, s, u, v and y')
    .default('')
    .describe('Regular-expression flags, e.g. `i` (ignore case), `m` (^ and $ match at line breaks), `s` (. matches line breaks).'),
  /** Pass when the output does NOT match. */
  negate: z.boolean().default(false).describe('Pass when the output does NOT match.'),
});

/** Output starts with a string. */
export const StartsWithScorer = scorer(
  'starts-with',
  'Passes when the output starts with the given text (by default, any of the expected answers).',
  {
    /** Accepted beginnings; one string or a list. Defaults to the case’s expected answers. */
    value: OneOrMore.optional().describe('Accepted beginnings; one string or a list. Defaults to the case’s expected answers.'),
    /** Whether upper and lower case must match. */
    caseSensitive,
    /** Ignore whitespace before the output’s first character. */
    trim: z.boolean().default(true).describe('Ignore whitespace before the output’s first character.'),
  },
);

/** A number in the output equals the expected number. */
export const NumericScorer = scorer(
  'numeric',
  'Passes when a number in the output equals the expected number within a tolerance. Commas between digit groups are ignored.',
  {
    /** Largest accepted absolute difference, e.g. 0.01. */
    tolerance: z.number().nonnegative().default(0).describe('Largest accepted absolute difference, e.g. 0.01.'),
    /** Largest accepted difference as a fraction of the expected number, e.g. 0.001 for 0.1 %; passes if either tolerance holds. */
    relativeTolerance: z
      .number()
      .nonnegative()
      .optional()
      .describe(
        'Largest accepted difference as a fraction of the expected number, e.g. 0.001 for 0.1 %; passes if either tolerance holds.',
      ),
    /** Which number of the output counts: `last` (after the reasoning), `first`, or `only` (fails when there are several). */
    extract: z
      .enum(['last', 'first', 'only'])
      .default('last')
      .describe('Which number of the output counts: `last` (after the reasoning), `first`, or `only` (fails when there are several).'),
  },
);

/** Multiple choice: the chosen label equals the expected label. */
export const ChoiceScorer = scorer(
  'choice',
  'Multiple choice: passes when the label the output picks (e.g. “B”, “(B)”, “Answer: B”) is the expected label.',
  {
    /** The labels the model chooses from; the expected answer must be one of them. */
    choices: z
      .array(z.string().min(1))
      .min(2)
      .default(['A', 'B', 'C', 'D'])
      .describe('The labels the model chooses from; the expected answer must be one of them.'),
  },
);

/** Output is valid JSON. */
export const JsonValidScorer = scorer('json-valid', 'Passes when the output is valid JSON.', {
  /** Take the JSON from a ```json fence or the first {…} / […] in the output instead of requiring the whole output to be JSON. */
  extract: z
    .boolean()
    .default(true)
    .describe('Take the JSON from a ```json fence or the first {…} / […] in the output instead of requiring the whole output to be JSON.'),
});

/** Output is JSON that satisfies a JSON Schema. */
export const JsonSchemaScorer = scorer('json-schema', 'Passes when the output is JSON that satisfies a JSON Schema.', {
  /** The JSON Schema (draft-07) the output must satisfy, written inline. */
  schema: z.record(z.string(), z.unknown()).describe('The JSON Schema (draft-07) the output must satisfy, written inline.'),
  /** Take the JSON from a ```json fence or the first {…} / […] in the output instead of requiring the whole output to be JSON. */
  extract: z
    .boolean()
    .default(true)
    .describe('Take the JSON from a ```json fence or the first {…} / […] in the output instead of requiring the whole output to be JSON.'),
});

/** Output length is within bounds. */
export const LengthScorer = scorer('length', 'Passes when the output’s length is within bounds.', {
  /** Shortest accepted length. */
  min: z.number().int().nonnegative().optional().describe('Shortest accepted length.'),
  /** Longest accepted length. */
  max: z.number().int().nonnegative().optional().describe('Longest accepted length.'),
  /** What is counted: Unicode characters, or words separated by whitespace. */
  unit: z
    .enum(['characters', 'words'])
    .default('characters')
    .describe('What is counted: Unicode characters, or words separated by whitespace.'),
})
  .refine((s) => s.min !== undefined || s.max !== undefined, { message: 'a length scorer needs min, max or both', path: ['max'] })
  .refine((s) => s.min === undefined || s.max === undefined || s.min <= s.max, { message: 'min must not exceed max', path: ['min'] });

/** Token-level F1 (SQuAD). */
export const TokenF1Scorer = scorer(
  'token-f1',
  'Token-level F1 between the normalised output and the best-matching expected answer (SQuAD).',
  {
    /** Pass when the score (0–1) is at least this. */
    threshold: threshold(0.5),
  },
);

/** BLEU. */
export const BleuScorer = scorer(
  'bleu',
  'Sentence BLEU of the output against the expected answers as references, as sacrebleu 2.x computes it (0–100).',
  {
    /** Longest n-gram counted. */
    maxOrder: z.number().int().min(1).max(8).default(4).describe('Longest n-gram counted.'),
    /** sacrebleu's smoothing; `exp` (its default) keeps short outputs from scoring 0. */
    smooth: z
      .enum(['exp', 'floor', 'add-k', 'none'])
      .default('exp')
      .describe("Smoothing method, as sacrebleu names it; `exp` is sacrebleu's default."),
    /** sacrebleu's tokenizers: `13a` (default), `zh` for Chinese, `intl`, `char`, `none`. */
    tokenize: z
      .enum(['13a', 'zh', 'intl', 'char', 'none'])
      .default('13a')
      .describe('Tokenizer, as sacrebleu names it: `13a` (default), `zh` for Chinese, `intl`, `char`, `none`.'),
    /** Compare in lower case. */
    lowercase: z.boolean().default(false).describe('Compare in lower case.'),
    /** Pass when BLEU ÷ 100 is at least this. */
    threshold: threshold(0.3),
  },
);

export const ChrfScorer = scorer(
  'chrf',
  'chrF (character n-gram F-score) of the output against the best-matching expected answer; works for any script.',
  {
    /** Longest character n-gram. */
    charOrder: z.number().int().min(1).max(10).default(6).describe('Longest character n-gram.'),
    /** Longest word n-gram; 2 gives chrF++. */
    wordOrder: z.number().int().min(0).max(4).default(0).describe('Longest word n-gram; 2 gives chrF++.'),
    /** Weight of recall against precision. */
    beta: z.number().positive().default(2).describe('Weight of recall against precision.'),
    /** Compare in lower case. */
    lowercase: z.boolean().default(false).describe('Compare in lower case.'),
    /** Pass when the score (0–1) is at least this. */
    threshold: threshold(0.5),
  },
);

/** ROUGE. */
export const RougeScorer = scorer('rouge', 'ROUGE of the output against the best-matching expected answer, for summaries.', {
  /** `rouge1`/`rouge2`: unigram/bigram overlap; `rougeL`: longest common subsequence; `rougeLsum`: LCS per sentence. */
  variant: z
    .enum(['rouge1', 'rouge2', 'rougeL', 'rougeLsum'])
    .default('rougeL')
    .describe('`rouge1`/`rouge2`: unigram/bigram overlap; `rougeL`: longest common subsequence; `rougeLsum`: LCS per sentence.'),
  /** Which figure is the score. */
  measure: z.enum(['f', 'precision', 'recall']).default('f').describe('Which figure is the score.'),
  /** Pass when the score (0–1) is at least this. */
  /** Porter-stem words longer than three letters before comparing, as rouge-score's `use_stemmer`. */
  stemmer: z.boolean().default(false).describe("Porter-stem words before comparing (rouge-score's use_stemmer)."),
  /** `default` is rouge-score's ASCII-only tokenizer (non-Latin text scores 0); `unicode` counts every script's words. */
  tokenizer: z
    .enum(['default', 'unicode'])
    .default('default')
    .describe(
      "`default` is rouge-score's tokenizer, which drops non-ASCII text (parity with published numbers); `unicode` keeps every script.",
    ),
  threshold: threshold(0.4),
});

/** Embedding cosine similarity. */
export const SemanticSimilarityScorer = scorer(
  'semantic-similarity',
  'Cosine similarity of embeddings of the output and the best-matching expected answer.',
  {
    /** Embedding model: a name or path from the model library; defaults to the one chosen in settings. */
    model: z
      .string()
      .min(1)
      .optional()
      .describe('Embedding model: a name or path from the model library; defaults to the one chosen in settings.'),
    /** Pass when the score (0–1) is at least this. */
    threshold: threshold(0.8),
  },
);

/** Another model grades the output. */
export const JudgeScorer = scorer('judge', 'Another model grades the output against a rubric and gives a score from 0 to 1.', {
  /** What a good answer does, in plain words; the judge also sees the prompt and the expected answers. */
  rubric: z.string().min(1).describe('What a good answer does, in plain words; the judge also sees the prompt and the expected answers.'),
  /** Judge model: a name or path from the model library; defaults to the one chosen in settings. */
  model: z
    .string()
    .min(1)
    .optional()
    .describe('Judge model: a name or path from the model library; defaults to the one chosen in settings.'),
  /** Pass when the score (0–1) is at least this. */
  threshold: threshold(0.5),
});

/** A JavaScript expression decides. */
export const JavascriptScorer = scorer(
  'javascript',
  'A JavaScript expression over `output` (text), `expected` (list of texts) and `vars`; true/false passes or fails, a number from 0 to 1 is a score.',
  {
    /** e.g. `output.trim().split(/\s+/).length <= 50`. */
    expression: z.string().min(1).describe('e.g. `output.trim().split(/\\s+/).length <= 50`.'),
    /** Pass when a numeric result (0–1) is at least this. */
    threshold: threshold(0.5),
  },
);

/** A scorer referenced by its `type`, with that scorer’s options. */
export const ScorerSpec = z
  .discriminatedUnion('type', [
    ExactScorer,
    NormalizedExactScorer,
    ContainsScorer,
    NotContainsScorer,
    RefusalScorer,
    BlocklistScorer,
    RegexScorer,
    StartsWithScorer,
    NumericScorer,
    ChoiceScorer,
    JsonValidScorer,
    JsonSchemaScorer,
    LengthScorer,
    TokenF1Scorer,
    BleuScorer,
    ChrfScorer,
    RougeScorer,
    SemanticSimilarityScorer,
    JudgeScorer,
    JavascriptScorer,
  ])
  .describe('A scorer, named by `type`, with its options.');
export type ScorerSpec = z.output<typeof ScorerSpec>;
export type ScorerSpecInput = z.input<typeof ScorerSpec>;
export type ScorerType = ScorerSpec['type'];

/** Every scorer name, in the order of the schema. */
export const SCORER_TYPES: readonly ScorerType[] = ScorerSpec.options.map((o) => o.shape.type.value);
