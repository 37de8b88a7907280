// How long scoring 10,000 cases with BLEU, chrF and ROUGE takes, corpus and sentence level.
// Target: under 2 s here.   npm run bench -- scoring [--cases 10000]
import { parseArgs } from 'node:util';
import { scoreCorpus } from '../src/cli/commands/score';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' } } });
const words = 'the a model river town bread market quantization answer question bridge fish apple morning people sells crossed bells'.split(' ');
let seed = 7;
const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const sentence = (n: number): string => Array.from({ length: n }, () => words[Math.floor(random() * words.length)] ?? 'x').join(' ') + '.';
const lines = Array.from({ length: Number(values.cases) }, (_, i) => ({ id: String(i), output: sentence(20), references: [sentence(20)] }));
for (const scorers of [['bleu'], ['chrf'], ['rouge1', 'rouge2', 'rougeL'], ['bleu', 'chrf', 'rouge1', 'rouge2', 'rougeL']] as const) {
  const started = performance.now();
  const result = scoreCorpus(lines, scorers);
  const ms = performance.now() - started;
  console.log(`${scorers.join('+').padEnd(32)} ${lines.length} cases of ~20 words: ${ms.toFixed(0)} ms (corpus ${Object.values(result.corpus).map((v) => v.toFixed(2)).join(', ')})`);
}
console.log('target: all five under 2000 ms');
