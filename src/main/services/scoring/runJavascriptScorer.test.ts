import { describe, expect, it } from 'vitest';
import { runJavascriptScorer } from './runJavascriptScorer';

const values = { output: 'The answer is 42.', expected: ['42'], vars: { n: 3 } };

describe('runJavascriptScorer', () => {
  it('evaluates an expression over output, expected and vars', () => {
    expect(runJavascriptScorer('output.includes(expected[0])', values)).toBe(true);
    expect(runJavascriptScorer('output.split(/\\s+/).length / 10 * vars.n / 3', values)).toBeCloseTo(0.4);
  });

  it('gives the expression no way to this process: no require, process, or host objects', () => {
    expect(() => runJavascriptScorer('require("fs")', values)).toThrow(/require is not defined/);
    expect(() => runJavascriptScorer('process.exit(1)', values)).toThrow(/process is not defined/);
    expect(() => runJavascriptScorer('expected.constructor.constructor("return process")()', values)).toThrow();
    expect(() => runJavascriptScorer('globalThis.fetch("http://example.com")', values)).toThrow();
  });

  it('stops an expression that runs too long', () => {
    expect(() => runJavascriptScorer('(() => { while (true) {} })()', values)).toThrow(/timed out/);
  });

  it('refuses results that are not true/false or a number', () => {
    expect(() => runJavascriptScorer('({})', values)).toThrow(/true\/false or a number/);
  });
});
