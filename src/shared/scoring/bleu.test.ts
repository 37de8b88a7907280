import { describe, expect, it } from 'vitest';
import { seededRandom } from '../stats/seededRandom';
import { corpusBleu, sentenceBleu } from './bleu';
import { computeBleu } from './computeBleu';

/** sacrebleu's README example: three hypotheses, two reference sets (given here per hypothesis). */
const HYPS = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
const REFS = [
  ['The dog bit the man.', 'The dog had bit the man.'],
  ['It was not unexpected.', 'No one was surprised.'],
  ['The man bit him first.', 'The man had bitten the dog.'],
];

describe('corpusBleu matches sacrebleu 2.x', () => {
  it('reproduces the README example in full', () => {
    // sacrebleu README: "BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)";
    // test_bleu.py pins 48.530827. By hand: 13a keeps "wasn't" whole, so the hypotheses have 6+4+7 = 17
    // tokens and the closest references 6+5+7 = 18; matches are 14/17, 7/14, 5/11, 3/8.
    const r = corpusBleu(HYPS, REFS);
    expect(r.score).toBeCloseTo(48.530827, 6);
    expect(r.counts).toEqual([14, 7, 5, 3]);
    expect(r.totals).toEqual([17, 14, 11, 8]);
    expect(r.sysLen).toBe(17);
    expect(r.refLen).toBe(18);
    expect(r.bp).toBeCloseTo(Math.exp(1 - 18 / 17), 12);
    expect(r.signature).toBe('nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.x');
  });

  it('gives the tokeniser and n-gram order variants pinned in sacrebleu test_bleu.py', () => {
    expect(corpusBleu(HYPS, REFS, { tokenize: 'none' }).score).toBeCloseTo(49.1919566, 6);
    expect(corpusBleu(HYPS, REFS, { tokenize: 'intl' }).score).toBeCloseTo(43.91623493, 7);
    expect(corpusBleu(HYPS, REFS, { smoothMethod: 'none' }).score).toBeCloseTo(48.530827, 6);
    const byOrder = [1, 2, 3, 4, 5, 6].map((maxNgramOrder) => corpusBleu(HYPS, REFS, { maxNgramOrder }).score.toFixed(2));
    expect(byOrder).toEqual(['77.65', '60.50', '53.93', '48.53', '46.14', '43.28']);
  });

  it('keeps an empty-string reference as one of length 0, as sacrebleu 2.6 does (only null is missing)', () => {
    // sacrebleu 2.6.0: BLEU(effective_order=True).sentence_score('a b', ['', 'a b c d e f g h'])
    // = "BLEU = 100.00 100.0/100.0/0.0/0.0 (BP = 1.000 ratio = 0.000 hyp_len = 2 ref_len = 0) nrefs:2"
    const kept = sentenceBleu('a b', ['', 'a b c d e f g h']);
    expect(kept.score).toBeCloseTo(100, 9);
    expect(kept.refLen).toBe(0);
    expect(kept.signature).toContain('nrefs:2');
    // The same reference missing instead of empty: the long one sets the brevity penalty.
    const missing = sentenceBleu('a b', [null, 'a b c d e f g h']);
    expect(missing.refLen).toBe(8);
    expect(missing.score).toBeLessThan(100);
    // sacrebleu 2.6.0: BLEU().corpus_score(['a b', 'x y z'], [['', 'x y'], ['a b c d e f g h', 'x y z w']])
    // = "BLEU = 0.00 100.0/100.0/100.0/0.0 (BP = 1.000 ratio = 2.500 hyp_len = 5 ref_len = 2) nrefs:2"
    const corpus = corpusBleu(
      ['a b', 'x y z'],
      [
        ['', 'a b c d e f g h'],
        ['x y', 'x y z w'],
      ],
    );
    expect(corpus.refLen).toBe(2);
    expect(corpus.precisions.map((p) => p.toFixed(1))).toEqual(['100.0', '100.0', '100.0', '0.0']);
    expect(corpus.signature).toContain('nrefs:2');
  });

  it('marks a varying number of references as nrefs:var (README: 29.44 with the first reference removed)', () => {
    const refs = REFS.map((r, i) => (i === 0 ? [null, r[1] ?? ''] : r));
    const r = corpusBleu(HYPS, refs);
    // README: "BLEU = 29.44 82.4/42.9/27.3/12.5 (BP = 0.889 ratio = 0.895 hyp_len = 17 ref_len = 19)"
    expect(r.score.toFixed(2)).toBe('29.44');
    expect(r.precisions.map((p) => p.toFixed(1))).toEqual(['82.4', '42.9', '27.3', '12.5']);
    expect(r.refLen).toBe(19);
    expect(r.signature).toContain('nrefs:var');
  });

  it('counts n-grams as sacrebleu test_bleu.py pins them', () => {
    // ("am I am a character sequence" vs "I am a symbol string sequence a a"): counts [4,2,1,0], totals [6,5,4,3].
    const r = corpusBleu(['am I am a character sequence'], [['I am a symbol string sequence a a']], { tokenize: 'none' });
    expect(r.counts).toEqual([4, 2, 1, 0]);
    expect(r.totals).toEqual([6, 5, 4, 3]);
    // Floor smoothing 0.1 with effective order gives 0.1555722182 (test_offset); 0 without smoothing.
    const floor = { tokenize: 'none', smoothMethod: 'floor', effectiveOrder: true } as const;
    expect(corpusBleu(['am I am a character sequence'], [['I am a symbol string sequence a a']], floor).score / 100).toBeCloseTo(
      0.1555722182,
      9,
    );
    expect(corpusBleu(['am I am a character sequence'], [['I am a symbol string sequence a a']], { ...floor, smoothValue: 0 }).score).toBe(
      0,
    );
  });

  it('scores a small case computed by hand', () => {
    // "the cat sat on the mat" vs "the cat is on the mat": matches 5/6, 3/5, 1/4, 0/3; equal lengths, BP = 1.
    // exp smoothing turns the empty 4-gram precision into 100 / (2 · 3). BLEU = (500/6 · 60 · 25 · 100/6)^(1/4).
    const r = corpusBleu(['the cat sat on the mat'], [['the cat is on the mat']]);
    expect(r.counts).toEqual([5, 3, 1, 0]);
    expect(r.totals).toEqual([6, 5, 4, 3]);
    expect(r.precisions[3]).toBeCloseTo(100 / 6, 12);
    expect(r.score).toBeCloseTo(((500 / 6) * 60 * 25 * (100 / 6)) ** 0.25, 10);
    // Without smoothing the zero 4-gram precision makes corpus BLEU 0.
    expect(corpusBleu(['the cat sat on the mat'], [['the cat is on the mat']], { smoothMethod: 'none' }).score).toBe(0);
  });

  it('treats empty hypotheses as 0, and empty references as 0 rather than an error', () => {
    expect(corpusBleu(['', '', ''], REFS).score).toBe(0); // test_bleu.py: empty hypotheses are not removed
    expect(corpusBleu(['a b c'], [['']]).score).toBe(0);
    expect(corpusBleu([''], [['']]).score).toBe(0);
  });

  it('refuses mismatched inputs with a message that says what to pass', () => {
    expect(() => corpusBleu(['a', 'b'], [['a']])).toThrow(/2 hypotheses but references for 1/);
    expect(() => corpusBleu([], [])).toThrow(/at least one hypothesis/);
  });
});

describe('sentenceBleu matches sacrebleu 2.x sentence_bleu', () => {
  // sacrebleu test_sentence_bleu.py (issue #98): Romanian with ţ (U+0163) in the reference and ț (U+021B) in the output.
  const REF = 'produc\u0163ia de zahăr brut se exprimă în zahăr alb;';
  const SYS = 'Produc\u021Bia de zahăr primă va fi exprimată în ceea ce privește zahărul alb;';

  it.each([
    [{}, 8.493],
    [{ smoothMethod: 'none' }, 0],
    [{ smoothMethod: 'floor' }, 4.51688],
    [{ smoothMethod: 'floor', smoothValue: 0.5 }, 10.1],
    [{ smoothMethod: 'add-k' }, 14.882],
    [{ smoothMethod: 'add-k', smoothValue: 2 }, 21.389],
    [{ tokenize: 'none' }, 7.347],
    [{ tokenize: 'intl' }, 8.493],
    [{ tokenize: 'char' }, 40.8759],
    [{ tokenize: 'char', lowercase: true }, 42.0267],
  ] as const)('%o gives %d', (options, expected) => {
    expect(Math.abs(sentenceBleu(SYS, [REF], options).score - expected)).toBeLessThan(1e-3);
  });

  it('derives the default value by hand', () => {
    // 13a: 14 output tokens, 10 reference tokens (BP 1). Matches 5/14 (de, zahăr, în, alb, ;), 2/13 (de zahăr, alb ;),
    // 0/12 and 0/11, smoothed to 100/(2·12) and 100/(4·11).
    const r = sentenceBleu(SYS, REF);
    expect(r.counts).toEqual([5, 2, 0, 0]);
    expect(r.score).toBeCloseTo(((500 / 14) * (200 / 13) * (100 / 24) * (100 / 44)) ** 0.25, 10);
    expect(r.signature).toBe('nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.x');
  });

  it('is 0 when nothing matches, whatever the smoothing (sacrebleu issue #141)', () => {
    for (const smoothMethod of ['exp', 'none', 'floor', 'add-k'] as const) {
      expect(sentenceBleu('this is a cat', ['okay thanks'], { smoothMethod }).score).toBe(0);
    }
  });

  it('uses effective order for short sentences (test_bleu.py: 0.3678794411714425, 1.0, 0.03218297948685433)', () => {
    const raw = { tokenize: 'none', smoothMethod: 'floor', smoothValue: 0.01 } as const;
    expect(sentenceBleu('test', 'a test', raw).score / 100).toBeCloseTo(Math.exp(-1), 12); // BP e^(1-2/1), p1 = 100
    expect(sentenceBleu('a test', 'a test', raw).score).toBeCloseTo(100, 10);
    expect(sentenceBleu('a little test', 'a test', raw).score / 100).toBeCloseTo(0.03218297948685433, 12);
    // By hand: "the cat" vs "the cat sat on the mat" stops at order 2: BP e^(1 − 6/2) · 100.
    expect(sentenceBleu('the cat', 'the cat sat on the mat').score).toBeCloseTo(100 * Math.exp(-2), 10);
  });

  it('needs the zh tokeniser for Chinese: 13a sees one word per sentence', () => {
    // zh splits every character: 5 vs 8 tokens, matches 5/5, 3/4, 2/3, 1/2, BP e^(1 − 8/5).
    const zh = sentenceBleu('我爱北京。', '我爱北京天安门。', { tokenize: 'zh' });
    expect(zh.counts).toEqual([5, 3, 2, 1]);
    expect(zh.score).toBeCloseTo(Math.exp(-0.6) * (100 * 75 * (200 / 3) * 50) ** 0.25, 10);
    expect(sentenceBleu('我爱北京。', '我爱北京天安门。', { tokenize: 'char' }).score).toBeCloseTo(zh.score, 10);
    expect(sentenceBleu('我爱北京。', '我爱北京天安门。').score).toBe(0);
  });

  it('writes smoothing values into the signature as sacrebleu does', () => {
    expect(sentenceBleu('a', 'a', { smoothMethod: 'floor' }).signature).toContain('smooth:floor[0.10]');
    expect(sentenceBleu('a', 'a', { smoothMethod: 'add-k', lowercase: true }).signature).toContain(
      'case:lc|eff:yes|tok:13a|smooth:add-k[1.00]',
    );
  });

  it('stays within 0–100 and gives 100 for identical sentences of four or more tokens', () => {
    const random = seededRandom(7);
    const words = ['the', 'a', 'dog', 'cat', 'runs', 'fast', '.', ','];
    const sentence = (): string => Array.from({ length: 1 + random.nextInt(12) }, () => words[random.nextInt(words.length)]).join(' ');
    for (let i = 0; i < 200; i++) {
      const [a, b] = [sentence(), sentence()];
      const s = sentenceBleu(a, b).score;
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(100 + 1e-9);
    }
    expect(sentenceBleu('The dog bit the man.', 'The dog bit the man.').score).toBeCloseTo(100, 10);
  });
});

describe('computeBleu', () => {
  it('matches sacrebleu test_bleu.py on raw statistics', () => {
    // compute_bleu([9,7,5,3], [10,8,6,4], 11, 11) with no smoothing = 0.8375922397.
    const r = computeBleu(
      { sysLen: 11, refLen: 11, correct: [9, 7, 5, 3], total: [10, 8, 6, 4] },
      { smoothMethod: 'none', effectiveOrder: false, maxNgramOrder: 4 },
    );
    expect(r.score / 100).toBeCloseTo(0.8375922397, 10);
  });

  it('returns exactly 0 for degenerate statistics with floor smoothing (test_degenerate_statistics)', () => {
    const cases: [number[], number[], number, number, number][] = [
      [[0, 0, 0, 0], [4, 4, 2, 1], 0, 1, 0],
      [[0, 0, 0, 0], [10, 11, 12, 0], 14, 10, 0],
      [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0],
      [[6, 5, 4, 0], [6, 5, 4, 3], 6, 6, 0],
      [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.1],
      [[0, 0, 0, 0], [0, 0, 0, 0], 1, 5, 0.01],
    ];
    for (const [correct, total, sysLen, refLen, smoothValue] of cases) {
      expect(
        computeBleu({ sysLen, refLen, correct, total }, { smoothMethod: 'floor', smoothValue, effectiveOrder: false, maxNgramOrder: 4 })
          .score,
      ).toBe(0);
    }
  });
});
