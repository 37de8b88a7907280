import vm from 'node:vm';

/** CPU time an expression's evaluation (its promise jobs included) may take. */
export const SCRIPT_TIME_LIMIT_MS = 200;

/**
 * Globals a scorer expression has no use for and that would let it outlive its evaluation (work
 * that finishes after it returned: WebAssembly compiles, finalizers, Atomics.waitAsync) or
 * allocate memory outside the JavaScript heap's limit (array buffers).
 */
const REMOVED_GLOBALS = [
  'WebAssembly',
  'FinalizationRegistry',
  'WeakRef',
  'Atomics',
  'SharedArrayBuffer',
  'ArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];
const REMOVE = new vm.Script(`for (const name of ${JSON.stringify(REMOVED_GLOBALS)}) delete globalThis[name];`);

/**
 * Evaluates a test set's JavaScript scorer expression in a fresh V8 context with nothing in it
 * but `output`, `expected` and `vars`: no require, no process, no timers, no network, and a time
 * limit that covers its promise jobs too (they run before the evaluation returns, so a loop of
 * them is stopped like any other). The values are handed over as JSON and rebuilt inside, so the
 * expression can reach no object of this process through them (the usual way out of a `vm`
 * context). This is one layer: the scoring sandbox runs it in a process of its own, with a
 * wall-clock and a memory limit.
 */
export function runJavascriptScorer(
  expression: string,
  values: { output: string; expected: readonly string[]; vars: Record<string, unknown> },
): unknown {
  const context = vm.createContext(Object.create(null) as object, {
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: 'afterEvaluate',
  });
  REMOVE.runInContext(context);
  const script = new vm.Script(
    `'use strict'; (() => { const { output, expected, vars } = JSON.parse(${JSON.stringify(JSON.stringify(values))}); return (${expression}\n); })()`,
    { filename: 'scorer.js' },
  );
  const result: unknown = script.runInContext(context, { timeout: SCRIPT_TIME_LIMIT_MS, breakOnSigint: true });
  // Only plain values come back out.
  if (typeof result === 'boolean' || typeof result === 'number') return result;
  if (result === null || result === undefined) return null;
  throw new Error(`the expression must give true/false or a number from 0 to 1, not ${typeof result}`);
}

/**
 * Why a scorer expression does not parse as JavaScript, or null when it does. It is compiled,
 * never run, exactly as {@link runJavascriptScorer} wraps it, so a fragment that would close the
 * wrapper early (`1); (`) is refused too.
 */
export function javascriptSyntaxError(expression: string): string | null {
  try {
    new vm.Script(`'use strict'; (() => { const { output, expected, vars } = {}; return (${expression}\n); })()`, {
      filename: 'scorer.js',
    });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
