import vm from 'node:vm';

const TIME_LIMIT_MS = 200;

/**
 * Evaluates a test set's JavaScript scorer expression in a fresh V8 context with nothing in it
 * but `output`, `expected` and `vars`: no require, no process, no timers, no network, and a time
 * limit. The values are handed over as JSON and rebuilt inside, so the expression can reach no
 * object of this process through them (the usual way out of a `vm` context).
 */
export function runJavascriptScorer(expression: string, values: { output: string; expected: readonly string[]; vars: Record<string, unknown> }): unknown {
  const context = vm.createContext(Object.create(null) as object, { codeGeneration: { strings: false, wasm: false } });
  const script = new vm.Script(
    `'use strict'; (() => { const { output, expected, vars } = JSON.parse(${JSON.stringify(JSON.stringify(values))}); return (${expression}\n); })()`,
    { filename: 'scorer.js' },
  );
  const result: unknown = script.runInContext(context, { timeout: TIME_LIMIT_MS, breakOnSigint: true });
  // Only plain values come back out.
  if (typeof result === 'boolean' || typeof result === 'number') return result;
  if (result === null || result === undefined) return null;
  throw new Error(`the expression must give true/false or a number from 0 to 1, not ${typeof result}`);
}
