import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import reference from '../../shared/scoring/testdata/similarity-reference.json';
import { runCli } from '../testing/runCli';
import { scoreCorpus } from './score';

function input(lines: unknown[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'evalbench-score-')), 'in.jsonl');
  fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  return file;
}

describe('evalbench score', () => {
  it('scores outputs against references at corpus and case level, on each tool’s scale', async () => {
    const file = input([
      { id: 'a', output: 'The dog bit the man.', reference: 'The dog bit the man.' },
      { id: 'b', output: 'It was not unexpected.', reference: ['It was not unexpected.', 'No surprise there.'] },
    ]);
    const { code, out } = await runCli(['score', '--input', file, '--scorers', 'bleu,chrf,rouge1,rouge2,rougeL', '--json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { corpus: Record<string, number>; cases: { id: string; scores: Record<string, number> }[] };
    expect(parsed.corpus.bleu).toBeCloseTo(100);
    expect(parsed.corpus.chrf).toBeCloseTo(100);
    expect(parsed.corpus.rougeL).toBeCloseTo(1);
    expect(parsed.cases.map((c) => c.id)).toEqual(['a', 'b']);
    expect(parsed.cases[0]?.scores.rouge2).toBeCloseTo(1);
  });

  it('names the line of a malformed input and an unknown scorer', async () => {
    const bad = await runCli(['score', '--input', input([{ id: 'a', output: 'x', reference: 'x' }, '{not json']), '--scorers', 'bleu']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/in\.jsonl:2: not valid JSON/);
    const unknown = await runCli(['score', '--input', input([{ output: 'x', reference: 'x' }]), '--scorers', 'meteor']);
    expect(unknown.err).toMatch(/unknown scorer "meteor"/);
    const empty = await runCli(['score', '--input', input(['', '  '])]);
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/in\.jsonl has no cases/);
  });

  it('gives each case the value sacrebleu and rouge-score give it, and the corpus value from the same pass', () => {
    // testdata/make_similarity_reference.py: 80 random cases with punctuation, CJK, empty outputs and references.
    const lines = reference.cases.map((c, i) => ({ id: String(i), output: c.output, references: c.references }));
    const { corpus, cases } = scoreCorpus(lines, ['bleu', 'chrf', 'chrf++', 'rouge1', 'rouge2', 'rougeL']);
    const [bleu, chrf, chrfPlus] = [reference.bleu[0], reference.chrf[0], reference.chrf[1]];
    const rouge = reference.rouge[0]?.sentences ?? [];
    expect(corpus.bleu).toBeCloseTo(bleu?.corpus ?? NaN, 9);
    expect(corpus.chrf).toBeCloseTo(chrf?.corpus ?? NaN, 9);
    expect(corpus['chrf++']).toBeCloseTo(chrfPlus?.corpus ?? NaN, 9);
    expect(corpus.rougeL).toBeCloseTo(rouge.reduce((sum, r) => sum + (r.rougeL[2] ?? 0), 0) / rouge.length, 12);
    cases.forEach((c, i) => {
      expect(c.scores.bleu).toBeCloseTo(bleu?.sentences[i] ?? NaN, 9);
      expect(c.scores.chrf).toBeCloseTo(chrf?.sentences[i] ?? NaN, 9);
      expect(c.scores['chrf++']).toBeCloseTo(chrfPlus?.sentences[i] ?? NaN, 9);
      expect([c.scores.rouge1, c.scores.rouge2, c.scores.rougeL]).toEqual([rouge[i]?.rouge1[2], rouge[i]?.rouge2[2], rouge[i]?.rougeL[2]]);
    });
  });

  it('scores a case with an empty reference list 0 on every scorer', () => {
    const { corpus, cases } = scoreCorpus([{ id: 'a', output: 'some text', references: [] }], ['bleu', 'chrf', 'rouge1', 'rougeL']);
    expect(cases[0]?.scores).toEqual({ bleu: 0, chrf: 0, rouge1: 0, rougeL: 0 });
    expect(corpus).toEqual({ bleu: 0, chrf: 0, rouge1: 0, rougeL: 0 });
  });
});
