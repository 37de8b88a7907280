import { describe, expect, it } from 'vitest';
import { corpusAndSentenceBleu, corpusBleu, sentenceBleu } from './bleu';
import type { BleuTokenizerName } from './bleuTokenizers';
import { corpusAndSentenceChrf, corpusChrf, sentenceChrf } from './chrf';
import { rougeMulti, rougeMultiForCases } from './rouge';
import reference from './testdata/similarity-reference.json';

// 80 random cases (English with odd punctuation, tabs and newlines; Chinese and kana; empty and
// blank outputs; second references, some empty strings, some missing as null) and what sacrebleu 2.6.0 and rouge-score's
// algorithm give for them: see testdata/make_similarity_reference.py.
const hyps = reference.cases.map((c) => c.output);
const refs = reference.cases.map((c) => c.references);
/** ROUGE has no missing references: rouge-score takes only the texts that are there. */
const rougeRefs = refs.map((r) => r.filter((text): text is string => text !== null));

/** Equal to 9 significant digits: Python and JavaScript may differ in the last bit of a log or exp. */
function expectSame(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

describe('BLEU equals sacrebleu on a random corpus, corpus and sentence level', () => {
  it.each(reference.bleu.map((b) => [JSON.stringify(b.options), b] as const))('%s', (_name, expected) => {
    const options = { tokenize: (expected.options.tokenize ?? '13a') as BleuTokenizerName, lowercase: expected.options.lowercase ?? false };
    const corpus = corpusBleu(hyps, refs, options);
    expectSame(corpus.score, expected.corpus);
    expect([corpus.counts, corpus.totals, corpus.sysLen, corpus.refLen]).toEqual([
      expected.counts,
      expected.totals,
      expected.sysLen,
      expected.refLen,
    ]);
    hyps.forEach((hyp, i) => expectSame(sentenceBleu(hyp, refs[i] ?? [], options).score, expected.sentences[i] ?? NaN));
  });
});

describe('chrF and chrF++ equal sacrebleu on a random corpus, corpus and sentence level', () => {
  it.each(reference.chrf.map((c) => [JSON.stringify(c.options), c] as const))('%s', (_name, expected) => {
    const options = { wordOrder: expected.options.word_order ?? 0, lowercase: expected.options.lowercase ?? false };
    expectSame(corpusChrf(hyps, refs, options).score, expected.corpus);
    hyps.forEach((hyp, i) => expectSame(sentenceChrf(hyp, refs[i] ?? [], options).score, expected.sentences[i] ?? NaN));
  });
});

describe('ROUGE equals rouge-score on a random corpus, best reference per case', () => {
  it.each(reference.rouge.map((r) => [JSON.stringify(r.options), r] as const))('%s', (_name, expected) => {
    hyps.forEach((hyp, i) => {
      const actual = rougeMulti(hyp, rougeRefs[i] ?? [], {
        types: ['rouge1', 'rouge2', 'rougeL'],
        useStemmer: expected.options.useStemmer,
      });
      const want = expected.sentences[i];
      for (const type of ['rouge1', 'rouge2', 'rougeL'] as const) {
        const [p, r, f] = want?.[type] ?? [];
        expectSame(actual[type]?.precision ?? NaN, p ?? NaN);
        expectSame(actual[type]?.recall ?? NaN, r ?? NaN);
        expectSame(actual[type]?.fmeasure ?? NaN, f ?? NaN);
      }
    });
  });
});

describe('one pass for corpus and sentences gives the same values', () => {
  it.each(reference.bleu.map((b) => [JSON.stringify(b.options), b] as const))('BLEU %s', (_name, expected) => {
    const options = { tokenize: (expected.options.tokenize ?? '13a') as BleuTokenizerName, lowercase: expected.options.lowercase ?? false };
    const { corpus, sentences } = corpusAndSentenceBleu(hyps, refs, options);
    expectSame(corpus.score, expected.corpus);
    expect(corpus.signature).toBe(corpusBleu(hyps, refs, options).signature);
    sentences.forEach((s, i) => {
      expectSame(s.score, expected.sentences[i] ?? NaN);
      expect(s.signature).toBe(sentenceBleu(hyps[i] ?? '', refs[i] ?? [], options).signature);
    });
  });

  it.each(reference.chrf.map((c) => [JSON.stringify(c.options), c] as const))('chrF %s', (_name, expected) => {
    const options = { wordOrder: expected.options.word_order ?? 0, lowercase: expected.options.lowercase ?? false };
    const { corpus, sentences } = corpusAndSentenceChrf(hyps, refs, options);
    expectSame(corpus.score, expected.corpus);
    expect(corpus.statistics).toEqual(corpusChrf(hyps, refs, options).statistics);
    sentences.forEach((s, i) => expectSame(s.score, expected.sentences[i] ?? NaN));
  });

  it.each(reference.rouge.map((r) => [JSON.stringify(r.options), r] as const))('ROUGE %s', (_name, expected) => {
    const all = rougeMultiForCases(hyps, rougeRefs, { types: ['rouge1', 'rouge2', 'rougeL'], useStemmer: expected.options.useStemmer });
    all.forEach((scores, i) => {
      for (const type of ['rouge1', 'rouge2', 'rougeL'] as const)
        expectSame(scores[type]?.fmeasure ?? NaN, expected.sentences[i]?.[type][2] ?? NaN);
    });
  });
});
