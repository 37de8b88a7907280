/**
 * Text scorers: reference metrics that match the implementations people cite (sacrebleu 2.x BLEU
 * and chrF, Google's rouge-score) and per-case checks that explain what they matched. Pure
 * TypeScript with no runtime dependencies, for the main process and the renderer alike.
 */
export type { Reference } from './reference';
export { corpusAndSentenceBleu, corpusBleu, sentenceBleu, type BleuOptions, type BleuResult } from './bleu';
export { bleuTokenizer, type BleuTokenizerName } from './bleuTokenizers';
export { computeBleu, type BleuScore, type BleuSmoothMethod, type BleuStatistics } from './computeBleu';
export { corpusAndSentenceChrf, corpusChrf, sentenceChrf, type ChrfOptions, type ChrfResult } from './chrf';
export { lcsLength, rouge, rougeMulti, rougeMultiForCases, type RougeOptions, type RougeScore, type RougeType } from './rouge';
export { summaryLevelLcs } from './rougeLsum';
export { rougeScoreTokenize, rougeTokenize, rougeUnicodeTokenize, type RougeTokenizerName } from './rougeTokenizer';
export { porterStem } from './porterStemmer';
export { SACREBLEU_COMPAT_VERSION } from './sacrebleuVersion';
export type { ScoreResult } from './ScoreResult';
export { exactMatch, normalizedExactMatch, type ExactMatchDetails, type ExactMatchOptions } from './exactMatch';
export { normalizeText, type NormalizeOptions } from './normalizeText';
export { containsMatch, notContainsMatch, type ContainsDetails, type ContainsOptions } from './containsMatch';
export { compilePattern, InvalidPatternError, regexMatch, type RegexMatchDetails, type RegexMatchOptions } from './regexMatch';
export { refusalMatch, type RefusalDetails, type RefusalOptions } from './refusalMatch';
export { findRefusal, REFUSAL_PHRASES, type RefusalFound, type RefusalPhrase } from './refusalPhrases';
export { blocklistMatch, type BlocklistDetails, type BlocklistHit, type BlocklistOptions } from './blocklistMatch';
export { startsWithMatch, type StartsWithDetails, type StartsWithOptions } from './startsWithMatch';
export { extractFinalNumber, extractNumbers, type ExtractedNumber } from './extractFinalNumber';
export { numericMatch, type NumericMatchDetails, type NumericMatchOptions } from './numericMatch';
export { extractChoiceLetter, type ChoiceLetters, type ExtractedChoice } from './extractChoiceLetter';
export { choiceMatch, type ChoiceMatchDetails } from './choiceMatch';
export { parseJsonOutput, type JsonOutput, type JsonOutputOptions } from './parseJsonOutput';
export { locateJsonError, type JsonErrorLocation } from './locateJsonError';
export { jsonValidMatch, type JsonValidDetails } from './jsonValidMatch';
export { InvalidSchemaError, validateJsonSchema, type JsonSchemaIssue, type JsonSchemaValidation } from './validateJsonSchema';
export { jsonSchemaMatch, type JsonSchemaMatchDetails } from './jsonSchemaMatch';
export { lengthMatch, type LengthBounds, type LengthDetails } from './lengthMatch';
export { normalizeSquadAnswer, squadF1Match, squadTokenF1, type SquadF1Details } from './squadF1Match';
export { similarityMatch, type SimilarityDetails, type SimilarityMetric, type SimilarityOptions } from './similarityMatch';
