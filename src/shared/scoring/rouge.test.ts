import { describe, expect, it } from 'vitest';
import { seededRandom } from '../stats/seededRandom';
import { lcsLength, rouge, rougeMulti } from './rouge';
import { rougeScoreTokenize, rougeUnicodeTokenize } from './rougeTokenizer';

describe('ROUGE matches rouge-score', () => {
  it('reproduces the rouge_scorer_test.py unit cases', () => {
    // score(target="testing one two", prediction=…) in rouge-score; prediction first here.
    expect(rouge('testing', 'testing one two').rouge1).toEqual({ precision: 1, recall: 1 / 3, fmeasure: 1 / 2 });
    const r2 = rouge('testing one', 'testing one two').rouge2;
    expect(r2?.precision).toBe(1);
    expect(r2?.recall).toBe(1 / 2);
    expect(r2?.fmeasure).toBeCloseTo(2 / 3, 12);
    expect(rouge('testing two', 'testing one two').rougeL?.fmeasure).toBeCloseTo(4 / 5, 12);
    for (const score of Object.values(rouge('', 'testing one two'))) expect(score).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
  });

  // rouge/testdata target.txt and prediction.txt, lines 1 and 2; rouge-score checks its output against
  // ROUGE-1.5.5 on them to 5 decimals. Their -ing/-tion/-er endings exercise the stemmer.
  const TARGETS = [
    "ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM EKBDXkME,yz'RBr q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L",
    "KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m qiing LMmer HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN",
  ];
  const PREDICTIONS = [
    "rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi",
    "n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J XsurkMeo ,ed nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD",
  ];
  const expectScores = (
    actual: { precision: number; recall: number; fmeasure: number } | undefined,
    [p, r, f]: readonly number[],
  ): void => {
    expect(actual?.precision).toBeCloseTo(p ?? NaN, 5);
    expect(actual?.recall).toBeCloseTo(r ?? NaN, 5);
    expect(actual?.fmeasure).toBeCloseTo(f ?? NaN, 5);
  };

  it('agrees with ROUGE-1.5.5 without stemming', () => {
    const [a, b] = [rouge(PREDICTIONS[0] ?? '', TARGETS[0] ?? ''), rouge(PREDICTIONS[1] ?? '', TARGETS[1] ?? '')];
    expectScores(a.rouge1, [0.6875, 0.40741, 0.51163]);
    expectScores(a.rouge2, [0.53333, 0.30769, 0.39024]);
    expectScores(a.rougeL, [0.6875, 0.40741, 0.51163]);
    expectScores(b.rouge1, [0.65385, 0.40476, 0.5]);
    expectScores(b.rouge2, [0.48, 0.29268, 0.36364]);
    expectScores(b.rougeL, [0.65385, 0.40476, 0.5]);
  });

  it('agrees with ROUGE-1.5.5 with stemming (line 2 gains matches)', () => {
    const b = rouge(PREDICTIONS[1] ?? '', TARGETS[1] ?? '', { useStemmer: true });
    expectScores(b.rouge1, [0.69231, 0.42857, 0.52941]);
    expectScores(b.rouge2, [0.48, 0.29268, 0.36364]);
  });

  it('computes ROUGE-L from the longest common subsequence, by hand', () => {
    // Reference 7 tokens, prediction 6; LCS "the cat was under the bed" = 6: P = 1, R = 6/7, F = 12/13.
    const r = rouge('the cat was under the bed', 'The cat was found under the bed.');
    expect(r.rougeL?.precision).toBe(1);
    expect(r.rougeL?.recall).toBeCloseTo(6 / 7, 12);
    expect(r.rougeL?.fmeasure).toBeCloseTo(12 / 13, 12);
    // Bigrams: 4 of the prediction's 5 appear among the reference's 6.
    expect(r.rouge2?.precision).toBeCloseTo(4 / 5, 12);
    expect(r.rouge2?.recall).toBeCloseTo(4 / 6, 12);
    expect(lcsLength(['1', '2', '3', '4', '5'], ['2', '5', '3', '4'])).toBe(3); // rouge_scorer_test testLcsTable
    expect(lcsLength(['2', '5', '3', '4'], ['1', '2', '3', '4', '5'])).toBe(3);
    expect(lcsLength([], ['a'])).toBe(0);
  });

  it('stems only with useStemmer, and only words longer than three characters', () => {
    expect(rouge('runs', 'running').rouge1?.fmeasure).toBe(0);
    expect(rouge('runs', 'running', { useStemmer: true }).rouge1?.fmeasure).toBe(1);
    expect(rougeScoreTokenize('Cats ran quickly', true)).toEqual(['cat', 'ran', 'quickli']);
  });

  it('keeps rouge-score’s ASCII-only tokeniser by default, and offers a Unicode one', () => {
    expect(rougeScoreTokenize('Café crème, 2 ÉTÉS', false)).toEqual(['caf', 'cr', 'me', '2', 't', 's']);
    // Every digit counts; "İ" lowercases to "i" plus a combining dot, so its "i" starts a token of its own.
    expect(rougeScoreTokenize('Room 0123456789-B, İstanbul', false)).toEqual(['room', '0123456789', 'b', 'i', 'stanbul']);
    expect(rouge('北京欢迎你', '北京欢迎你').rouge1?.fmeasure).toBe(0); // no tokens at all
    expect(rougeUnicodeTokenize('北京欢迎你 Café ＡＢＣ', false)).toEqual(['北', '京', '欢', '迎', '你', 'café', 'abc']);
    expect(rouge('北京欢迎你', '北京欢迎您', { tokenizer: 'unicode' }).rouge1?.fmeasure).toBeCloseTo(4 / 5, 12);
  });

  it('computes summary-level ROUGE-L as rouge_scorer_test.py testRougeLsum pins it', () => {
    // Reference "w1 … w5"; prediction sentences share LCSs [w1 w2] and [w1 w3 w5]; their union covers
    // 4 reference tokens: R = 4/5, P = 4/10, F = 0.5333.
    const r = rouge('w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5', 'w1 w2 w3 w4 w5', { types: ['rougeLsum'] }).rougeLsum;
    expect(r?.recall).toBeCloseTo(0.8, 12);
    expect(r?.precision).toBeCloseTo(0.4, 12);
    expect(r?.fmeasure).toBeCloseTo(0.5333, 3);
    expect(rouge('', 'w1 w2', { types: ['rougeLsum'] }).rougeLsum?.fmeasure).toBe(0);
    expect(rouge('/', 'w1 w2 w3 w4 w5', { types: ['rougeLsum'] }).rougeLsum?.fmeasure).toBe(0);
  });

  it('agrees with ROUGE-1.5.5 on summary-level LCS with stemming (testRougeLSumAgainstRouge155WithStemming)', () => {
    // rouge/testdata/pyrouge_files target_multi.0.txt and prediction_multi.0.txt (four lines each).
    const target = [
      TARGETS[0],
      TARGETS[1],
      "NhETebUbBk'er WOvoHMTjSRizKgH'vHiing Xu,hWxfs VkNE QhgKiLHE -HidivzoM.dO anhtion jbLQiSGDTCsuhREebUaKM dv J dVN tmbOT",
      "vMR HDm,xOAetion D,tion HJtodT.mHl UIv-p VjWH'BdyWjnfGU-OjT aEMdFICyLWfQMtion wEMfdOKing AwkeKbO 'DxqNOHBH qKtVvm OYJl mM",
    ].join('\n');
    const prediction = [
      PREDICTIONS[0],
      PREDICTIONS[1],
      'xfs VkJE QhgKiLHE -HidivzoM.dO anhing jbLQiSGDTCsuhREebUaKM dv J',
      "VjWH'BdyWjnfGU-OjTNaEMdFICyLWfQMing wEMfdOKijg AwkeKbO 'DxqNO",
    ].join('\n');
    expectScores(
      rouge(`${prediction}\n`, `${target}\n`, { types: ['rougeLsum'], useStemmer: true }).rougeLsum,
      [0.66667, 0.36538, 0.47205],
    );
  });

  it('takes the best reference for several (score_multi)', () => {
    const r = rougeMulti('the cat sat', ['a dog ran', 'the cat sat down'], { types: ['rouge1'] });
    expect(r.rouge1?.recall).toBeCloseTo(3 / 4, 12);
  });

  it('stays within 0–1, gives 1 for identical text, and ROUGE-N F is symmetric', () => {
    const random = seededRandom(5);
    const words = ['alpha', 'beta', 'gamma', 'delta', 'the'];
    const text = (): string => Array.from({ length: random.nextInt(10) }, () => words[random.nextInt(words.length)]).join(' ');
    for (let i = 0; i < 200; i++) {
      const [a, b] = [text(), text()];
      const ab = rouge(a, b);
      const ba = rouge(b, a);
      for (const type of ['rouge1', 'rouge2', 'rougeL'] as const) {
        expect(ab[type]?.fmeasure).toBeGreaterThanOrEqual(0);
        expect(ab[type]?.fmeasure).toBeLessThanOrEqual(1);
        expect(ab[type]?.fmeasure).toBeCloseTo(ba[type]?.fmeasure ?? NaN, 12);
        expect(ab[type]?.precision).toBeCloseTo(ba[type]?.recall ?? NaN, 12);
      }
    }
    expect(rouge('alpha beta gamma', 'alpha beta gamma').rougeL?.fmeasure).toBe(1);
  });
});
