// How long scoring takes when a case's scorers run user code: 1,000 cases with a `javascript`
// scorer (and, with --mix, a regex and a json-schema scorer too), as a run scores them: one case at
// a time, each awaited. User code runs in the scoring sandbox (a warm child process with time and
// memory limits), so this measures what the isolation costs per case.
// `--in-process` scores on the host's own thread, as Evalbench did before the sandbox (no limits
// but the expression's 200 ms), for a side-by-side figure from one run.
//   npm run bench -- scoring-sandbox [--cases 1000] [--repeat 3] [--mix] [--in-process]
import { parseArgs } from 'node:util';
import { scoreOutput } from '../src/main/services/scoring/scoreOutput';
import { verdictOf } from '../src/main/services/scoring/scorerVerdict';
import type { ScorerSpec } from '../src/shared/testset/ScorerSpec';
import { summarize } from './stats';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000' },
    repeat: { type: 'string', default: '3' },
    mix: { type: 'boolean', default: false },
    'in-process': { type: 'boolean', default: false },
  },
});
const inProcess = values['in-process'];
const javascript = {
  type: 'javascript',
  expression: 'output.includes(expected[0]) && output.split(/\\s+/).length < 40',
  threshold: 0.5,
  weight: 1,
} as ScorerSpec;
const regex = { type: 'regex', pattern: '\\b(\\d+)\\b', flags: '', negate: false, weight: 1 } as ScorerSpec;
const schema = {
  type: 'json-schema',
  schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
  extract: true,
  weight: 1,
} as ScorerSpec;
const scorers = values.mix ? [javascript, regex, schema] : [javascript];
const cases = Array.from({ length: Number(values.cases) }, (_, i) => ({
  output: `The answer is ${i}. {"n": ${i}}`,
  expected: [String(i)],
  vars: {},
}));

const times: number[] = [];
for (let r = 0; r < Number(values.repeat); r++) {
  const started = performance.now();
  let passed = 0;
  for (const input of cases) {
    const scores = inProcess ? scorers.map((spec) => verdictOf(spec, input)) : await scoreOutput(scorers, input);
    if (scores.every((s) => s.passed)) passed += 1;
  }
  times.push(performance.now() - started);
  if (passed !== cases.length) throw new Error(`expected every case to pass, ${passed} of ${cases.length} did`);
}
const { median } = summarize(times);
console.log(
  `${cases.length} cases × ${scorers.map((s) => s.type).join('+')}${inProcess ? ' in process' : ' in the sandbox'}: median ${median.toFixed(0)} ms (${(median / cases.length).toFixed(3)} ms a case; runs ${times.map((t) => t.toFixed(0)).join(', ')})`,
);
process.exit(0);
