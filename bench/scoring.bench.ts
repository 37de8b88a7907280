// How long `evalbench score` takes to score 10,000 cases with BLEU, chrF and ROUGE, corpus and case
// level, on outputs shaped like real ones (see scoringCorpus.ts). Target: all five under 2 s here.
//   npm run bench -- scoring [--cases 10000] [--repeat 3]
import { parseArgs } from 'node:util';
import { scoreCorpus } from '../src/cli/commands/score';
import { realisticCases } from './scoringCorpus';
import { summarize } from './stats';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' }, repeat: { type: 'string', default: '3' } } });
const lines = realisticCases(Number(values.cases), 7);
const words = lines.reduce((sum, l) => sum + l.output.split(/\s+/).filter((w) => w !== '').length, 0);
console.log(
  `${lines.length} cases, ${(words / lines.length).toFixed(1)} output words on average, ${lines.filter((l) => l.output === '').length} empty outputs`,
);

const runs = [['bleu'], ['chrf'], ['chrf++'], ['rouge1', 'rouge2', 'rougeL'], ['bleu', 'chrf', 'rouge1', 'rouge2', 'rougeL']] as const;
for (const scorers of runs) {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let corpus = '';
  for (let r = 0; r < Number(values.repeat); r++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const result = scoreCorpus(lines, scorers);
    const cpu = process.cpuUsage(cpuStarted);
    times.push(performance.now() - started);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    corpus = Object.values(result.corpus)
      .map((v) => v.toFixed(2))
      .join(', ');
  }
  const [wall, cpu] = [summarize(times).median, summarize(cpuTimes).median];
  // CPU time shows the work itself when other processes share the cores; wall time is what a user waits.
  console.log(
    `${scorers.join('+').padEnd(32)} median ${wall.toFixed(0).padStart(5)} ms wall, ${cpu.toFixed(0).padStart(5)} ms CPU (wall runs ${times.map((t) => t.toFixed(0)).join(', ')}; corpus ${corpus})`,
  );
}
console.log('target: bleu+chrf+rouge1+rouge2+rougeL under 2000 ms');
