import { afterAll, describe, expect, it } from 'vitest';
import { ScorerSpec, type ScorerSpecInput } from '../../../../shared/testset/ScorerSpec';
import { scoreOutput } from '../scoreOutput';
import { ScoringSandbox, SANDBOX_LIMITS } from './ScoringSandbox';

const script = process.env.EVALBENCH_SCORER_SANDBOX ?? '';
const sandbox = new ScoringSandbox(script);
afterAll(() => sandbox.stop());

const input = { output: 'The answer is 42.', expected: ['42'], vars: { n: 3 } };
const score = async (spec: ScorerSpecInput, output = input.output) => {
  const [result] = await scoreOutput([ScorerSpec.parse(spec)], { ...input, output }, sandbox);
  if (result === undefined) throw new Error('no score');
  return result;
};
const js = (expression: string) => score({ type: 'javascript', expression });

/** Runs `work` while counting how often a 20 ms timer of this (host) event loop fires meanwhile. */
async function whileTicking<T>(work: () => Promise<T>): Promise<{ value: T; ticks: number; ms: number }> {
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 20);
  const started = performance.now();
  try {
    const value = await work();
    return { value, ticks, ms: performance.now() - started };
  } finally {
    clearInterval(timer);
  }
}

describe('ScoringSandbox', () => {
  it('keeps the JavaScript scorer as it was: values, grades, no way to this process', async () => {
    expect(await js('output.includes(expected[0])')).toMatchObject({ passed: true, score: 1, error: null });
    const graded = await score({ type: 'javascript', expression: 'output.split(/\\s+/).length / 10 * vars.n / 3', threshold: 0.5 });
    expect(graded).toMatchObject({ passed: false, error: null });
    expect(graded.score).toBeCloseTo(0.4);
    expect((await js('require("fs")')).error).toMatch(/require is not defined/);
    expect((await js('process.exit(1)')).error).toMatch(/process is not defined/);
    expect((await js('expected.constructor.constructor("return process")()')).error).toBeTruthy();
    expect((await js('({})')).error).toMatch(/true\/false or a number/);
  });

  it('turns promises, imports, async throws and WebAssembly into errors on the case, and goes on', async () => {
    const before = sandbox.starts;
    for (const expression of [
      '(Promise.reject(1),1)',
      "import('fs')",
      '(async () => { throw new Error("boom") })()',
      'WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))',
    ]) {
      const result = await js(expression);
      expect(result, expression).toMatchObject({ passed: null, score: null });
      expect(result.error, expression).toBeTruthy();
    }
    expect((await js('(Promise.reject(1),1)')).error).toMatch(/left a promise rejected \(1\)/);
    // None of them cost the sandbox its process.
    expect(sandbox.starts).toBe(before);
    expect(await js('1 === 1')).toMatchObject({ passed: true });
  });

  it('stops microtask loops at the time limit, with the host answering meanwhile', async () => {
    for (const expression of [
      '(Promise.resolve().then(() => { while (true) {} }), 1)',
      '(Promise.resolve().then(function f() { return Promise.resolve().then(f) }), true)',
      '(() => { while (true) {} })()',
    ]) {
      const { value, ticks, ms } = await whileTicking(() => js(expression));
      expect(value.error, expression).toMatch(/timed out/);
      expect(ms, expression).toBeLessThan(SANDBOX_LIMITS.timeMs + 2000);
      expect(ticks, expression).toBeGreaterThan(0);
    }
    expect(await js('vars.n === 3')).toMatchObject({ passed: true });
  });

  it('stops an allocation past the memory limit and replaces the process', async () => {
    const before = sandbox.starts;
    for (const expression of [
      'new Array(1e9).fill(0)',
      'Array.from({ length: 2 ** 30 })',
      '(() => { const a = []; for (;;) a.push({ a }); })()',
    ]) {
      const result = await js(expression);
      expect(result.error, expression).toMatch(/out of memory|more than 1 s|timed out/);
    }
    expect(sandbox.starts).toBeGreaterThan(before);
    expect(process.memoryUsage().rss).toBeLessThan(2 * 1024 ** 3);
    expect(await js('output.length')).toMatchObject({ rawScore: 17, error: null });
  });

  it('ends a backtracking regex with a clear timeout error within the limit, the host answering meanwhile', async () => {
    const hostile = `${'a'.repeat(30)}!`;
    const { value, ticks, ms } = await whileTicking(() => score({ type: 'regex', pattern: '^(a+)+$' }, hostile));
    expect(value.error).toMatch(/\/\^\(a\+\)\+\$\/ ran for more than 1 s on this output and was stopped: it backtracks too much/);
    expect(ms).toBeLessThan(SANDBOX_LIMITS.timeMs + 2000);
    // Timers of the host fired all along: the regex ran elsewhere.
    expect(ticks).toBeGreaterThan((ms / 20) * 0.3);
    // The same for a blocklist pattern, a refusal phrase and a JSON Schema pattern.
    expect((await score({ type: 'blocklist', patterns: ['^(a|a)*$'] }, hostile)).error).toMatch(/blocklist pattern ran for more than 1 s/);
    expect((await score({ type: 'refusal', phrases: ['(a+)+$'] }, hostile)).error).toMatch(/refusal phrase ran for more than 1 s/);
    expect((await score({ type: 'json-schema', schema: { type: 'string', pattern: '^(a+)+$' } }, JSON.stringify(hostile))).error).toMatch(
      /schema took more than 1 s/,
    );
    expect(await score({ type: 'regex', pattern: '\\b42\\b' })).toMatchObject({ passed: true, error: null });
  });

  it('scores many cases in order through one warm process', async () => {
    const before = sandbox.starts;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        scoreOutput(
          [ScorerSpec.parse({ type: 'javascript', expression: `output.length === ${i}` })],
          { output: 'x'.repeat(i), expected: [], vars: {} },
          sandbox,
        ),
      ),
    );
    expect(results.every(([r]) => r?.passed === true)).toBe(true);
    expect(sandbox.starts).toBe(before);
  });

  it('says the sandbox is not built rather than running user code on the host', async () => {
    const missing = new ScoringSandbox('/nonexistent/scorerSandbox.js');
    const [result] = await scoreOutput([ScorerSpec.parse({ type: 'javascript', expression: 'true' })], input, missing);
    expect(result?.error).toMatch(/scoring sandbox is not built/);
    // Scorers that run no user code do not need it.
    const [exact] = await scoreOutput([ScorerSpec.parse({ type: 'contains' })], input, missing);
    expect(exact).toMatchObject({ passed: true });
  });
});
