import { afterAll, describe, expect, it } from 'vitest';
import { ScoringSandbox, SANDBOX_LIMITS } from '../src/main/services/scoring/sandbox/ScoringSandbox';
import { scoreOutput } from '../src/main/services/scoring/scoreOutput';
import type { CaseScore } from '../src/shared/runs';
import type { SeededRandom } from '../src/shared/stats/seededRandom';
import { ScorerSpec } from '../src/shared/testset/ScorerSpec';
import { FUZZ_SEED, fuzzCases, fuzzRandom } from './budget';
import { EventLoopWatch, Outcomes, pick, within } from './eventLoopWatch';

/**
 * Hostile `javascript` expressions, regular expressions (`regex`, `blocklist`, `refusal`) and
 * JSON Schemas with backtracking `pattern`s through the scoring path (scoreOutput and the scoring
 * sandbox process, with the product's limits: SANDBOX_LIMITS). Loops, promise loops, allocations,
 * escapes, catastrophic backtracking and syntax garbage must each end as a score or an error on
 * the scorer within CASE_LIMIT_MS; the host's event loop is never blocked past BLOCK_LIMIT_MS, and
 * after every batch a plain scorer still gets its verdict from the sandbox. Two sandboxes take
 * the cases in two lanes, as the machine has two cores.
 */
const CASES = fuzzCases(120);
const LANES = 2;
const BATCH = 10;
const CASE_LIMIT_MS = SANDBOX_LIMITS.timeMs + 4_000;
const BLOCK_LIMIT_MS = 1_000;

const script = process.env.EVALBENCH_SCORER_SANDBOX ?? '';
const sandboxes = Array.from({ length: LANES }, () => new ScoringSandbox(script));
afterAll(() => {
  for (const sandbox of sandboxes) sandbox.stop();
});

const EXPRESSIONS = [
  '(() => { while (true) {} })()',
  '(() => { for (;;) {} })()',
  '(Promise.resolve().then(() => { while (true) {} }), 1)',
  '(Promise.resolve().then(function f() { return Promise.resolve().then(f) }), true)',
  '((async () => { for (;;) { await 0 } })(), 1)',
  '(Promise.reject(1), 1)',
  "import('fs')",
  '(async () => { throw new Error("boom") })()',
  'new Array(1e9).fill(0)',
  "'x'.repeat(2 ** 29).length",
  '(() => { const a = []; for (;;) a.push(new Array(1e6).fill(1)) })()',
  'Array.from({ length: 1e8 }, () => ({})).length',
  "JSON.stringify(new Array(1e7).fill('xxxxxxxx')).length",
  '(function f() { return f() })()',
  '(function f() { try { return f() } catch { return f() } })()',
  "this.constructor.constructor('return process')()",
  "expected.constructor.constructor('return process')().exit(1)",
  "Function('return 1')()",
  "eval('1')",
  'globalThis.require',
  'new Proxy({}, { get() { while (true) {} } })',
  '({ valueOf() { while (true) {} } })',
  'Symbol()',
  '10n',
  'NaN',
  '-Infinity',
  '2',
  "output.replace(/(a+)+$/, '')",
  "/(a+)+$/.test(output + '!')",
  'WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))',
  'new SharedArrayBuffer(1e9)',
  "Object.defineProperty(Object.prototype, 'then', { get() { while (true) {} } }), 1",
  'Error.prepareStackTrace = () => { while (true) {} }, new Error().stack',
  'output.length > 0',
  'vars.n === 3',
];
const GARBAGE = [
  ')',
  '(',
  '}',
  '{',
  '1); (',
  '//',
  '/*',
  '`',
  "'",
  '"',
  '\u2028',
  '=>',
  'while(',
  ';',
  '\\',
  '#',
  '@',
  'yield',
  'await',
  'return',
  '...',
  '?.',
  '\u0000',
];

const PATTERNS = [
  '^(a+)+$',
  '(a|a)*$',
  '(a|aa)+$',
  '^(\\w+\\s?)*$',
  '(.*a){12}',
  '(x+x+)+y',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  '(?<=(a+)+)b',
  '(',
  '[',
  'a{2,1}',
  '\\',
  '(?<n>a)\\k<m>',
  '*',
  'a{99999}',
  '(?:a{1000}){1000}',
  '[\\p{L}--\\p{Ll}]',
  '\\p{Nope}',
  'x'.repeat(100_000),
  '^a+!$',
];

function outputText(random: SeededRandom): string {
  return pick(random, [
    'a'.repeat(30) + '!',
    'a'.repeat(1000) + '!',
    'a'.repeat(100_000),
    '',
    'The answer is 42.',
    '\ud800\u0000',
    'x'.repeat(1_000_000),
    '"' + 'a'.repeat(40) + '!"',
  ]);
}

function expression(random: SeededRandom): string {
  switch (random.nextInt(3)) {
    case 0:
      return Array.from({ length: 1 + random.nextInt(6) }, () => pick(random, GARBAGE)).join(pick(random, ['', ' ', 'a']));
    case 1:
      return `${pick(random, EXPRESSIONS)}${pick(random, ['', ' && ', ', ', ')', '\n//'])}${pick(random, ['', pick(random, EXPRESSIONS)])}`;
    default:
      return pick(random, EXPRESSIONS);
  }
}

/** One hostile scorer, as a test set would write it. */
function scorer(random: SeededRandom): unknown {
  const pattern = (): string => pick(random, PATTERNS);
  switch (random.nextInt(6)) {
    case 0:
    case 1:
      return { type: 'javascript', expression: expression(random) };
    case 2:
      return { type: 'regex', pattern: pattern(), flags: pick(random, ['', 'i', 'm', 's', 'u', 'v', 'y', 'gi', 'x']) };
    case 3:
      return { type: 'blocklist', patterns: [pattern(), pattern()] };
    case 4:
      return { type: 'refusal', phrases: [pattern()] };
    default:
      return {
        type: 'json-schema',
        schema: pick(random, [
          { type: 'string', pattern: pattern() },
          { type: 'object', patternProperties: { [pattern()]: { type: 'string' } } },
          { $ref: '#' },
          { type: 'string', minLength: 2 ** 40 },
          { type: 'string', format: 'regex' },
        ]),
      };
  }
}

async function runCase(random: SeededRandom, sandbox: ScoringSandbox, i: number): Promise<string> {
  const raw = scorer(random);
  const parsed = ScorerSpec.safeParse(raw);
  if (!parsed.success) return 'refused by the test-set schema';
  const output = outputText(random);
  const where = `case ${i} (${JSON.stringify(raw).slice(0, 200)}, seed ${FUZZ_SEED})`;
  const started = performance.now();
  const scores = await within(scoreOutput([parsed.data], { output, expected: ['42'], vars: { n: 3 } }, sandbox), CASE_LIMIT_MS, where);
  const [score] = scores as [CaseScore];
  expect(performance.now() - started, where).toBeLessThan(CASE_LIMIT_MS);
  if (score.error !== null) {
    expect(score.passed, where).toBeNull();
    const kind = /ran for more than|timed out|took more than/.test(score.error)
      ? 'stopped at the time limit'
      : /out of memory/.test(score.error)
        ? 'stopped at the memory limit'
        : 'error on the scorer';
    return `${parsed.data.type}: ${kind}`;
  }
  expect(score.score === null || (score.score >= 0 && score.score <= 1), where).toBe(true);
  return `${parsed.data.type}: ${score.passed === true ? 'passed' : 'failed'}`;
}

async function sandboxAnswers(sandbox: ScoringSandbox): Promise<boolean> {
  const [score] = await within(
    scoreOutput(
      [ScorerSpec.parse({ type: 'javascript', expression: 'output === "ok"' })],
      { output: 'ok', expected: [], vars: {} },
      sandbox,
    ),
    CASE_LIMIT_MS,
    'the health check',
  );
  return score?.passed === true;
}

describe('fuzz: hostile scorer expressions and regular expressions through the scoring sandbox', () => {
  it(`ends ${CASES} seeded hostile scorers as a score or a clean error, the host answering throughout`, async () => {
    const random = fuzzRandom('scorer');
    const outcomes = new Outcomes();
    const watch = new EventLoopWatch();
    const started = performance.now();
    try {
      for (let first = 0; first < CASES; first += BATCH * LANES) {
        const lanes = sandboxes.map(async (sandbox, lane) => {
          for (let i = first + lane; i < Math.min(CASES, first + BATCH * LANES); i += LANES)
            outcomes.add(await runCase(fuzzRandom(`scorer:${i}:${random.nextInt(2 ** 30)}`), sandbox, i));
          expect(
            await sandboxAnswers(sandbox),
            `the sandbox stopped answering after cases up to ${first + BATCH * LANES} (seed ${FUZZ_SEED})`,
          ).toBe(true);
        });
        await Promise.all(lanes);
      }
    } finally {
      watch.stop();
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const starts = sandboxes.reduce((n, s) => n + s.starts, 0);
    console.log(
      `scorer fuzz (seed ${FUZZ_SEED}): ${CASES} cases in ${seconds} s; ${outcomes.toString()}; sandbox processes started: ${starts}; longest event-loop block ${watch.longestBlockMs.toFixed(0)} ms`,
    );
    expect(watch.longestBlockMs, 'the event loop was blocked').toBeLessThan(BLOCK_LIMIT_MS);
  });
});
