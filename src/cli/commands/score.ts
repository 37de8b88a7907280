import fs from 'node:fs';
import { corpusAndSentenceBleu, corpusAndSentenceChrf, rougeMultiForCases, type Reference } from '../../shared/scoring';
import { UsageError, type Command } from '../command';

const SCORERS = ['bleu', 'chrf', 'chrf++', 'rouge1', 'rouge2', 'rougeL'] as const;
type ScorerName = (typeof SCORERS)[number];

interface ScoreInputLine {
  id: string;
  output: string;
  /** `null` is a missing reference in a list (sacrebleu's `None`); `""` is an empty one and counts. */
  references: Reference[];
}

/** Reads `{ "id", "output", "reference" }` lines (reference a string or a list), naming the line of any mistake. */
export function readScoreInput(text: string, file: string): ScoreInputLine[] {
  const lines: ScoreInputLine[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new UsageError(`${file}:${index + 1}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
    }
    const record = value as { id?: unknown; output?: unknown; reference?: unknown };
    const reference = typeof record.reference === 'string' ? [record.reference] : record.reference;
    const isReference = (r: unknown): r is Reference => typeof r === 'string' || r === null;
    if (typeof record.output !== 'string' || !Array.isArray(reference) || !(reference as unknown[]).every(isReference)) {
      throw new UsageError(
        `${file}:${index + 1}: each line needs "output" (text) and "reference" (text, or a list of texts where null marks a missing one).`,
      );
    }
    lines.push({
      id: typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id) : String(index + 1),
      output: record.output,
      references: reference as Reference[],
    });
  });
  return lines;
}

type RougeScorer = Extract<ScorerName, `rouge${string}`>;

/**
 * Corpus and per-case figures: BLEU/chrF as sacrebleu (0–100, corpus from summed statistics), ROUGE F
 * as rouge-score (0–1, corpus = mean). Each case's statistics are computed once per metric and serve
 * both its own score and the corpus one; the ROUGE types share one tokenisation per case.
 */
export function scoreCorpus(lines: readonly ScoreInputLine[], scorers: readonly ScorerName[]) {
  const hyps = lines.map((l) => l.output);
  const refs = lines.map((l) => l.references);
  const corpus: Partial<Record<ScorerName, number>> = {};
  const cases: { id: string; scores: Partial<Record<ScorerName, number>> }[] = lines.map((l) => ({ id: l.id, scores: {} }));
  const record = (scorer: ScorerName, corpusValue: number, values: readonly number[]): void => {
    corpus[scorer] = corpusValue;
    cases.forEach((c, i) => (c.scores[scorer] = values[i] ?? 0));
  };
  const rougeTypes = scorers.filter((s): s is RougeScorer => s.startsWith('rouge'));
  let rougeScores: ReturnType<typeof rougeMultiForCases> | undefined;
  for (const scorer of scorers) {
    if (lines.length === 0) {
      corpus[scorer] = 0;
    } else if (scorer === 'bleu') {
      const { corpus: total, sentences } = corpusAndSentenceBleu(hyps, refs);
      record(
        scorer,
        total.score,
        sentences.map((s) => s.score),
      );
    } else if (scorer === 'chrf' || scorer === 'chrf++') {
      const { corpus: total, sentences } = corpusAndSentenceChrf(hyps, refs, { wordOrder: scorer === 'chrf' ? 0 : 2 });
      record(
        scorer,
        total.score,
        sentences.map((s) => s.score),
      );
    } else {
      // rouge-score has no corpus level: the mean of the best F-measure per case.
      rougeScores ??= rougeMultiForCases(
        hyps,
        refs.map((r) => r.filter((text): text is string => text !== null)),
        { types: rougeTypes },
      );
      const values = rougeScores.map((s) => s[scorer]?.fmeasure ?? 0);
      record(scorer, values.reduce((a, b) => a + b, 0) / values.length, values);
    }
  }
  return { corpus, cases };
}

export const scoreCommand: Command = {
  name: 'score',
  summary: 'Score existing outputs against references, no model needed (BLEU and chrF as sacrebleu, ROUGE as rouge-score).',
  usage: 'evalbench score --input FILE.jsonl --scorers bleu,chrf,rouge1,rouge2,rougeL [--json]',
  options: {
    input: {
      type: 'string',
      valueName: 'FILE',
      description: 'JSONL, one { "id", "output", "reference" } per line; reference may be a list (null marks a missing one).',
    },
    scorers: { type: 'string', valueName: 'LIST', description: `Comma-separated: ${SCORERS.join(', ')}.` },
    json: { type: 'boolean', description: 'Print { corpus: { scorer: value }, cases: [ { id, scores } ] }.' },
  },
  run(values, _positionals, { stdout }) {
    const file = typeof values.input === 'string' ? values.input : undefined;
    if (file === undefined) throw new UsageError('--input FILE.jsonl is required.');
    const requested = (typeof values.scorers === 'string' ? values.scorers : 'bleu,chrf,rougeL')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const unknown = requested.filter((s) => !(SCORERS as readonly string[]).includes(s));
    if (unknown.length > 0) throw new UsageError(`unknown scorer ${unknown.map((u) => `"${u}"`).join(', ')}; use ${SCORERS.join(', ')}.`);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      throw new UsageError(`cannot read ${file}.`);
    }
    const lines = readScoreInput(text, file);
    if (lines.length === 0) throw new UsageError(`${file} has no cases; write one { "output", "reference" } object per line.`);
    const result = scoreCorpus(lines, requested as ScorerName[]);
    if (values.json === true) stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else
      stdout.write(
        `${Object.entries(result.corpus)
          .map(([k, v]) => `${k.padEnd(8)} ${v.toFixed(4)}`)
          .join('\n')}\n(${result.cases.length} cases; BLEU and chrF on 0–100, ROUGE F on 0–1)\n`,
      );
    return Promise.resolve(0);
  },
};
